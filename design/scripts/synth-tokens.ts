// `npm run synth:tokens`: writes design/tokens.css from design/src/tokens.ts (the console imports the file; the
// site and Home Base embed the same text). `--check` exits 1 when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tokensCss } from '../src/index.js';

const target = fileURLToPath(new URL('../tokens.css', import.meta.url));
const expected = tokensCss();
if (process.argv.includes('--check')) {
  const actual = readFileSync(target, 'utf8');
  if (actual !== expected) {
    process.stderr.write('design/tokens.css is stale: run npm run synth:tokens\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, expected);
  process.stdout.write('wrote design/tokens.css\n');
}
