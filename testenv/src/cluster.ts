import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBinaries, type Binaries } from './build.js';
import { createPki, type Pki } from './certs.js';
import { startComponent, waitUntil, type Component } from './component.js';
import { ComponentError } from './errors.js';
import { kubeHttp, type KubeHttpCredentials } from './kube-http.js';
import { renderKubeconfig } from './kubeconfig.js';
import { defaultStorageClass, kwokNode } from './nodes.js';
import { RUN_ROOT } from './paths.js';
import { preparePodLogs, type PodLogFiles } from './pod-logs.js';
import { claimPort, freePort } from './ports.js';
import { preparePortForwards, type PodPortForward } from './port-forwards.js';
import { removeState, sweepStaleClusters, writeState } from './state.js';

export interface TestClusterOptions {
  /** Number of simulated kwok nodes. Default 2. */
  nodes?: number;
  /** Fixed API server port; default: a free port. */
  apiServerPort?: number;
  /** Fixed etcd client port; default: a free port. */
  etcdPort?: number;
  /** Keep the data directory (etcd data, PKI, logs) after `stop()`. Default false. */
  keepData?: boolean;
  /** Parent of the cluster's data directory. Default `<repo>/.testenv`. */
  runRoot?: string;
  /** Run the processes in their own process groups so they outlive this process (`testenv up`). */
  detached?: boolean;
  onProgress?: (line: string) => void;
  /**
   * Simulated containers have logs: kwok serves every container's log (through the API server's `pods/log`,
   * `follow` and `previous` included) from the files in `TestCluster.podLogs`, which tests append to with
   * `appendPodLog`. kwok's nodes then listen on 127.0.0.1 with TLS. Default false.
   */
  podLogs?: boolean;
  /**
   * Port-forwards to simulated pods reach real servers on this machine: kwok, as the pods' kubelet, dials each
   * target (see `PodPortForward`). kwok's nodes then listen on 127.0.0.1 with TLS. Default none.
   */
  portForwards?: readonly PodPortForward[];
}

export interface TestCluster {
  /** Path of a kubeconfig with admin (system:masters) credentials. */
  kubeconfigPath: string;
  /** The same kubeconfig, as YAML text. */
  kubeconfig: string;
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** Where etcd data, PKI and logs live. */
  dataDir: string;
  binaries: Binaries;
  /** The running processes, in start order; `restartComponent` replaces an entry with its new process. */
  components: readonly Component[];
  /**
   * Stops one component (SIGTERM, SIGKILL after 5 s) and starts it again with the same binary, arguments,
   * ports and data, for tests of what clients see across a control-plane restart. Resolves with the new
   * process once it is ready again: kube-apiserver answers `/readyz`, etcd `/health`; the others once started.
   * @example
   * await cluster.restartComponent('kube-apiserver'); // same server URL, same objects, a new process
   */
  restartComponent(name: ComponentName): Promise<Component>;
  /** Stops every process this cluster started and removes the data directory unless `keepData`. */
  stop(): Promise<void>;
  /** With `podLogs`: the files every simulated container logs from. */
  podLogs?: PodLogFiles;
}

/** The processes a test cluster runs. */
export type ComponentName = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';

/**
 * Starts a real Kubernetes control plane on 127.0.0.1 with no containers: etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and kwok (simulated nodes whose pods become Running/Ready).
 * Binaries are built with Go on first use and cached. On any failure, whatever was started is stopped.
 * @example
 * const cluster = await startTestCluster();
 * process.env.KUBECONFIG = cluster.kubeconfigPath;
 * await cluster.stop();
 */
export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const progress = options.onProgress ?? (() => {});
  const binaries = await ensureBinaries({ onProgress: progress });
  const runRoot = options.runRoot ?? RUN_ROOT;
  mkdirSync(runRoot, { recursive: true });
  const swept = await sweepStaleClusters(runRoot);
  if (swept > 0) progress(`stopped ${swept} stale cluster(s) left by a crashed run`);
  const dataDir = mkdtempSync(join(runRoot, 'cluster-'));
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir);
  mkdirSync(join(dataDir, 'pki'));
  const components: Component[] = [];
  /** How each component was started, and how to tell it is ready, so it can be restarted the same way. */
  const launches = new Map<string, { binary: string; args: string[]; isReady?: () => Promise<boolean> }>();

  const stop = async () => {
    for (const component of [...components].reverse()) await component.stop();
    removeState(dataDir);
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const pki = await createPki(join(dataDir, 'pki'));
    const etcdPort = await claimPort('etcd', options.etcdPort);
    const etcdPeerPort = await freePort();
    const apiPort = await claimPort('kube-apiserver', options.apiServerPort);
    const server = `https://127.0.0.1:${apiPort}`;
    const credentials: KubeHttpCredentials = {
      server,
      caCertPath: pki.caCert,
      clientCertPath: pki.adminCert,
      clientKeyPath: pki.adminKey,
    };
    const kubeconfig = renderKubeconfig({
      server,
      caCertPath: pki.caCert,
      clientCertPath: pki.adminCert,
      clientKeyPath: pki.adminKey,
    });
    const kubeconfigPath = join(dataDir, 'kubeconfig');
    writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
    const launch = (name: string) => {
      const { binary, args } = launches.get(name)!;
      const component = startComponent(name, binary, args, {
        logPath: join(logDir, `${name}.log`),
        detached: options.detached,
      });
      const index = components.findIndex((c) => c.name === name);
      if (index >= 0) components[index] = component;
      else components.push(component);
      writeState(dataDir, {
        kubeconfigPath,
        server,
        owner: process.pid,
        detached: options.detached ?? false,
        pids: components.map((c) => ({ name: c.name, pid: c.pid })),
      });
      return component;
    };
    const start = (name: string, binary: string, args: string[], isReady?: () => Promise<boolean>) => {
      launches.set(name, { binary, args, isReady });
      return launch(name);
    };

    progress('starting etcd');
    const etcdHealthy = async () => {
      const res = await fetch(`http://127.0.0.1:${etcdPort}/health`);
      return res.ok && ((await res.json()) as { health?: string }).health === 'true';
    };
    const etcd = start('etcd', binaries.etcd, etcdArgs(dataDir, etcdPort, etcdPeerPort), etcdHealthy);
    await waitUntil(etcd, 'healthy', etcdHealthy);

    progress('starting kube-apiserver');
    const apiServerReady = async () => (await kubeHttp(credentials, 'GET', '/readyz')).status === 200;
    const apiserver = start(
      'kube-apiserver',
      binaries['kube-apiserver'],
      apiServerArgs(pki, apiPort, etcdPort),
      apiServerReady,
    );
    await waitUntil(apiserver, 'ready (/readyz)', apiServerReady, 90_000);

    progress('starting kube-controller-manager, kube-scheduler and kwok');
    const controllerManager = start(
      'kube-controller-manager',
      binaries['kube-controller-manager'],
      controllerManagerArgs(pki, kubeconfigPath),
    );
    start('kube-scheduler', binaries['kube-scheduler'], [
      '--kubeconfig',
      kubeconfigPath,
      '--leader-elect=false',
      '--secure-port=0',
      '--v=1',
    ]);
    const podLogs = options.podLogs ? preparePodLogs(dataDir) : undefined;
    const kwokConfigs = [
      ...(podLogs ? [podLogs.config] : []),
      ...(options.portForwards?.length ? [preparePortForwards(dataDir, options.portForwards)] : []),
    ];
    const kwok = start(
      'kwok',
      binaries.kwok,
      kwokArgs(
        kubeconfigPath,
        await freePort(),
        kwokConfigs.length > 0
          ? { configs: kwokConfigs, servingCert: pki.servingCert, servingKey: pki.servingKey }
          : undefined,
      ),
    );

    const storageClass = await kubeHttp(
      credentials,
      'POST',
      '/apis/storage.k8s.io/v1/storageclasses',
      defaultStorageClass(),
    );
    if (storageClass.status !== 201)
      throw new ComponentError(
        'kube-apiserver',
        `could not create the default StorageClass: HTTP ${storageClass.status}`,
      );

    const nodeNames = Array.from({ length: options.nodes ?? 2 }, (_, i) => `kwok-node-${i}`);
    for (const name of nodeNames) {
      const res = await kubeHttp(credentials, 'POST', '/api/v1/nodes', kwokNode(name));
      if (res.status !== 201)
        throw new ComponentError(
          'kwok',
          `could not register node ${name}: HTTP ${res.status} ${JSON.stringify(res.body)}`,
        );
    }
    await waitUntil(kwok, 'marking the simulated nodes Ready', async () => {
      const res = await kubeHttp(credentials, 'GET', '/api/v1/nodes');
      const items =
        (res.body as { items?: Array<{ status?: { conditions?: Array<{ type: string; status: string }> } }> })
          .items ?? [];
      const ready = items.filter((n) =>
        n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      );
      return ready.length >= nodeNames.length;
    });
    // Pods need the namespace's default ServiceAccount, which the controller-manager creates.
    await waitUntil(
      controllerManager,
      'creating the default ServiceAccount',
      async () =>
        (await kubeHttp(credentials, 'GET', '/api/v1/namespaces/default/serviceaccounts/default')).status ===
        200,
    );
    progress(`control plane ready at ${server}`);
    const restartComponent = async (name: ComponentName) => {
      const current = components.find((c) => c.name === name);
      const how = launches.get(name);
      if (!current || !how) throw new ComponentError(name, 'is not part of this cluster');
      await current.stop();
      const restarted = launch(name);
      if (how.isReady) await waitUntil(restarted, 'ready again after a restart', how.isReady, 90_000);
      return restarted;
    };
    return {
      kubeconfigPath,
      kubeconfig,
      server,
      dataDir,
      binaries,
      components,
      restartComponent,
      stop,
      ...(podLogs ? { podLogs } : {}),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function etcdArgs(dataDir: string, clientPort: number, peerPort: number): string[] {
  return [
    '--name=testenv',
    `--data-dir=${join(dataDir, 'etcd')}`,
    `--listen-client-urls=http://127.0.0.1:${clientPort}`,
    `--advertise-client-urls=http://127.0.0.1:${clientPort}`,
    `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-cluster=testenv=http://127.0.0.1:${peerPort}`,
    // A test cluster's data is thrown away: skipping fsync makes every write several times faster.
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

function apiServerArgs(pki: Pki, port: number, etcdPort: number): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--tls-cert-file=${pki.servingCert}`,
    `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.caCert}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    '--service-cluster-ip-range=10.0.0.0/16',
    '--authorization-mode=RBAC',
    '--allow-privileged=true',
    '--v=1',
  ];
}

function controllerManagerArgs(pki: Pki, kubeconfigPath: string): string[] {
  return [
    `--kubeconfig=${kubeconfigPath}`,
    `--authentication-kubeconfig=${kubeconfigPath}`,
    `--authorization-kubeconfig=${kubeconfigPath}`,
    '--leader-elect=false',
    '--secure-port=0',
    `--service-account-private-key-file=${pki.serviceAccountKey}`,
    `--root-ca-file=${pki.caCert}`,
    '--use-service-account-credentials=true',
    // Provisions PersistentVolumes for the default StorageClass, as Kind's local-path provisioner does.
    '--enable-hostpath-provisioner=true',
    `--cluster-signing-cert-file=${pki.caCert}`,
    `--cluster-signing-key-file=${pki.caKey}`,
    '--v=1',
  ];
}

function kwokArgs(
  kubeconfigPath: string,
  serverPort: number,
  nodeServer?: { configs: readonly string[] } & Pick<Pki, 'servingCert' | 'servingKey'>,
): string[] {
  return [
    `--kubeconfig=${kubeconfigPath}`,
    '--manage-all-nodes=false',
    '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
    '--cidr=10.244.0.1/16',
    `--server-address=127.0.0.1:${serverPort}`,
    '--node-lease-duration-seconds=40',
    ...(nodeServer
      ? [
          // The API server reaches logs and port-forwards at the node's kubelet endpoint over HTTPS: kwok's server
          // is that endpoint.
          '--node-ip=127.0.0.1',
          `--node-port=${serverPort}`,
          `--tls-cert-file=${nodeServer.servingCert}`,
          `--tls-private-key-file=${nodeServer.servingKey}`,
          ...nodeServer.configs.map((config) => `--config=${config}`),
        ]
      : ['--node-ip=10.0.1.1']),
  ];
}
