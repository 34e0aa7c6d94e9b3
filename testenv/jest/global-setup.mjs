// Jest loads global setup outside its module system; tsx lets it import the TypeScript sources directly.
import { tsImport } from 'tsx/esm/api';

/**
 * Starts one real control plane and one throwaway Postgres database for the whole integration run and
 * hands them to the test workers through the environment (workers start after this and inherit it).
 */
export default async function globalSetup() {
  const { startTestCluster, startPostgres } = await tsImport('../src/index.ts', import.meta.url);
  const log = (line) => process.stderr.write(`[testenv] ${line}\n`);
  const cluster = await startTestCluster({ onProgress: log, nodes: 3 });
  const postgres = await startPostgres().catch(async (error) => {
    await cluster.stop();
    throw error;
  });
  process.env.KUBECONFIG = cluster.kubeconfigPath;
  process.env.BI_TEST_KUBECONFIG = cluster.kubeconfigPath;
  process.env.BI_TEST_KUBECTL = cluster.binaries.kubectl;
  process.env.BI_TEST_DATABASE_URL_RUN = postgres.databaseUrl;
  globalThis.__testenv = { cluster, postgres };
  log(`kubeconfig ${cluster.kubeconfigPath}; database ${postgres.databaseUrl}`);
}
