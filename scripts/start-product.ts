// What `npm start` runs after setup: the local control plane (testenv), the Battery CRDs, and the operator on
// embedded PGlite with its health and metrics server. Applies no batteries by itself. Ctrl-C stops everything.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { startTestCluster } from '@batteries-included/testenv';
import {
  createOperatorControlApp,
  ensureApiTokens,
  loadKubeConfig,
  openStore,
  startOperator,
} from '@batteries-included/operator';

const run = promisify(execFile);
const logger = pino({ base: { component: 'operator' }, level: process.env.LOG_LEVEL ?? 'info' });
const say = (line: string) => process.stderr.write(`[start] ${line}\n`);

const cluster = await startTestCluster({ onProgress: (line) => say(line) });
const kubectl = (args: string[]) =>
  run(cluster.binaries.kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args]);
let stopping = false;
const stopAll: Array<() => Promise<void>> = [() => cluster.stop()];
const stop = async () => {
  if (stopping) return;
  stopping = true;
  say('stopping');
  for (const step of stopAll.reverse()) await step().catch((error) => say(String(error)));
  say('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

try {
  say('installing the Battery CRDs');
  await kubectl(['apply', '--server-side', '-f', 'crds/all.yaml']);
  await kubectl([
    'wait',
    '--for=condition=Established',
    'crd',
    '-l',
    'app.kubernetes.io/part-of=batteries-included',
    '--timeout=60s',
  ]);
  // The operator serves console/dist at `/`; a production build takes about a second.
  say('building the console');
  await run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', 'console', '--logLevel', 'warn']);
  const dataDir = process.env.DATA_DIR ?? '.data/operator-db';
  const store = await openStore({ dataDir });
  stopAll.push(() => store.close());
  const config = loadKubeConfig(cluster.kubeconfigPath);
  // The token Secret's namespace is also where the operator keeps its Lease: creating it first lets the operator
  // take the Lease as it does in a cluster, so `bi status` finds it.
  const { admin: token, viewer } = await ensureApiTokens(config, 'batteries-included-system');
  const operator = await startOperator({ config, store, logger });
  stopAll.push(() => operator.stop());
  const port = Number(process.env.BI_HTTP_PORT ?? 4000);
  const app = await createOperatorControlApp({ operator, config, store, logger, port });
  stopAll.push(() => app.stop());
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  stopAll.push(async () => void server.close());
  const k = `${cluster.binaries.kubectl} --kubeconfig ${cluster.kubeconfigPath}`;
  process.stdout.write(
    [
      '',
      'Batteries Included is running: a local Kubernetes control plane and the operator (embedded PGlite at ' +
        dataDir +
        ').',
      `  KUBECONFIG=${cluster.kubeconfigPath}`,
      `  health and metrics: http://127.0.0.1:${port}/readyz  http://127.0.0.1:${port}/metrics`,
      `  console and API (docs/api.md): http://127.0.0.1:${port}/#token=${token}`,
      `  read-only console (viewer token): http://127.0.0.1:${port}/#token=${viewer}`,
      '',
      'Next, install a typical platform and watch it become ready:',
      `  ${k} apply --server-side -f examples/platform.yaml`,
      `  ${k} get batteries`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (error) {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await stop();
}
