import type { KubeObject } from '@batteries-included/batteries';
import { DEPENDENTS_FINALIZER, planDeletions } from './deletion-hold.js';

const battery = (name: string, { deleting = false, held = true } = {}): KubeObject => ({
  apiVersion: 'batteries.batteriesincl.com/v1alpha1',
  kind: 'X',
  metadata: {
    name,
    ...(held ? { finalizers: [DEPENDENTS_FINALIZER] } : {}),
    ...(deleting ? { deletionTimestamp: '2026-11-23T10:00:00Z' } : {}),
  },
});
const names = (objects: KubeObject[]) => objects.map((o) => o.metadata.name);

describe('planDeletions', () => {
  it('gives every battery the finalizer once', () => {
    const plan = planDeletions([battery('core', { held: false }), battery('redis')]);
    expect(names(plan.addFinalizer)).toEqual(['core']);
  });

  it('holds a battery others depend on, naming them', () => {
    const plan = planDeletions([
      battery('core'),
      battery('victoria-metrics', { deleting: true }),
      battery('kube-monitoring'),
      battery('grafana'),
    ]);
    expect(plan.held.map((h) => [h.battery.metadata.name, h.dependents])).toEqual([
      ['victoria-metrics', ['kube-monitoring']],
    ]);
    expect(plan.release).toEqual([]);
  });

  it('releases a battery when its dependents are being deleted too', () => {
    const plan = planDeletions([
      battery('core'),
      battery('victoria-metrics', { deleting: true }),
      battery('kube-monitoring', { deleting: true }),
    ]);
    expect(names(plan.release).sort()).toEqual(['kube-monitoring', 'victoria-metrics']);
    expect(plan.held).toEqual([]);
  });
});
