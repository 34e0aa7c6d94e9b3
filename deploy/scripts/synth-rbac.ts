// Entry point: node --conditions=source --import tsx deploy/scripts/synth-rbac.ts [--check]
// Writes deploy/base/cluster-role.yaml from the catalog; with --check, exits 1 when the committed file is stale.
//
// The catalog must come from source: without the `source` condition, @batteries-included/batteries resolves to
// its compiled dist/, which may be stale, and stale RBAC would be committed as if it were current.
const resolved = import.meta.resolve('@batteries-included/batteries');
if (!resolved.endsWith('/src/index.ts')) {
  console.error(`synth-rbac: run with node --conditions=source (the catalog resolved to ${resolved})`);
  process.exitCode = 2;
} else {
  const { runSynthRbac } = await import('./catalog-cluster-role.js');
  process.exitCode = runSynthRbac(process.argv.slice(2));
}
