import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { startTestCluster, type TestCluster } from '@batteries-included/testenv';
import { loadKubeConfig } from './kube/client.js';
import { startOperator, type RunningOperator } from './operator.js';
import { createStore, type Store } from './store/store.js';
import { createPgliteSql } from '@batteries-included/sql';

const run = promisify(execFile);
const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * The operator end to end on its own real control plane (so other suites' objects cannot interfere), with an
 * in-memory PGlite store: examples/platform.yaml becomes Ready; edits write only what changed; out-of-band
 * deletes and edits are repaired; uninstalling prunes but keeps volumes.
 */
describe('the operator on a real cluster', () => {
  let cluster: TestCluster;
  let store: Store;
  let operator: RunningOperator;
  let dataDir: string;
  let lastStates: string[] = [];
  const kubectl = async (args: string[], input?: string) => {
    const child = run(cluster.binaries.kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args], {
      maxBuffer: 32 << 20,
    });
    if (input !== undefined) child.child.stdin!.end(input);
    return (await child).stdout;
  };
  const getJson = async (args: string[]) => JSON.parse(await kubectl([...args, '-o', 'json']));
  const until = async <T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 90_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; last seen: ${lastStates.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const readyBatteries = async () => {
    const list = await getJson(['get', 'batteries']);
    return list.items.map(
      (b: {
        metadata: { name: string };
        status?: { conditions?: Array<{ type: string; status: string }> };
      }) => [b.metadata.name, b.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown'],
    );
  };

  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 2 });
    await kubectl(['apply', '--server-side', '-f', repo('crds/all.yaml')]);
    await kubectl([
      'wait',
      '--for=condition=Established',
      'crd',
      '-l',
      'app.kubernetes.io/part-of=batteries-included',
      '--timeout=60s',
    ]);
    dataDir = mkdtempSync(join(tmpdir(), 'operator-test-'));
    store = await createStore(await createPgliteSql());
    operator = await startOperator({
      config: loadKubeConfig(cluster.kubeconfigPath),
      store,
      logger: pino({ level: 'silent' }),
      withoutLeaderElection: true,
      debounceMs: 100,
    });
  }, 120_000);

  afterAll(async () => {
    await operator?.stop();
    await store?.close();
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('installs examples/platform.yaml: objects appear and every battery becomes Ready', async () => {
    await kubectl(['apply', '--server-side', '-f', repo('examples/platform.yaml')]);
    const states = await until('every battery Ready', async () => {
      lastStates = await getJson(['get', 'batteries']).then((l) =>
        l.items.map(
          (b: { metadata: { name: string }; status?: { message?: string } }) =>
            `${b.metadata.name}: ${b.status?.message ?? 'no status'}`,
        ),
      );
      const s = await readyBatteries();
      return s.length === 6 && s.every(([, ready]: string[]) => ready === 'True') ? s : undefined;
    });
    expect(states.map(([name]: string[]) => name).sort()).toEqual([
      'core',
      'grafana',
      'kube-monitoring',
      'loki',
      'redis',
      'victoria-metrics',
    ]);
    const redis = await getJson(['get', 'redisbattery', 'redis']);
    expect(redis.status.resources.desired).toBeGreaterThan(0);
    expect(redis.status.resources.failed).toBe(0);
  }, 150_000);

  it('writes only the changed objects when one battery is edited', async () => {
    const before = await getJson([
      'get',
      'all,configmaps,secrets,serviceaccounts',
      '-A',
      '-l',
      'app.kubernetes.io/managed-by=batteries-included',
    ]);
    const versions = new Map<string, string>(
      before.items.map(
        (o: { kind: string; metadata: { namespace?: string; name: string; resourceVersion: string } }) => [
          `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`,
          o.metadata.resourceVersion,
        ],
      ),
    );
    await kubectl([
      'patch',
      'lokibattery',
      'loki',
      '--type=merge',
      '-p',
      '{"spec":{"retentionPeriod":"30d"}}',
    ]);
    await operator.nextPass();
    const after = await getJson([
      'get',
      'all,configmaps,secrets,serviceaccounts',
      '-A',
      '-l',
      'app.kubernetes.io/managed-by=batteries-included',
    ]);
    const changed = after.items
      .filter(
        (o: { kind: string; metadata: { namespace?: string; name: string; resourceVersion: string } }) =>
          versions.get(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`) !== o.metadata.resourceVersion,
      )
      .map(
        (o: { kind: string; metadata: { labels: Record<string, string> } }) =>
          o.metadata.labels['batteriesincl.com/battery'],
      );
    expect(new Set(changed)).toEqual(new Set(['loki']));
  }, 120_000);

  it('recreates a managed object deleted out of band', async () => {
    await kubectl(['-n', 'battery-core', 'delete', 'configmap', 'vmsingle-scrape']);
    await until(
      'the ConfigMap back',
      async () => (await getJson(['-n', 'battery-core', 'get', 'configmap', 'vmsingle-scrape'])).metadata.uid,
    );
  }, 60_000);

  it('reverts a kubectl edit of a field it owns, leaving the hash annotation alone', async () => {
    await kubectl(['-n', 'battery-core', 'scale', 'deployment', 'grafana', '--replicas=3']);
    await until(
      'replicas back to 1',
      async () => (await getJson(['-n', 'battery-core', 'get', 'deployment', 'grafana'])).spec.replicas === 1,
    );
  }, 60_000);

  it('prunes a deleted battery and leaves the volumes its StatefulSet claimed in place', async () => {
    await kubectl(['delete', 'redisbattery', 'redis']);
    await until('redis objects gone', async () => {
      const list = await getJson([
        'get',
        'statefulsets,services,configmaps,secrets',
        '-A',
        '-l',
        'batteriesincl.com/battery=redis',
      ]);
      return list.items.length === 0;
    });
    const claims = await getJson(['-n', 'battery-data', 'get', 'pvc']);
    expect(claims.items.length).toBeGreaterThan(0); // made by the StatefulSet, never deleted by us
  }, 90_000);

  it('keeps a volume claim it generated when its battery is uninstalled, labelled orphaned', async () => {
    await kubectl(['apply', '--server-side', '-f', repo('examples/ollama.yaml')]);
    const claim = await until('the models claim', async () =>
      getJson(['-n', 'battery-ai', 'get', 'pvc', 'ollama-models']),
    );
    expect(claim.metadata.labels['app.kubernetes.io/managed-by']).toBe('batteries-included');
    await kubectl(['delete', 'ollamabattery', 'ollama']);
    await until(
      'the Deployment pruned',
      async () =>
        (await getJson(['get', 'deployments', '-A', '-l', 'batteriesincl.com/battery=ollama'])).items
          .length === 0,
    );
    const kept = await until('the claim labelled orphaned', async () => {
      const c = await getJson(['-n', 'battery-ai', 'get', 'pvc', 'ollama-models']);
      return c.metadata.labels['batteriesincl.com/orphaned'] === 'true' ? c : undefined;
    });
    expect(kept.metadata.uid).toBe(claim.metadata.uid);
  }, 90_000);

  it('holds the deletion of a battery others depend on, naming them, and lets it go with them', async () => {
    await kubectl(['delete', 'victoriametricsbattery', 'victoria-metrics', '--wait=false']);
    const held = await until('the deletion held', async () => {
      const b = await getJson(['get', 'victoriametricsbattery', 'victoria-metrics']);
      return b.metadata.deletionTimestamp && b.status?.message?.startsWith('deletion held') ? b : undefined;
    });
    expect(held.status.message).toContain('kube-monitoring depends on it');
    expect(
      (await getJson(['-n', 'battery-core', 'get', 'statefulset', 'vmsingle'])).metadata.uid,
    ).toBeTruthy();
    await kubectl(['delete', 'kubemonitoringbattery', 'kube-monitoring', '--wait=false']);
    await until('both gone', async () => {
      const list = await getJson(['get', 'victoriametricsbatteries,kubemonitoringbatteries']);
      return list.items.length === 0;
    });
    await until(
      'vmsingle pruned',
      async () =>
        (await getJson(['get', 'statefulsets', '-A', '-l', 'batteriesincl.com/battery=victoria-metrics']))
          .items.length === 0,
    );
  }, 90_000);

  it('reports a missing dependency by name and generates nothing for it', async () => {
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'batteries.batteriesincl.com/v1alpha1',
        kind: 'KubeMonitoringBattery',
        metadata: { name: 'kube-monitoring' },
      }),
    );
    const condition = await until('DependenciesMet=False', async () => {
      const b = await getJson(['get', 'kubemonitoringbattery', 'kube-monitoring']);
      return b.status?.conditions?.find(
        (c: { type: string; status: string }) => c.type === 'DependenciesMet' && c.status === 'False',
      );
    });
    expect(condition.message).toContain('victoria-metrics');
    const objects = await getJson([
      'get',
      'deployments,daemonsets',
      '-A',
      '-l',
      'batteriesincl.com/battery=kube-monitoring',
    ]);
    expect(objects.items).toEqual([]);
  }, 90_000);
});
