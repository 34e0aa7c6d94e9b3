import type { KubeObject } from '@batteries-included/batteries';
import { selectPrimary } from './postgres-primary.js';

const pod = (
  name: string,
  labels: Record<string, string>,
  state: { phase?: string; ready?: boolean; deleting?: boolean } = {},
): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'orders',
      labels: { 'cnpg.io/cluster': 'pg-orders', ...labels },
      ...(state.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    status: {
      phase: state.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: (state.ready ?? true) ? 'True' : 'False' }],
    },
  }) as KubeObject;
const orders = { namespace: 'orders', name: 'orders' };

describe('the primary of a Postgres cluster', () => {
  it('is the ready pod labelled primary by cnpg.io/instanceRole, or by the older role label', () => {
    const replica = pod('pg-orders-1', { 'cnpg.io/instanceRole': 'replica' });
    expect(selectPrimary(orders, [replica, pod('pg-orders-2', { 'cnpg.io/instanceRole': 'primary' })])).toBe(
      'pg-orders-2',
    );
    expect(selectPrimary(orders, [pod('pg-orders-3', { role: 'primary' }), replica])).toBe('pg-orders-3');
  });

  it('passes over a primary that is not ready or is being deleted', () => {
    expect(
      selectPrimary(orders, [
        pod('pg-orders-1', { 'cnpg.io/instanceRole': 'primary' }, { deleting: true }),
        pod('pg-orders-2', { 'cnpg.io/instanceRole': 'primary' }),
      ]),
    ).toBe('pg-orders-2');
    expect(() =>
      selectPrimary(orders, [
        pod('pg-orders-1', { 'cnpg.io/instanceRole': 'primary' }, { phase: 'Pending', ready: false }),
        pod('pg-orders-2', { 'cnpg.io/instanceRole': 'replica' }),
      ]),
    ).toThrow(
      'Postgres cluster orders/orders has no ready primary; its pods: pg-orders-1 (primary, Pending), pg-orders-2 (replica, ready)',
    );
  });

  it('fails naming the cluster and the label it looked for when there are no pods or no primary', () => {
    expect(() => selectPrimary(orders, [])).toThrow(
      'Postgres cluster orders/orders has no ready primary: no pods labelled cnpg.io/cluster=pg-orders',
    );
    expect(() => selectPrimary(orders, [pod('pg-orders-1', {})])).toThrow(
      'Postgres cluster orders/orders has no ready primary (none labelled cnpg.io/instanceRole=primary); its pods: pg-orders-1 (no role, ready)',
    );
  });
});
