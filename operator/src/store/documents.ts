import { createHash } from 'node:crypto';
import { canonicalJson } from '@batteries-included/batteries';
import type { Sql } from '@batteries-included/sql';
import type { DocumentKind } from './types.js';

/** A document ready to insert: its key, and its canonical JSON (computed once). */
export interface NewDocument {
  hash: string;
  kind: DocumentKind;
  json: string;
}

/**
 * Content-addresses a body: the key is SHA-256 over the kind and the body's canonical JSON, so equal
 * bodies of one kind share a row and a spec can never collide with an object that happens to look alike.
 * `json` may be passed when the caller has the canonical JSON already (it must equal `canonicalJson(body)`).
 */
export function makeDocument(kind: DocumentKind, body: unknown, json = canonicalJson(body)): NewDocument {
  return { hash: createHash('sha256').update(`${kind}\n`).update(json).digest('hex'), kind, json };
}

/** Rows per INSERT: keeps one statement's parameter to a few megabytes on a first install. */
const CHUNK = 200;

/** Inserts the documents not already stored; existing ones are not touched (no new row versions). */
export async function insertDocuments(tx: Sql, documents: Iterable<NewDocument>): Promise<void> {
  const unique = [...new Map([...documents].map((d) => [d.hash, d])).values()];
  for (let start = 0; start < unique.length; start += CHUNK) {
    const chunk = unique.slice(start, start + CHUNK);
    const payload = `[${chunk.map((d) => `{"hash":"${d.hash}","kind":"${d.kind}","body":${d.json}}`).join(',')}]`;
    await tx.query(
      `INSERT INTO documents (hash, kind, body)
       SELECT d->>'hash', d->>'kind', d->'body' FROM jsonb_array_elements($1::text::jsonb) AS d
       ON CONFLICT (hash) DO NOTHING`,
      [payload],
    );
  }
}
