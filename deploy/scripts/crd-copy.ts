import { readFileSync } from 'node:fs';
import { parseCheckFlag, syncGeneratedFile } from './generated-file.js';
import { CRDS_COPY_PATH, CRDS_SOURCE_PATH, REPO_DIR } from './paths.js';

export const SYNC_CRDS_COMMAND = 'node --import tsx deploy/scripts/sync-crds.ts';

const HEADER = [
  '# Copied from crds/all.yaml by deploy/scripts/sync-crds.ts: kustomize refuses to load files outside the',
  '# kustomization root, and crds/ is the source of truth. Do not edit; run the script after `npm run synth`.',
  '# A unit test (deploy/test/crds-copy.test.ts) fails when this copy differs from crds/all.yaml.',
  '',
].join('\n');

/** The copy's content: a header naming its source, then crds/all.yaml byte for byte. */
export function renderCrdCopy(source: string = readFileSync(CRDS_SOURCE_PATH, 'utf8')): string {
  return `${HEADER}${source}`;
}

/** `sync-crds [--check]`: writes deploy/base/crds/all.yaml, or exits 1 when it is stale. */
export function runSyncCrds(args: readonly string[]): number {
  const check = parseCheckFlag(args, 'sync-crds [--check]');
  if (check === undefined) return 2;
  return syncGeneratedFile(CRDS_COPY_PATH, renderCrdCopy(), SYNC_CRDS_COMMAND, { check, root: REPO_DIR });
}
