import type { KubeObject, ManagedFieldsEntry } from '@batteries-included/batteries';
import { specChangeInfo } from './spec-change-info.js';

const battery = (managedFields: ManagedFieldsEntry[], generation = 3): KubeObject => ({
  apiVersion: 'batteries.batteriesincl.com/v1alpha1',
  kind: 'RedisBattery',
  metadata: { name: 'redis', generation, managedFields },
});
const entry = (manager: string, time: string | undefined, fields: Record<string, unknown>, extra = {}) => ({
  manager,
  operation: 'Update',
  apiVersion: 'batteries.batteriesincl.com/v1alpha1',
  ...(time ? { time } : {}),
  fieldsType: 'FieldsV1',
  fieldsV1: fields,
  ...extra,
});

describe('specChangeInfo', () => {
  it('names the manager and time of the newest entry owning spec fields', () => {
    const info = specChangeInfo(
      battery([
        entry(
          'kubectl',
          '2026-11-23T10:00:00Z',
          { 'f:spec': { 'f:maxmemoryPolicy': {} } },
          { operation: 'Apply' },
        ),
        entry('kubectl-patch', '2026-11-23T10:05:00Z', { 'f:spec': { 'f:maxmemory': {} } }),
      ]),
    );
    expect(info).toEqual({
      generation: 3,
      fieldManager: 'kubectl-patch',
      changedAt: new Date('2026-11-23T10:05:00Z'),
    });
  });

  it('ignores status writes and entries owning only metadata, however recent', () => {
    const info = specChangeInfo(
      battery([
        entry('kubectl', '2026-11-23T10:00:00Z', { 'f:spec': {} }, { operation: 'Apply' }),
        entry('batteries-included', '2026-11-23T11:00:00Z', { 'f:status': {} }, { subresource: 'status' }),
        entry('batteries-included', '2026-11-23T11:00:01Z', { 'f:metadata': { 'f:finalizers': {} } }),
      ]),
    );
    expect(info.fieldManager).toBe('kubectl');
    expect(info.changedAt).toEqual(new Date('2026-11-23T10:00:00Z'));
  });

  it('prefers an entry with a time, and the later entry on a tie', () => {
    expect(
      specChangeInfo(
        battery([
          entry('a', '2026-11-23T10:00:00Z', { 'f:spec': {} }),
          entry('b', undefined, { 'f:spec': {} }),
          entry('c', '2026-11-23T10:00:00Z', { 'f:spec': {} }),
        ]),
      ).fieldManager,
    ).toBe('c');
    const untimed = specChangeInfo(battery([entry('d', undefined, { 'f:spec': {} })]));
    expect(untimed).toEqual({ generation: 3, fieldManager: 'd' });
  });

  it('answers the generation alone when no entry owns the spec', () => {
    expect(specChangeInfo(battery([]))).toEqual({ generation: 3 });
  });
});
