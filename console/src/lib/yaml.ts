import { stringify } from 'yaml';

/**
 * Specs and Kubernetes objects as YAML for people to read and diff (block style, keys in the order given,
 * multi-line strings as `|` blocks, no folding of long lines). Strings are quoted wherever a YAML 1.1 reader —
 * kubectl's, for one — would take them for something else (`'on'`, `'yes'`, `'1'`), so a copied value means
 * what it says. Display only; the API speaks JSON.
 * @example toYaml({ spec: { storageSize: '20Gi' } }) // 'spec:\n  storageSize: 20Gi\n'
 */
export function toYaml(value: unknown): string {
  if (value === undefined) return '';
  return stringify(value, {
    version: '1.1',
    lineWidth: 0,
    singleQuote: true,
    // Repeated values are written out where they stand; anchors and aliases would hide them from a reader.
    aliasDuplicateObjects: false,
  });
}
