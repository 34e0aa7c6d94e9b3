import { ensureBinaries } from './build.js';
import { ensureGoTool } from './go-tool.js';
import { GO_TOOLS } from './go-tools.js';
import { ensureKeycloak } from './keycloak.js';
import { startTestCluster } from './cluster.js';
import { ComponentError } from './errors.js';
import { RUN_ROOT } from './paths.js';
import { isAlive, killRecordedCluster, readStates } from './state.js';

const USAGE = `usage: npm run testenv -- <command>
  up       start a control plane in the background and print its kubeconfig
  run      start a control plane in the foreground; Ctrl-C stops it
  down     stop every control plane started with 'up' (and any left by a crashed run)
  status   list control planes and their processes
  build    build (or find cached) the control-plane binaries only
  tools    fetch or build (once, then cached) what tests run besides the control plane: Keycloak and the Go tools
           (oauth2-proxy, VictoriaMetrics, cert-manager's and MetalLB's controllers)`;

const log = (line: string) => process.stderr.write(`[testenv] ${line}\n`);

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'build': {
      const binaries = await ensureBinaries({ onProgress: log });
      for (const [name, path] of Object.entries(binaries)) console.log(`${name}\t${path}`);
      return 0;
    }
    case 'tools': {
      for (const tool of GO_TOOLS)
        console.log(`${tool.name}\t${await ensureGoTool(tool, { onProgress: log })}`);
      console.log(`keycloak\t${await ensureKeycloak({ onProgress: log })}`);
      return 0;
    }
    case 'up': {
      const cluster = await startTestCluster({ detached: true, keepData: true, onProgress: log });
      printHowTo(cluster.kubeconfigPath, cluster.binaries.kubectl);
      console.log(`Stop it with: npm run testenv -- down`);
      return 0;
    }
    case 'run': {
      const started = performance.now();
      const cluster = await startTestCluster({ onProgress: log });
      log(`started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      printHowTo(cluster.kubeconfigPath, cluster.binaries.kubectl);
      console.log('Press Ctrl-C to stop.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      log('stopping');
      await cluster.stop();
      log('stopped');
      return 0;
    }
    case 'down': {
      const states = readStates(RUN_ROOT);
      for (const { dataDir, state } of states) {
        await killRecordedCluster(dataDir, state);
        log(`stopped ${state.server} (${dataDir})`);
      }
      if (states.length === 0) log('no control plane is running');
      return 0;
    }
    case 'status': {
      const states = readStates(RUN_ROOT);
      if (states.length === 0)
        console.log('no control plane is running; start one with: npm run testenv -- up');
      for (const { dataDir, state } of states) {
        console.log(`${state.server}  kubeconfig ${state.kubeconfigPath}  data ${dataDir}`);
        for (const { name, pid } of state.pids)
          console.log(`  ${name.padEnd(24)} pid ${pid}  ${isAlive(pid) ? 'running' : 'EXITED'}`);
      }
      return 0;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

function printHowTo(kubeconfigPath: string, kubectl: string): void {
  console.log(
    `\nKubernetes control plane is up.\n  KUBECONFIG=${kubeconfigPath}\n  Try: ${kubectl} --kubeconfig ${kubeconfigPath} get nodes\n`,
  );
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ComponentError ? error.message : error);
    process.exit(1);
  },
);
