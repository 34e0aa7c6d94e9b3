import type { InstanceResult, KubeObject } from '@batteries-included/batteries';
import { instanceStatus } from './instance-status.js';
import type { InstancePassResult } from './summarize-pass.js';

const DEPLOYMENT: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'team-a' },
  spec: { replicas: 3 },
};

function passResult(objects: KubeObject[]): InstancePassResult {
  const result: InstanceResult = {
    type: 'TraditionalService/team-a/web',
    instance: {
      kind: 'TraditionalService',
      namespace: 'team-a',
      name: 'web',
      battery: 'traditional-services',
    },
    status: 'generated',
    objects,
    connection: { url: 'http://web.team-a.webapp.127-0-0-1.sslip.io' },
    problems: [],
  };
  return {
    result,
    instance: result,
    desired: objects.length,
    applied: objects.length,
    failed: 0,
    notApplied: 0,
    kept: 0,
  };
}

describe('instanceStatus', () => {
  it("shows the workload's desired and ready pods from the live cache, beside the connection", () => {
    const live = new Map([
      [
        'Deployment.apps/team-a/web',
        { ...DEPLOYMENT, status: { readyReplicas: 2, replicas: 3, updatedReplicas: 3 } } as KubeObject,
      ],
    ]);
    const status = instanceStatus({ instance: passResult([DEPLOYMENT]), live, now: '2026-12-07T00:00:00Z' });
    expect(status.instances).toEqual({ desired: 3, ready: 2 });
    expect(status.connection).toEqual({ url: 'http://web.team-a.webapp.127-0-0-1.sslip.io' });
    expect(status.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False' });
  });

  it('shows none for an instance without a Deployment or StatefulSet, and 0 ready before it exists', () => {
    const none = instanceStatus({ instance: passResult([]), live: new Map(), now: '2026-12-07T00:00:00Z' });
    expect(none.instances).toBeUndefined();
    const before = instanceStatus({
      instance: passResult([DEPLOYMENT]),
      live: new Map(),
      now: '2026-12-07T00:00:00Z',
    });
    expect(before.instances).toEqual({ desired: 3, ready: 0 });
  });
});
