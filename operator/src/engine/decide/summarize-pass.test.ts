import { generate, objectKey } from '@batteries-included/batteries';
import { testSnapshot } from '@batteries-included/batteries/testing';
import { planChanges } from '../plan/plan-changes.js';
import type { ApplyResult } from '../vocabulary.js';
import type { GenerationResult } from './generation-failures.js';
import { recordedOutcome, summarizePass, UNRECORDED_CREATE, type PassFacts } from './summarize-pass.js';

const generated = generate(testSnapshot({ core: {}, redis: {} }));
const changeSet = planChanges(generated.objects, new Map(), new Map());
const keys = changeSet.changes.map((c) => c.key);
const done = (key: string): ApplyResult => ({ key, action: 'create', outcome: 'done', durationMs: 1.4 });
const allDone = keys.map(done);
const invalidRedis: GenerationResult = {
  type: 'redis',
  status: 'failed',
  reason: 'InvalidSpec',
  message: 'redis: invalid spec: spec.maxmemory: must not be negative (got "-1Gi")',
};
const facts = (overrides: Partial<PassFacts> = {}): PassFacts => ({
  generated: generated.batteries,
  changeSet,
  kept: [],
  applied: allDone,
  inventory: new Map(),
  isSuperseded: false,
  ...overrides,
});
/** The applied results with the first object ending as `result` says. */
const firstIs = (result: Partial<ApplyResult>): ApplyResult[] =>
  allDone.map((r, i) => (i === 0 ? ({ ...r, ...result } as ApplyResult) : r));

describe('summarizePass', () => {
  it('calls a pass that applied everything succeeded and done, with rows and counts', () => {
    const result = summarizePass(facts());
    expect(result.status).toBe('succeeded');
    expect(result.outcome).toEqual({
      kind: 'done',
      objects: [{ action: 'create', outcome: 'done', count: keys.length }],
    });
    expect(result.counts).toMatchObject({ created: keys.length, failed: 0 });
    expect(result.objects[0]).toMatchObject({ ref: keys[0], action: 'create', durationMs: 1 });
    expect(result.isComplete).toBe(true);
  });

  it('never calls a pass succeeded when a battery failed to generate: partial, and terminal for the runner', () => {
    const coreOnly = generated.batteries.filter((b) => b.type === 'core');
    const coreKeys = new Set(
      coreOnly.flatMap((b) => (b.status === 'generated' ? b.objects.map(objectKey) : [])),
    );
    const result = summarizePass(
      facts({
        generated: [...coreOnly, invalidRedis],
        applied: allDone.filter((r) => coreKeys.has(r.key)),
      }),
    );
    expect(result.status).toBe('partial');
    expect(result.outcome).toMatchObject({
      kind: 'terminal',
      reason: 'generation failed: redis (InvalidSpec)',
    });
    expect(result.batteries.find((b) => b.result.type === 'redis')).toMatchObject({ desired: 0, applied: 0 });
  });

  it('calls a pass in which the only battery failed to generate failed', () => {
    const result = summarizePass(facts({ generated: [invalidRedis], applied: [] }));
    expect(result.status).toBe('failed');
    expect(result.outcome.kind).toBe('terminal');
  });

  it('retries an unavailable bundle instead of waiting for a change', () => {
    const unavailable: GenerationResult = { ...invalidRedis, reason: 'BundleUnavailable', message: 'x' };
    const result = summarizePass(facts({ generated: [...generated.batteries, unavailable] }));
    expect(result.outcome).toMatchObject({ kind: 'retry', reason: 'bundles unavailable for redis' });
  });

  it('waits for a change after an object the API server refused as invalid, but retries other failures', () => {
    const refused = summarizePass(facts({ applied: firstIs({ outcome: 'failed', reason: 'invalid' }) }));
    expect(refused.status).toBe('partial');
    expect(refused.outcome).toMatchObject({ kind: 'terminal', reason: '1 object(s) refused as invalid' });
    expect(refused.counts.failed).toBe(1);
    expect(refused.objects[0]!.action).toBe('failed');

    const transient = summarizePass(facts({ applied: firstIs({ outcome: 'failed', reason: 'error' }) }));
    expect(transient.outcome).toMatchObject({ kind: 'retry', reason: '1 object(s) failed' });
  });

  it('retries objects waiting for their CRD by their typed reason, leaving them out of the record', () => {
    const result = summarizePass(
      facts({ applied: firstIs({ outcome: 'skipped', reason: 'waiting-for-crd', message: 'm' }) }),
    );
    expect(result.status).toBe('succeeded');
    expect(result.outcome).toMatchObject({ kind: 'retry', reason: '1 object(s) wait for their CRD' });
    expect(result.objects.map((o) => o.ref)).not.toContain(keys[0]);
    expect(result.isComplete).toBe(false);
  });

  it('calls a pass that failed every object failed, and one stopped midway superseded', () => {
    const failed = keys.map((key): ApplyResult => ({ ...done(key), outcome: 'failed', reason: 'error' }));
    expect(summarizePass(facts({ applied: failed })).status).toBe('failed');
    expect(summarizePass(facts({ isSuperseded: true })).status).toBe('superseded');
  });

  it('records an object found with our hash but in no recorded pass as created late', () => {
    const unchanged = keys.map((key): ApplyResult => ({ ...done(key), outcome: 'unchanged' }));
    const result = summarizePass(facts({ applied: unchanged }));
    expect(result.objects[0]).toMatchObject({ action: 'create', message: UNRECORDED_CREATE });
    expect(summarizePass(facts({ applied: unchanged, inventory: undefined })).objects[0]!.action).toBe(
      'unchanged',
    );
  });

  it('keeps the kept objects in the manifest by their live hash', () => {
    const kept = [{ ...changeSet.changes[0]!, action: 'prune' as const, liveHash: 'h'.repeat(64) }];
    expect(summarizePass(facts({ kept })).kept).toEqual([[keys[0], 'h'.repeat(64)]]);
  });
});

describe('recordedOutcome', () => {
  const done = { kind: 'done' as const };
  it('adds the recorded pass id', () => {
    expect(recordedOutcome(done, { id: 7 }, 0)).toEqual({ kind: 'done', passId: 7 });
  });

  it('retries when the store could not take the record, whatever the pass itself said', () => {
    expect(recordedOutcome(done, undefined, 3)).toEqual({
      kind: 'retry',
      reason: 'the store is unavailable; 3 pass(es) await recording',
    });
    expect(recordedOutcome({ kind: 'terminal', reason: 'x' }, undefined, 1).kind).toBe('retry');
    expect(recordedOutcome({ kind: 'retry', reason: '2 object(s) failed' }, undefined, 1)).toEqual({
      kind: 'retry',
      reason: '2 object(s) failed',
    });
  });
});
