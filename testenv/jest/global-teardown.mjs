/** Stops what global-setup.mjs started. */
export default async function globalTeardown() {
  const env = globalThis.__testenv;
  if (!env) return;
  await env.postgres.stop();
  await env.cluster.stop();
}
