import { readFileSync } from 'node:fs';
import { CATALOG, INSTANCE_KINDS } from '@batteries-included/batteries';
import { crdName } from '@batteries-included/crds';
import { parseAllDocuments } from 'yaml';
import { renderCrdCopy, SYNC_CRDS_COMMAND } from '../scripts/crd-copy.js';
import { CRDS_COPY_PATH, CRDS_SOURCE_PATH } from '../scripts/paths.js';

describe('deploy/base/crds/all.yaml', () => {
  it('is crds/all.yaml as committed there, under a header (not stale)', () => {
    if (readFileSync(CRDS_COPY_PATH, 'utf8') !== renderCrdCopy()) {
      throw new Error(`deploy/base/crds/all.yaml differs from crds/all.yaml; run ${SYNC_CRDS_COMMAND}`);
    }
  });

  it('holds the CRD of every battery and every instance kind in the catalog', () => {
    const names = parseAllDocuments(readFileSync(CRDS_COPY_PATH, 'utf8')).map(
      (document) => (document.toJS() as { metadata: { name: string } }).metadata.name,
    );
    expect(names.sort()).toEqual(
      [
        ...CATALOG.map((battery) => crdName(battery.type)),
        ...INSTANCE_KINDS.map((definition) => `${definition.plural}.batteries.batteriesincl.com`),
      ].sort(),
    );
  });

  it('keeps the source byte for byte after its header', () => {
    const source = 'kind: CustomResourceDefinition\n';
    const copy = renderCrdCopy(source);
    expect(copy.endsWith(source)).toBe(true);
    expect(copy.slice(0, -source.length)).toMatch(/^(# .*\n)+$/);
    expect(readFileSync(CRDS_COPY_PATH, 'utf8').endsWith(readFileSync(CRDS_SOURCE_PATH, 'utf8'))).toBe(true);
  });
});
