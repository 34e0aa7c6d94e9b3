import { MANAGED_SELECTOR, objectKey, type KubeObject } from '@batteries-included/batteries';
import { waitForEstablished } from '@batteries-included/testenv';
import { createKubeClient, loadKubeConfig } from './client.js';
import { createInformer, type Informer, type InformerEvent } from './informer.js';
import { requestJson } from './json-request.js';
import { eventually } from '@batteries-included/testenv';
import { startTcpProxy } from './testing/tcp-proxy.js';

const config = loadKubeConfig(process.env.BI_TEST_KUBECONFIG);
const client = createKubeClient(config);
const suffix = Math.random().toString(36).slice(2, 8);
const namespace = `kube-informer-${suffix}`;
const group = `informer-${suffix}.test.batteriesincl.com`;
const managed = { 'app.kubernetes.io/managed-by': 'batteries-included' };
const fastBackoff = { initialMs: 50, maxMs: 500 };
const informers: Informer[] = [];

function configMap(
  name: string,
  labels?: Record<string, string>,
  data: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    data,
  };
}

function informerFor(
  path: string,
  apiVersion: string,
  kind: string,
  kubeConfig = config,
  pageSize?: number,
): Informer {
  const informer = createInformer(kubeConfig, {
    path,
    apiVersion,
    kind,
    labelSelector: MANAGED_SELECTOR,
    backoff: fastBackoff,
    ...(pageSize ? { pageSize } : {}),
  });
  informers.push(informer);
  return informer;
}

/** The server's view of the same collection, keyed and stamped as the informer keys and stamps. */
async function serverState(path: string, apiVersion: string, kind: string): Promise<Map<string, KubeObject>> {
  const list = await requestJson<{ items: KubeObject[] }>(config, {
    path,
    query: { labelSelector: MANAGED_SELECTOR },
  });
  const objects = list.items.map((item) => ({ ...item, apiVersion, kind }));
  return new Map(objects.map((object) => [objectKey(object), object]));
}

const widgetCrd = (): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
});

const widget = (name: string): KubeObject => ({
  apiVersion: `${group}/v1`,
  kind: 'Widget',
  metadata: { name, namespace, labels: managed },
  spec: { size: name.length },
});

beforeAll(async () => {
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
});

afterEach(async () => {
  await Promise.all(informers.splice(0).map((informer) => informer.stop()));
});

afterAll(async () => {
  await client.delete({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    name: `widgets.${group}`,
  });
  await client.delete({ group: '', version: 'v1', kind: 'Namespace', name: namespace });
});

describe('an informer on a real API server', () => {
  const path = `/api/v1/namespaces/${namespace}/configmaps`;

  it('sees the add, update and delete of labelled objects and nothing of unlabelled ones', async () => {
    const informer = informerFor(path, 'v1', 'ConfigMap');
    const events: InformerEvent[] = [];
    informer.on((event) => events.push(event));
    informer.start();
    expect(await informer.waitForSync()).toBe(true);

    await client.apply(configMap('unlabelled'));
    await client.apply(configMap('labelled', managed, { a: '1' }));
    await client.apply(configMap('labelled', managed, { a: '2' }));
    await client.delete({ group: '', version: 'v1', kind: 'ConfigMap', namespace, name: 'labelled' });
    await client.apply(configMap('unlabelled', undefined, { touched: 'yes' }));

    const key = `ConfigMap/${namespace}/labelled`;
    await eventually(() => expect(events.map((e) => [e.type, e.key])).toContainEqual(['delete', key]));
    expect(events.map((e) => `${e.type} ${e.key}`)).toEqual([`add ${key}`, `update ${key}`, `delete ${key}`]);
    expect(events[1]!.object.data).toEqual({ a: '2' });
    expect(events[1]!.previous?.data).toEqual({ a: '1' });
    expect(events[0]!.object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(informer.list()).toEqual([]);
  });

  it('lists what exists before it starts, page by page, with apiVersion and kind on every item', async () => {
    await client.apply(configMap('before-start', managed, { x: 'y' }));
    await client.apply(configMap('also-before-start', managed));
    await client.apply(configMap('and-this-one', managed));
    const informer = informerFor(path, 'v1', 'ConfigMap', config, 1);
    informer.start();
    await informer.waitForSync();
    expect(informer.get(`ConfigMap/${namespace}/before-start`)).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { x: 'y' },
    });
    const onServer = await serverState(path, 'v1', 'ConfigMap');
    expect(onServer.size).toBeGreaterThanOrEqual(3);
    expect(new Map(informer.list().map((o) => [objectKey(o), o]))).toEqual(onServer);
  });

  it('reconnects with backoff after its connections are cut, re-watches from its resource version and converges', async () => {
    const proxy = await startTcpProxy(config);
    try {
      await client.apply(configMap('kept', managed, { v: '1' }));
      await client.apply(configMap('doomed', managed));
      const informer = informerFor(path, 'v1', 'ConfigMap', proxy.config);
      informer.start();
      await informer.waitForSync();

      proxy.cut();
      await eventually(() => expect(informer.status().consecutiveFailures).toBeGreaterThan(0));
      await client.apply(configMap('kept', managed, { v: '2' }));
      await client.delete({ group: '', version: 'v1', kind: 'ConfigMap', namespace, name: 'doomed' });
      await client.apply(configMap('born-offline', managed));
      proxy.resume();

      await eventually(async () =>
        expect(new Map(informer.list().map((o) => [objectKey(o), o]))).toEqual(
          await serverState(path, 'v1', 'ConfigMap'),
        ),
      );
      expect(informer.get(`ConfigMap/${namespace}/kept`)?.data).toEqual({ v: '2' });
      // The events it missed were still in the server's watch window: no second list was needed.
      expect(informer.status()).toMatchObject({ lists: 1, consecutiveFailures: 0 });
      expect(informer.status().watches).toBeGreaterThan(1);
    } finally {
      await proxy.close();
    }
  });

  it('re-lists after 410 Gone when its resource version predates the watch window, and converges', async () => {
    const widgets = `/apis/${group}/v1/namespaces/${namespace}/widgets`;
    const crdRef = {
      group: 'apiextensions.k8s.io',
      version: 'v1',
      kind: 'CustomResourceDefinition',
      name: `widgets.${group}`,
    };
    const proxy = await startTcpProxy(config);
    try {
      await client.apply(widgetCrd());
      await waitForEstablished(`widgets.${group}`);
      // Server-side apply learns a new kind's schema a moment after Established (500 until then).
      await eventually(() => client.apply(widget('first')));
      await client.apply(widget('second'));
      const informer = informerFor(widgets, `${group}/v1`, 'Widget', proxy.config);
      const deleted: string[] = [];
      informer.on((event) => event.type === 'delete' && deleted.push(event.object.metadata.name));
      informer.start();
      await informer.waitForSync();
      expect(informer.list()).toHaveLength(2);

      // While the informer is cut off, the kind is deleted and re-created: the new kind's watch window starts
      // after the informer's resource version, so its re-watch is answered 410 Gone.
      proxy.cut();
      await client.delete(crdRef);
      await eventually(async () => expect(await client.get(widgetCrd())).toBeUndefined(), 60_000);
      await client.apply(widgetCrd());
      await waitForEstablished(`widgets.${group}`);
      await eventually(() => client.apply(widget('third')));
      await serverState(widgets, `${group}/v1`, 'Widget');
      proxy.resume();

      await eventually(
        async () =>
          expect(informer.list()).toEqual([
            ...(await serverState(widgets, `${group}/v1`, 'Widget')).values(),
          ]),
        60_000,
      );
      expect(informer.list().map((o) => o.metadata.name)).toEqual(['third']);
      expect(deleted.sort()).toEqual(['first', 'second']);
      expect(informer.status().lists).toBe(2);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('delivers nothing after stop() and reports that it will never sync', async () => {
    const informer = informerFor(path, 'v1', 'ConfigMap');
    const events: InformerEvent[] = [];
    informer.on((event) => events.push(event));
    informer.start();
    await informer.waitForSync();
    const before = events.length;
    await informer.stop();
    await client.apply(configMap('after-stop', managed));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(events).toHaveLength(before);

    const neverStarted = informerFor(path, 'v1', 'ConfigMap');
    await neverStarted.stop();
    expect(await neverStarted.waitForSync()).toBe(false);
  });
});
