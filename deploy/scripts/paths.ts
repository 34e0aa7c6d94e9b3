import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEPLOY_DIR = join(REPO_DIR, 'deploy');
export const BASE_DIR = join(DEPLOY_DIR, 'base');
export const EXAMPLES_DIR = join(REPO_DIR, 'examples');
/** The generated ClusterRole. */
export const CLUSTER_ROLE_PATH = join(BASE_DIR, 'cluster-role.yaml');
/** The CRDs as synthesized by the crds workspace (committed there). */
export const CRDS_SOURCE_PATH = join(REPO_DIR, 'crds', 'all.yaml');
/** Their copy inside the kustomization root, where kustomize may load it. */
export const CRDS_COPY_PATH = join(BASE_DIR, 'crds', 'all.yaml');
