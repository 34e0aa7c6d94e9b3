// A stand-in for Kind (https://kind.sigs.k8s.io) that answers like kind v0.30 for the commands bi uses, and
// hands back the kubeconfig in BI_FAKE_KUBECONFIG (a testenv control plane) as the created cluster's.
//   kind create cluster --name X --config F [--image I] [--kubeconfig P] [--wait D]
//   kind get clusters | kind get kubeconfig --name X | kind delete cluster --name X | kind version
//   kind load docker-image IMAGE --name X
import { readFileSync, writeFileSync } from 'node:fs';
import { flag, readClusters, recordCall, writeClusters } from './fake-state.mjs';

const argv = process.argv.slice(2);
const [verb, noun] = argv;
const fail = (message, code = 1) => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The testenv kubeconfig, renamed to kind's context naming (`kind-<name>`). */
function kubeconfigFor(name) {
  const path = process.env.BI_FAKE_KUBECONFIG;
  if (!path) fail('fake kind: BI_FAKE_KUBECONFIG is not set', 97);
  const text = readFileSync(path, 'utf8');
  const context = /current-context:\s*"?([^"\n]+)"?/.exec(text)?.[1]?.trim();
  return context ? text.split(context).join(`kind-${name}`) : text;
}

async function main() {
  if (verb === 'version') {
    recordCall('kind', argv);
    process.stdout.write('kind v0.30.0 go1.24.6 linux/amd64\n');
    return;
  }
  if (verb === 'create' && noun === 'cluster') {
    const name = flag(argv, '--name') ?? 'kind';
    const configPath = flag(argv, '--config');
    const config = configPath ? readFileSync(configPath, 'utf8') : '';
    recordCall('kind', argv, { config });
    if (config && !/kind:\s*Cluster/.test(config))
      fail(`ERROR: failed to create cluster: unknown kind in ${configPath}`);
    const clusters = readClusters();
    if (clusters[name]) {
      fail(`ERROR: failed to create cluster: node(s) already exist for a cluster with the name "${name}"`);
    }
    const image = flag(argv, '--image') ?? /image:\s*(\S+)/.exec(config)?.[1] ?? 'kindest/node:v1.34.0';
    process.stderr.write(`Creating cluster "${name}" ...\n ✓ Ensuring node image (${image}) 🖼\n`);
    await sleep(Number(process.env.BI_FAKE_KIND_CREATE_DELAY_MS ?? 0));
    clusters[name] = { image, createdAt: new Date().toISOString() };
    writeClusters(clusters);
    const kubeconfigPath = flag(argv, '--kubeconfig');
    if (kubeconfigPath) writeFileSync(kubeconfigPath, kubeconfigFor(name));
    process.stderr.write(` ✓ Preparing nodes 📦\nSet kubectl context to "kind-${name}"\n`);
    return;
  }
  if (verb === 'get' && noun === 'clusters') {
    recordCall('kind', argv);
    const names = Object.keys(readClusters()).sort();
    if (names.length === 0) process.stderr.write('No kind clusters found.\n');
    else process.stdout.write(`${names.join('\n')}\n`);
    return;
  }
  if (verb === 'get' && noun === 'kubeconfig') {
    recordCall('kind', argv);
    const name = flag(argv, '--name') ?? 'kind';
    if (!readClusters()[name]) {
      fail(
        `ERROR: could not locate any control plane nodes for cluster named '${name}'. Use the --name option to select a different cluster`,
      );
    }
    process.stdout.write(kubeconfigFor(name));
    return;
  }
  if (verb === 'load' && noun === 'docker-image') {
    recordCall('kind', argv);
    const name = flag(argv, '--name') ?? 'kind';
    const image = argv[2];
    if (!readClusters()[name]) fail(`ERROR: no nodes found for cluster "${name}"`);
    process.stderr.write(
      `Image: "${image}" with ID "sha256:0000" not yet present on node "${name}-control-plane", loading...\n`,
    );
    return;
  }
  if (verb === 'delete' && noun === 'cluster') {
    recordCall('kind', argv);
    const name = flag(argv, '--name') ?? 'kind';
    const clusters = readClusters();
    process.stderr.write(`Deleting cluster "${name}" ...\n`);
    if (clusters[name]) {
      delete clusters[name];
      writeClusters(clusters);
      process.stderr.write(`Deleted nodes: ["${name}-control-plane"]\n`);
    }
    return;
  }
  recordCall('kind', argv);
  fail(`ERROR: unknown command "${argv.join(' ')}" for "kind" (fake)`);
}

await main();
