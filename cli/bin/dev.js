// bi from source (tests, npm run bi). tsx is already loaded (--import tsx), so the commands are imported
// straight from src/commands: oclif's own source mapping wants to register tsx or ts-node a second time.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execute } from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
pjson.oclif.commands = './src/commands';

await execute({ dir: import.meta.url, loadOptions: { root, pjson } });
