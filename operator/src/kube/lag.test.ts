import type { KubeObject } from '@batteries-included/batteries';
import { watchEventLag } from './lag.js';

const at = Date.parse('2026-11-23T20:00:10Z');
const object = (metadata: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', ...metadata },
});

describe('watchEventLag', () => {
  it('measures an addition from the creation time', () => {
    expect(watchEventLag('ADDED', object({ creationTimestamp: '2026-11-23T20:00:08Z' }), at)).toBe(2000);
  });

  it('measures an update from the newest managed-fields time', () => {
    const managedFields = [{ time: '2026-11-23T20:00:01Z' }, { time: '2026-11-23T20:00:09Z' }, {}];
    expect(
      watchEventLag('MODIFIED', object({ creationTimestamp: '2026-11-23T19:00:00Z', managedFields }), at),
    ).toBe(1000);
  });

  it('measures a deletion from the deletion time, and has nothing to say without one', () => {
    expect(watchEventLag('DELETED', object({ deletionTimestamp: '2026-11-23T20:00:10Z' }), at)).toBe(0);
    expect(
      watchEventLag('DELETED', object({ creationTimestamp: '2026-11-23T20:00:00Z' }), at),
    ).toBeUndefined();
  });

  it('never reports a negative lag when the server clock is ahead', () => {
    expect(watchEventLag('ADDED', object({ creationTimestamp: '2026-11-23T20:00:30Z' }), at)).toBe(0);
  });
});
