import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { CATALOG, canonicalJson, objectKey, type KubeObject } from '@batteries-included/batteries';
import { startTestCluster, type TestCluster } from '@batteries-included/testenv';
import { loadKubeConfig } from '../kube/client.js';
import { startOperator, type RunningOperator } from '../operator.js';
import { createPgliteSql } from '@batteries-included/sql';
import { createStore, type Store } from '../store/store.js';
import type { PassSummary, SnapshotDocument } from '../store/types.js';
import { RollbackPassNotFoundError, RollbackRefusedError, RollbackRejectedError } from './errors.js';
import { formatRollbackPreview } from './format-rollback-preview.js';
import { previewRollback, type CurrentState } from './preview-rollback.js';
import { restoreRollback } from './restore-rollback.js';
import { createRollbackClient, ROLLBACK_FIELD_MANAGER, type RollbackClient } from './rollback-client.js';

const run = promisify(execFile);
const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const MANAGED = 'app.kubernetes.io/managed-by=batteries-included';

/**
 * Rollback end to end on its own control plane (the shared one holds other suites' Battery objects and catalog
 * objects, which an operator would prune) with the real operator and an in-memory PGlite store: passes are
 * recorded, a Battery spec changes, the preview shows it, the restore writes the old spec back and the operator's
 * next pass applies exactly the objects the old pass did.
 */
describe('rollback on a real cluster', () => {
  let cluster: TestCluster;
  let store: Store;
  let operator: RunningOperator;
  let client: RollbackClient;
  /** The first pass over core and redis: every later test rolls back to it. */
  let first: PassSummary;

  const kubectl = async (args: string[], input?: string) => {
    const child = run(cluster.binaries.kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args], {
      maxBuffer: 64 << 20,
    });
    if (input !== undefined) child.child.stdin!.end(input);
    return (await child).stdout;
  };
  const getJson = async (args: string[]) => JSON.parse(await kubectl([...args, '-o', 'json']));
  const until = async <T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 60_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const specsOf = async (pass: PassSummary) =>
    ((await store.getDocument(pass.snapshotHash))!.body as SnapshotDocument).batteries;
  /** The newest recorded pass that succeeded and matches. */
  const passWhere = (what: string, matches: (pass: PassSummary, specs: Record<string, unknown>) => boolean) =>
    until(what, async () => {
      for (const pass of (await store.listPasses({ limit: 10 })).passes) {
        if (pass.status === 'succeeded' && matches(pass, await specsOf(pass))) return pass;
      }
      return undefined;
    });
  const latestPassId = async () => (await store.listPasses({ limit: 1 })).passes[0]?.id ?? 0;
  /** A pass recorded after `mark` whose objects are exactly the first pass's. */
  const reproductionAfter = (mark: number) =>
    passWhere(
      `a pass after ${mark} that reproduces the first`,
      (pass) => pass.id > mark && pass.manifestHash === first.manifestHash,
    );
  const redisSpec = async () => (await getJson(['get', 'redisbattery', 'redis'])).spec;
  /** The Battery objects and every live object the generator or the plan looks at, as the operator's cache has them. */
  const currentState = async (): Promise<CurrentState> => {
    const batteries = (await Promise.all(CATALOG.map((b) => client.getBattery(b.type)))).filter(
      (b): b is KubeObject => b !== undefined,
    );
    const kinds = [...new Set((await store.getInventory()).map((e) => e.kind.toLowerCase()))].join(',');
    const managed = await getJson(['get', kinds, '-A', '-l', MANAGED]);
    const claims = await getJson(['get', 'persistentvolumeclaims', '-A']);
    const live = new Map<string, KubeObject>(
      [...managed.items, ...claims.items].map((o: KubeObject) => [objectKey(o), o]),
    );
    return { batteries, live };
  };

  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 1 });
    await kubectl(['apply', '--server-side', '-f', repo('crds/all.yaml')]);
    await kubectl([
      'wait',
      '--for=condition=Established',
      'crd',
      '-l',
      'app.kubernetes.io/part-of=batteries-included',
      '--timeout=60s',
    ]);
    store = await createStore(await createPgliteSql());
    const config = loadKubeConfig(cluster.kubeconfigPath);
    client = createRollbackClient(config);
    operator = await startOperator({
      config,
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
  }, 60_000);

  it('records who changed a Battery spec: a kubectl patch is in the Battery history as kubectl-patch', async () => {
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'batteries.batteriesincl.com/v1alpha1',
            kind: 'CoreBattery',
            metadata: { name: 'core' },
            spec: { defaultSize: 'small' },
          },
          {
            apiVersion: 'batteries.batteriesincl.com/v1alpha1',
            kind: 'RedisBattery',
            metadata: { name: 'redis' },
            spec: { maxmemoryPolicy: 'noeviction' },
          },
        ],
      }),
    );
    first = await passWhere('the first pass over core and redis', (_, specs) =>
      Boolean(specs.core && (specs.redis as { maxmemoryPolicy?: string } | undefined)?.maxmemoryPolicy),
    );
    const [created] = await store.batteryHistory('redis');
    expect(created).toMatchObject({ fieldManager: 'kubectl', generation: 1 });

    const before = Date.now();
    await kubectl([
      'patch',
      'redisbattery',
      'redis',
      '--type=merge',
      '-p',
      '{"spec":{"maxmemoryPolicy":"allkeys-lru","maxmemory":"256Mi"}}',
    ]);
    const patched = await passWhere(
      'a pass with the patched spec',
      (_, specs) => (specs.redis as { maxmemory?: string }).maxmemory === '256Mi',
    );
    const [latest] = await store.batteryHistory('redis');
    expect(latest).toMatchObject({ fieldManager: 'kubectl-patch', generation: 2, passId: patched.id });
    // managedFields times have one-second resolution.
    expect(latest!.changedAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(latest!.changedAt.getTime()).toBeLessThanOrEqual(Date.now());
  }, 120_000);

  it('previews restoring the first pass: the field diff, and the objects the next pass rewrites', async () => {
    const preview = await previewRollback(store, first.id, await currentState());
    expect(preview.batteries).toEqual([
      { type: 'core', action: 'unchanged', fields: [], notes: [] },
      {
        type: 'redis',
        action: 'restore-spec',
        fields: [
          { path: 'spec.maxmemory', before: '256Mi' },
          { path: 'spec.maxmemoryPolicy', before: 'allkeys-lru', after: 'noeviction' },
        ],
        notes: [],
      },
    ]);
    expect(preview.objects.basis).toBe('regenerated');
    const changed = preview.objects.plan.changes.filter((c) => c.action !== 'unchanged');
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((c) => c.action === 'update' && c.battery === 'redis')).toBe(true);
    // The password is read back from the live Secret: restoring reproduces the first pass object for object.
    expect(preview.objects.differsFromRecorded).toEqual([]);

    const text = formatRollbackPreview(preview);
    expect(text).toContain('redis    restore spec  spec.maxmemory        "256Mi"        (absent)');
    const secret = await getJson(['-n', 'battery-data', 'get', 'secret', 'redis-password']);
    const password = Buffer.from(secret.data.password, 'base64').toString('utf8');
    expect(text).not.toContain(password);
    expect(JSON.stringify(preview)).not.toContain(password);
  }, 60_000);

  it('validates a dry run on the server and writes nothing', async () => {
    const before = await getJson(['get', 'redisbattery', 'redis']);
    const result = await restoreRollback(store, client, first.id, { dryRun: true });
    expect(result.isDryRun).toBe(true);
    // maxmemory was set by kubectl-patch: server-side apply would keep it, so the whole spec is replaced.
    expect(result.batteries.map((b) => [b.type, b.action, b.method, b.isWritten])).toEqual([
      ['redis', 'restore-spec', 'replace', false],
      ['core', 'unchanged', undefined, false],
    ]);
    const after = await getJson(['get', 'redisbattery', 'redis']);
    expect(after.metadata.generation).toBe(before.metadata.generation);
    expect(after.spec).toEqual(before.spec);
  }, 60_000);

  it('restores the spec, and the next pass applies exactly the first pass’s objects', async () => {
    const mark = await latestPassId();
    const result = await restoreRollback(store, client, first.id);
    expect(result.batteries.filter((b) => b.isWritten).map((b) => [b.type, b.method])).toEqual([
      ['redis', 'replace'],
    ]);
    const firstSpecs = await specsOf(first);
    expect(canonicalJson(await redisSpec())).toBe(canonicalJson(firstSpecs.redis));
    const next = await reproductionAfter(mark);
    const [latest] = await store.batteryHistory('redis');
    expect(latest!.fieldManager).toBe(ROLLBACK_FIELD_MANAGER);
    expect(latest!.passId).toBeGreaterThan(mark);
    expect(latest!.passId).toBeLessThanOrEqual(next.id);
  }, 90_000);

  it('restores by server-side apply when no field has to go, taking ownership of the restored fields', async () => {
    await kubectl(['patch', 'redisbattery', 'redis', '--type=merge', '-p', '{"spec":{"appendonly":false}}']);
    await until(
      'the patch recorded',
      async () => (await store.batteryHistory('redis'))[0]?.fieldManager === 'kubectl-patch',
    );
    const mark = await latestPassId();
    const result = await restoreRollback(store, client, first.id);
    expect(result.batteries.filter((b) => b.isWritten).map((b) => [b.type, b.method])).toEqual([
      ['redis', 'apply'],
    ]);
    const redis = await getJson(['get', 'redisbattery', 'redis', '--show-managed-fields']);
    expect(canonicalJson(redis.spec)).toBe(canonicalJson((await specsOf(first)).redis));
    const entry = redis.metadata.managedFields.find(
      (f: { manager: string; operation: string }) =>
        f.manager === ROLLBACK_FIELD_MANAGER && f.operation === 'Apply',
    );
    expect(entry.fieldsV1['f:spec']['f:appendonly']).toEqual({});
    await reproductionAfter(mark);
  }, 90_000);

  it('rolls back across an install: the battery added since is uninstalled and its objects pruned', async () => {
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'batteries.batteriesincl.com/v1alpha1',
        kind: 'LokiBattery',
        metadata: { name: 'loki' },
        spec: { retentionPeriod: '14d' },
      }),
    );
    await passWhere('a pass with loki', (_, specs) => Boolean(specs.loki));
    const preview = await previewRollback(store, first.id, await currentState());
    expect(preview.batteries.find((b) => b.type === 'loki')).toEqual({
      type: 'loki',
      action: 'uninstall',
      fields: [],
      notes: ['its objects will be pruned; its volumes (PersistentVolumeClaims, Namespaces) are kept'],
    });
    const lokiChanges = preview.objects.plan.changes.filter((c) => c.battery === 'loki');
    expect(lokiChanges.length).toBeGreaterThan(0);
    expect(lokiChanges.every((c) => c.action === 'prune' || c.action === 'orphan')).toBe(true);
    expect(formatRollbackPreview(preview)).toContain(
      'Rollback: 0 restore spec, 0 install, 1 uninstall (2 unchanged)',
    );

    const mark = await latestPassId();
    const result = await restoreRollback(store, client, first.id);
    expect(result.batteries.filter((b) => b.isWritten).map((b) => [b.type, b.action, b.method])).toEqual([
      ['loki', 'uninstall', 'delete'],
    ]);
    await until(
      'the LokiBattery gone',
      async () => (await getJson(['get', 'lokibatteries'])).items.length === 0,
    );
    await reproductionAfter(mark);
    const left = await getJson([
      'get',
      'deployments,statefulsets,configmaps,services',
      '-A',
      '-l',
      'batteriesincl.com/battery=loki',
    ]);
    expect(left.items).toEqual([]);
  }, 120_000);

  it('refuses an uninstall that would break a battery that stays, and with cascade uninstalls both', async () => {
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'batteries.batteriesincl.com/v1alpha1',
            kind: 'VictoriaMetricsBattery',
            metadata: { name: 'victoria-metrics' },
          },
          {
            apiVersion: 'batteries.batteriesincl.com/v1alpha1',
            kind: 'KubeMonitoringBattery',
            metadata: { name: 'kube-monitoring' },
          },
        ],
      }),
    );
    await passWhere('a pass with both', (_, specs) =>
      Boolean(specs['victoria-metrics'] && specs['kube-monitoring']),
    );
    const refused = await restoreRollback(store, client, first.id, { batteries: ['victoria-metrics'] }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(RollbackRefusedError);
    expect((refused as RollbackRefusedError).problems.map((p) => [p.battery, p.kind])).toEqual([
      ['victoria-metrics', 'breaks-dependent'],
    ]);
    expect((refused as Error).message).toContain('kube-monitoring stays installed and depends on it');
    expect((await getJson(['get', 'victoriametricsbatteries'])).items).toHaveLength(1);

    const mark = await latestPassId();
    const result = await restoreRollback(store, client, first.id, {
      batteries: ['victoria-metrics'],
      cascade: true,
    });
    // Dependents first.
    expect(result.batteries.map((b) => [b.type, b.action, b.isWritten])).toEqual([
      ['kube-monitoring', 'uninstall', true],
      ['victoria-metrics', 'uninstall', true],
    ]);
    await until(
      'both Battery objects gone',
      async () =>
        (await getJson(['get', 'victoriametricsbatteries,kubemonitoringbatteries'])).items.length === 0,
    );
    await reproductionAfter(mark);
  }, 120_000);

  it('names a pass that does not exist', async () => {
    const error = await restoreRollback(store, client, 999_999).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollbackPassNotFoundError);
    expect((error as Error).message).toMatch(
      /^pass 999999 was never recorded: the passes kept are \d+ to \d+$/,
    );
  });

  it('writes nothing when a recorded spec no longer validates, naming the battery, field and message', async () => {
    // Volumes only grow (a CEL rule on storageSize): a pass from before a grow cannot be restored as it stands.
    await kubectl(['patch', 'redisbattery', 'redis', '--type=merge', '-p', '{"spec":{"storageSize":"8Gi"}}']);
    const now = await Promise.all([
      getJson(['get', 'corebattery', 'core']),
      getJson(['get', 'redisbattery', 'redis']),
    ]);
    const shrunk = await store.recordPass({
      startedAt: new Date(),
      finishedAt: new Date(),
      trigger: 'test',
      status: 'succeeded',
      inputsHash: 'b'.repeat(64),
      snapshot: {
        batteries: {
          core: { ...now[0].spec, defaultSize: 'medium' },
          redis: { ...now[1].spec, storageSize: '1Gi' },
        },
        live: {},
        secretMaterial: {},
      },
      objects: [],
    });
    const error = await restoreRollback(store, client, shrunk.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollbackRejectedError);
    const [rejection, ...others] = (error as RollbackRejectedError).errors;
    expect(others).toEqual([]);
    expect(rejection).toMatchObject({ battery: 'redis', field: 'spec.storageSize' });
    expect(rejection!.apiMessage).toContain('may not shrink');
    expect((error as Error).message).toContain('redis: spec.storageSize: ');
    // core comes first in write order and was valid: still not written.
    const after = await Promise.all([
      getJson(['get', 'corebattery', 'core']),
      getJson(['get', 'redisbattery', 'redis']),
    ]);
    expect(after.map((b) => b.metadata.generation)).toEqual(now.map((b) => b.metadata.generation));
  }, 60_000);
});
