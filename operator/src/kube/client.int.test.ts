import { API_GROUP, API_VERSION, type KubeObject } from '@batteries-included/batteries';
import { allBatteryCrds, crdKind, crdName } from '@batteries-included/crds';
import { eventually, kubectl, lockSharedCluster, waitForEstablished } from '@batteries-included/testenv';
import { createKubeClient, loadKubeConfig } from './client.js';
import { KubeApiError } from './errors.js';

const client = createKubeClient(loadKubeConfig(process.env.BI_TEST_KUBECONFIG));
const namespace = `kube-client-${Math.random().toString(36).slice(2, 8)}`;
const FINALIZER = 'batteriesincl.com/test-cleanup';
// A battery few other tests touch; its object is cluster-scoped and named after its type.
const BATTERY_TYPE = 'notebooks';

const configMapRef = (name: string) => ({ group: '', version: 'v1', kind: 'ConfigMap', namespace, name });
const configMap = (name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, ...extra },
  data: { created: 'by the client test' },
});
const battery = (): KubeObject => ({
  apiVersion: `${API_GROUP}/${API_VERSION}`,
  kind: crdKind(BATTERY_TYPE),
  metadata: { name: BATTERY_TYPE },
  spec: {},
});

function kubectlJson(args: string[]): Promise<Record<string, unknown>> {
  return kubectl([...args, '-o', 'json']).then((text) => JSON.parse(text) as Record<string, unknown>);
}

async function refusal(promise: Promise<unknown>): Promise<KubeApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof KubeApiError)) throw new Error(`expected a KubeApiError, got ${String(error)}`);
  return error;
}

// Battery objects (and their CRDs) are cluster-wide: suites in other workers that touch them take turns.
let release: (() => void) | undefined;
beforeAll(async () => {
  release = await lockSharedCluster('battery-objects');
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
});

afterAll(async () => {
  try {
    await client.delete({
      group: API_GROUP,
      version: API_VERSION,
      kind: crdKind(BATTERY_TYPE),
      name: BATTERY_TYPE,
    });
    await client.delete({ group: '', version: 'v1', kind: 'Namespace', name: namespace });
  } finally {
    release?.();
  }
});

describe('the kube client on a real API server', () => {
  it('refuses a delete whose resourceVersion precondition is stale (409) and honours the current one', async () => {
    const first = await client.apply(configMap('guarded'));
    const current = await client.apply({ ...configMap('guarded'), data: { changed: 'yes' } });
    expect(current.metadata.resourceVersion).not.toBe(first.metadata.resourceVersion);

    const stale = await refusal(
      client.delete(configMapRef('guarded'), {
        preconditions: { resourceVersion: first.metadata.resourceVersion as string },
      }),
    );
    expect(stale).toMatchObject({ status: 409, reason: 'Conflict', ref: `ConfigMap/${namespace}/guarded` });
    expect(stale.message).toMatch(/^ConfigMap\/kube-client-\w+\/guarded: Conflict: /);
    expect(await client.get(configMap('guarded'))).toBeDefined();

    const uid = current.metadata.uid as string;
    const resourceVersion = current.metadata.resourceVersion as string;
    expect(await client.delete(configMapRef('guarded'), { preconditions: { uid, resourceVersion } })).toBe(
      true,
    );
    expect(await client.get(configMap('guarded'))).toBeUndefined();
  });

  it('treats deleting what is already gone, or a kind the server does not serve, as done', async () => {
    expect(await client.delete(configMapRef('never-existed'))).toBe(false);
    expect(
      await client.delete({ group: 'nothing.example.com', version: 'v1', kind: 'Nothing', name: 'x' }),
    ).toBe(false);
  });

  it('applies and reads objects as plain JSON, keeping x-kubernetes-* schema keys and CEL rules', async () => {
    const crd = allBatteryCrds().find((c) => c.metadata.name === crdName(BATTERY_TYPE))!;
    const applied = await client.apply(crd as unknown as KubeObject);
    const live = await client.get(crd as unknown as KubeObject);
    for (const object of [applied, live]) {
      const schema = JSON.stringify((object?.spec as { versions: unknown[] }).versions);
      expect(schema).toContain('"x-kubernetes-validations"');
      expect(typeof object?.metadata.creationTimestamp).toBe('string');
    }
  });

  it('writes status through the status subresource only, leaving spec and generation alone', async () => {
    for (const crd of allBatteryCrds().filter((c) => c.metadata.name === crdName(BATTERY_TYPE))) {
      await client.apply(crd as unknown as KubeObject);
    }
    await waitForEstablished(crdName(BATTERY_TYPE));
    // Server-side apply learns a new kind's schema a moment after Established (500 until then).
    const created = await eventually(() => client.apply(battery()));
    const status = {
      observedGeneration: 1,
      message: 'written by the client test',
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'Testing',
          message: 'not yet',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    };
    const patched = await client.patchStatus({ ...created, spec: { smuggled: true } }, status);
    expect(patched.status).toMatchObject(status);

    const live = (await kubectlJson([
      'get',
      crdName(BATTERY_TYPE),
      BATTERY_TYPE,
      '--show-managed-fields',
    ])) as KubeObject;
    expect(live.status).toMatchObject(status);
    expect(live.spec).toEqual(created.spec);
    const metadata = live.metadata;
    expect(metadata.generation).toBe(created.metadata.generation);
    expect(metadata.managedFields).toContainEqual(
      expect.objectContaining({ manager: 'batteries-included', operation: 'Apply', subresource: 'status' }),
    );

    // An apply of the spec leaves the status alone: the two are separate subresources.
    await client.apply(battery());
    expect((await kubectlJson(['get', crdName(BATTERY_TYPE), BATTERY_TYPE])).status).toMatchObject(status);
  }, 60_000);

  it('adds and removes its finalizer next to others, guarded by resourceVersion', async () => {
    const original = await client.apply(configMap('finalized'));
    await kubectl([
      'patch',
      'configmap',
      'finalized',
      '-n',
      namespace,
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":["example.com/keep"]}}',
    ]);
    const withKeep = (await client.get(original))!;

    expect(await refusal(client.addFinalizer(original, FINALIZER))).toMatchObject({
      status: 409,
      reason: 'Conflict',
    });
    expect(await client.addFinalizer(withKeep, FINALIZER)).toBe(true);
    const withBoth = (await client.get(original))!;
    expect(withBoth.metadata.finalizers).toEqual(['example.com/keep', FINALIZER]);
    expect(await client.addFinalizer(withBoth, FINALIZER)).toBe(false);

    // Deleting waits for finalizers; removing ours leaves the other one holding the object.
    await client.delete(configMapRef('finalized'));
    const deleting = (await client.get(original))!;
    expect(deleting.metadata.deletionTimestamp).toBeDefined();
    expect(await client.removeFinalizer(deleting, FINALIZER)).toBe(true);
    const held = (await client.get(original))!;
    expect(held.metadata.finalizers).toEqual(['example.com/keep']);
    expect(await client.removeFinalizer(held, FINALIZER)).toBe(false);

    await kubectl([
      'patch',
      'configmap',
      'finalized',
      '-n',
      namespace,
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":null}}',
    ]);
    expect(await client.get(original)).toBeUndefined();
    expect(await client.removeFinalizer(configMap('finalized'), FINALIZER)).toBe(false);
  });

  it('records Events on the involved object and folds a repeat into its count', async () => {
    const involved = await client.apply(configMap('eventful'));
    const applied = { type: 'Normal', reason: 'Applied', message: 'applied 3 objects' } as const;
    await client.createEvent(involved, applied);
    await client.createEvent(involved, applied);
    await client.createEvent(involved, {
      type: 'Warning',
      reason: 'ApplyFailed',
      message: 'Deployment/x: Invalid',
    });

    const uid = involved.metadata.uid as string;
    const list = await kubectlJson([
      'get',
      'events',
      '-n',
      namespace,
      '--field-selector',
      `involvedObject.uid=${uid}`,
    ]);
    const events = (list.items as Array<Record<string, unknown>>).map((e) => ({
      type: e.type,
      reason: e.reason,
      message: e.message,
      count: e.count,
      involved:
        (e.involvedObject as { kind: string; name: string }).kind +
        '/' +
        (e.involvedObject as { name: string }).name,
      component: (e.source as { component: string }).component,
    }));
    expect(events.sort((a, b) => String(a.reason).localeCompare(String(b.reason)))).toEqual([
      { ...applied, count: 2, involved: 'ConfigMap/eventful', component: 'batteries-included' },
      {
        type: 'Warning',
        reason: 'ApplyFailed',
        message: 'Deployment/x: Invalid',
        count: 1,
        involved: 'ConfigMap/eventful',
        component: 'batteries-included',
      },
    ]);
  });

  it('continues the count of an Event another process created, and puts events about cluster-scoped objects in default', async () => {
    const involved = (await client.get({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    }))!;
    const event = { type: 'Normal', reason: 'Observed', message: `namespace ${namespace} seen` } as const;
    await client.createEvent(involved, event);
    // A second client knows nothing of the first one's count.
    const restarted = createKubeClient(loadKubeConfig(process.env.BI_TEST_KUBECONFIG));
    await restarted.createEvent(involved, event);

    const uid = involved.metadata.uid as string;
    const list = await kubectlJson([
      'get',
      'events',
      '-n',
      'default',
      '--field-selector',
      `involvedObject.uid=${uid}`,
    ]);
    expect((list.items as Array<{ count: number; reason: string }>).map((e) => [e.reason, e.count])).toEqual([
      ['Observed', 2],
    ]);
  });
});
