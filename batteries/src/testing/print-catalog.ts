// Prints the canonical JSON of generate() over the whole catalog (every battery installed) on stdout.
// Used by determinism.test.ts, which runs it in separate processes with different TZ, env and clock.
import { CATALOG } from '../catalog/index.js';
import { generate } from '../generate.js';
import { canonicalJson } from '../hash/canonical-json.js';
import { testSnapshot } from './snapshot.js';

const result = generate(testSnapshot(Object.fromEntries(CATALOG.map((b) => [b.type, {}]))));
process.stdout.write(canonicalJson(result));
