// Entry point: node --import tsx deploy/scripts/sync-crds.ts [--check]
// Copies crds/all.yaml into deploy/base/crds/ (kustomize loads only files under the kustomization root);
// with --check, exits 1 when the copy is stale.
import { runSyncCrds } from './crd-copy.js';

process.exitCode = runSyncCrds(process.argv.slice(2));
