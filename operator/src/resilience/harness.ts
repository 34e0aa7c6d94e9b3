// What the resilience tests share: a private control plane with the Battery CRDs, kubectl, polling, the live
// managed set as the API server reports it, the operator as a child process, and store consistency checks.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HASH_ANNOTATION, MANAGED_SELECTOR, objectKey, type KubeObject } from '@batteries-included/batteries';
import { startTestCluster, type TestCluster } from '@batteries-included/testenv';
import { isPlatformManaged } from '../engine/plan/data-safety.js';
import type { Store } from '../store/store.js';
import type { PassSummary } from '../store/types.js';

const run = promisify(execFile);

/** A path in the repository. */
export const repoPath = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** The batteries examples/platform.yaml installs. */
export const PLATFORM_BATTERIES = ['core', 'grafana', 'kube-monitoring', 'loki', 'redis', 'victoria-metrics'];

export interface PlatformCluster {
  cluster: TestCluster;
  kubectl(args: string[], input?: string): Promise<string>;
  getJson<T = any>(args: string[]): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
  stop(): Promise<void>;
}

/** A private control plane (so no other suite's objects interfere) with the Battery CRDs Established. */
export async function startPlatformCluster(): Promise<PlatformCluster> {
  const cluster = await startTestCluster({ nodes: 2 });
  const kubectl = async (args: string[], input?: string) => {
    const child = run(cluster.binaries.kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args], {
      maxBuffer: 64 << 20,
    });
    if (input !== undefined) child.child.stdin!.end(input);
    try {
      return (await child).stdout;
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`kubectl ${args.join(' ')}: ${(e.stderr ?? e.message).trim()}`);
    }
  };
  try {
    await kubectl(['apply', '--server-side', '-f', repoPath('crds/all.yaml')]);
    await kubectl([
      'wait',
      '--for=condition=Established',
      'crd',
      '-l',
      'app.kubernetes.io/part-of=batteries-included',
      '--timeout=60s',
    ]);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return {
    cluster,
    kubectl,
    getJson: async (args) => JSON.parse(await kubectl([...args, '-o', 'json'])),
    stop: () => cluster.stop(),
  };
}

/**
 * Polls `probe` every 250 ms until it returns something other than undefined or false; after `timeoutMs`
 * fails naming `what` and, when given, what `lastSeen` says about the state last seen.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 90_000, lastSeen }: { timeoutMs?: number; lastSeen?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastSeen?.() ?? (lastError instanceof Error ? lastError.message : '');
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting for ${what}${seen ? `; last seen: ${seen}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Each Battery's Ready condition and status message, by name. */
export async function batteryStates(
  platform: PlatformCluster,
): Promise<Map<string, { ready: string; message: string }>> {
  const list = await platform.getJson<{
    items: Array<{
      metadata: { name: string };
      status?: { message?: string; conditions?: Array<{ type: string; status: string }> };
    }>;
  }>(['get', 'batteries']);
  return new Map(
    list.items.map((b) => [
      b.metadata.name,
      {
        ready: b.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown',
        message: b.status?.message ?? 'no status',
      },
    ]),
  );
}

/** Waits until exactly the platform's batteries exist and every one is Ready; fails with their messages. */
export async function untilPlatformReady(platform: PlatformCluster, timeoutMs = 120_000): Promise<void> {
  let last = new Map<string, { ready: string; message: string }>();
  await until(
    'every battery of examples/platform.yaml Ready',
    async () => {
      last = await batteryStates(platform);
      return (
        [...last.keys()].sort().join() === PLATFORM_BATTERIES.join() &&
        [...last.values()].every((s) => s.ready === 'True')
      );
    },
    {
      timeoutMs,
      lastSeen: () => [...last].map(([name, s]) => `${name}: Ready=${s.ready} (${s.message})`).join(' | '),
    },
  );
}

/**
 * The objects the platform manages, as the API server reports them: every listable kind, filtered by the
 * managed-by label server-side and by `isPlatformManaged` (hash annotation, no owner) here, keyed by ref.
 */
export async function liveManagedObjects(platform: PlatformCluster): Promise<Map<string, KubeObject>> {
  const resources = (await platform.kubectl(['api-resources', '--verbs=list', '-o', 'name']))
    .split('\n')
    .map((line) => line.trim())
    .filter((name) => name && name !== 'events' && name !== 'events.events.k8s.io');
  const list = await platform.getJson<{ items: KubeObject[] }>([
    'get',
    resources.join(','),
    '--all-namespaces',
    '-l',
    MANAGED_SELECTOR,
  ]);
  return new Map(list.items.filter(isPlatformManaged).map((object) => [objectKey(object), object]));
}

/** `ref → resourceVersion` of every managed object. */
export function resourceVersions(objects: ReadonlyMap<string, KubeObject>): Map<string, string> {
  return new Map([...objects].map(([ref, object]) => [ref, object.metadata.resourceVersion ?? '']));
}

/** `ref → hash annotation` of every managed object, the form the store's inventory compares with. */
export function liveHashes(objects: ReadonlyMap<string, KubeObject>): Map<string, string> {
  return new Map(
    [...objects].map(([ref, object]) => [ref, object.metadata.annotations?.[HASH_ANNOTATION] ?? '']),
  );
}

/** Every recorded pass, oldest first. */
export async function allPasses(store: Store): Promise<PassSummary[]> {
  const passes: PassSummary[] = [];
  let before: number | undefined;
  do {
    const page = await store.listPasses({ limit: 500, before });
    passes.push(...page.passes);
    before = page.nextBefore;
  } while (before !== undefined);
  return passes.reverse();
}

/**
 * What "no duplicate or lost records" means for the pass history: ids strictly increasing in the order the
 * passes ran (started), and no pass recorded twice (the same start and trigger under two ids). Returns the
 * problems found, empty when consistent.
 */
export function passHistoryProblems(passes: readonly PassSummary[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const [i, pass] of passes.entries()) {
    const previous = passes[i - 1];
    if (previous && pass.id <= previous.id) problems.push(`pass ${pass.id} listed after pass ${previous.id}`);
    if (previous && pass.startedAt < previous.startedAt)
      problems.push(`pass ${pass.id} started before the earlier-recorded pass ${previous.id}`);
    const identity = `${pass.startedAt.toISOString()} ${pass.trigger}`;
    const twin = seen.get(identity);
    if (twin !== undefined) problems.push(`pass ${pass.id} repeats pass ${twin} (${identity})`);
    seen.set(identity, pass.id);
  }
  return problems;
}

/** Differences between the store's inventory and the live managed set, by ref and hash; empty when equal. */
export async function inventoryProblems(store: Store, platform: PlatformCluster): Promise<string[]> {
  const inventory = new Map((await store.getInventory()).map((entry) => [entry.ref, entry.hash]));
  const live = liveHashes(await liveManagedObjects(platform));
  const problems: string[] = [];
  for (const [ref, hash] of live) {
    if (!inventory.has(ref)) problems.push(`${ref}: live but not in the inventory`);
    else if (inventory.get(ref) !== hash)
      problems.push(`${ref}: live hash ${hash}, inventory ${inventory.get(ref)}`);
  }
  for (const ref of inventory.keys()) if (!live.has(ref)) problems.push(`${ref}: in the inventory, not live`);
  return problems;
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One line of the operator's pino JSON log. */
export interface LogLine {
  level: number;
  msg: string;
  time: number;
  [field: string]: unknown;
}

/** The operator process (`operator/src/main.ts`), its parsed log, and ways to end it. */
export interface OperatorProcess {
  readonly name: string;
  readonly pid: number;
  /** Every JSON log line so far, in order. */
  readonly logs: LogLine[];
  /** Resolves with the first log line (from now or already seen) that matches. */
  waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code or signal. */
  readonly exited: Promise<number | string>;
  /** SIGKILL: no shutdown hook runs, nothing is flushed, the Lease is not released. */
  kill(): Promise<void>;
  /** SIGTERM: the operator's clean shutdown (it releases the Lease). */
  stop(): Promise<void>;
  /** The log's tail and stderr, for failure messages. */
  diagnostics(): string;
}

/**
 * Starts the operator as its own process, as deployed: `node --conditions=source --import tsx
 * operator/src/main.ts` with only the environment it is given (plus PATH and HOME).
 */
export function spawnOperator(name: string, env: Record<string, string>): OperatorProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'operator/src/main.ts'],
    {
      cwd: repoPath(''),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: LogLine[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      logs.push(JSON.parse(text) as LogLine);
    } catch {
      logs.push({ level: 30, msg: text, time: Date.now() });
    }
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
      for (const listener of listeners) listener();
    }),
  );
  const diagnostics = () =>
    `${name} log tail:\n${logs
      .slice(-15)
      .map((l) => `  ${JSON.stringify(l)}`)
      .join('\n')}\n${name} stderr: ${stderr.trim() || '(empty)'}`;
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    name,
    pid: child.pid ?? -1,
    logs,
    exited,
    diagnostics,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    waitForLog(match, what, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = logs.find(match);
          if (found) return finish(() => resolve(found));
          if (child.exitCode !== null || child.signalCode !== null)
            finish(() => reject(new Error(`${name} exited before ${what}\n${diagnostics()}`)));
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(new Error(`${name}: no ${what} after ${timeoutMs / 1000} s\n${diagnostics()}`)),
            ),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}
