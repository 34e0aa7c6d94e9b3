import { installationLogId } from '@batteries-included/batteries';
import type { Store } from '../store/store.js';
import type { SealBinding, SecretBox } from './secret-box.js';

const PURPOSES = { signing_keys: 'signing-key', installations: 'installation-key' } as const;

/**
 * Re-seals values written before seals were bound to their row (`v1`, AES-GCM without associated data) under
 * their binding (purpose and row id), so that afterwards nothing opens outside its own row. Idempotent: rows
 * already bound are left alone; runs at every start, after the schema migrations. Resolves with how many rows it
 * re-sealed. Throws (naming the row) when a legacy value does not open: the secret is not the one it was sealed with.
 */
export async function resealLegacyValues(store: Store, box: SecretBox): Promise<number> {
  let count = 0;
  for (const row of await store.listLegacySealed()) {
    const binding: SealBinding = { purpose: PURPOSES[row.table], id: row.id };
    let plaintext: string;
    try {
      plaintext = box.openLegacy(row.sealed);
    } catch (error) {
      // An installation's id is the capability for its spec: name it by its log id.
      const name = row.table === 'installations' ? installationLogId(row.id) : row.id;
      throw new Error(
        `HOME_BASE_SECRET cannot open the sealed ${binding.purpose} of ${row.table} row ${name}: the secret is ` +
          'not the one it was sealed with',
        { cause: error },
      );
    }
    if (await store.replaceSealed(row, box.seal(plaintext, binding))) count += 1;
  }
  return count;
}
