import { fileURLToPath } from 'node:url';

/** A path in the repository (`repoPath('examples/platform.yaml')`); `repoPath('')` is its root. */
export const repoPath = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
