import { objectKey, type KubeObject } from '@batteries-included/batteries';
import { createDriftMemo } from './drift-memo.js';
import { findDrift } from './drift.js';
import { planChanges } from './plan-changes.js';

const configMap = (value: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'app', namespace: 'default', annotations: { 'batteriesincl.com/hash': 'h1' } },
  data: { key: value },
});

describe('createDriftMemo', () => {
  it('answers like findDrift, and from memory for the same live object and desired hash', () => {
    const memo = createDriftMemo();
    const live = Object.freeze(configMap('edited'));
    const desired = configMap('ours');
    expect(memo.driftOf(desired, 'h1', live)).toEqual(findDrift(desired, live));
    expect(memo.driftOf(desired, 'h1', live)).toEqual(['data.key']);
    // Same live object, same hash: the remembered answer (the hash stands for the desired content).
    expect(memo.driftOf(configMap('edited'), 'h1', live)).toEqual(['data.key']);
  });

  it('compares again when the live object is replaced or the desired hash changes', () => {
    const memo = createDriftMemo();
    const desired = configMap('ours');
    expect(memo.driftOf(desired, 'h1', configMap('edited'))).toEqual(['data.key']);
    expect(memo.driftOf(desired, 'h1', configMap('ours'))).toEqual([]);
    const live = configMap('ours');
    expect(memo.driftOf(desired, 'h1', live)).toEqual([]);
    expect(memo.driftOf(configMap('other'), 'h2', live)).toEqual(['data.key']);
  });

  it('leaves plans as they are without it', () => {
    const desired = [configMap('ours')];
    const edited = Object.freeze(configMap('edited'));
    const live = new Map([[objectKey(edited), edited]]);
    const memo = createDriftMemo();
    const plain = planChanges(desired, live, new Map());
    expect(planChanges(desired, live, new Map(), { driftMemo: memo })).toEqual(plain);
    expect(planChanges(desired, live, new Map(), { driftMemo: memo })).toEqual(plain);
    expect(plain.changes.map((c) => c.action)).toEqual(['drifted']);
  });
});
