// Regenerates cli/README.md: the command reference with oclif's own readme generator (the engine of
// `oclif readme`), loaded from src/commands through tsx so it works from a fresh clone without a build, and the
// exit-code table from src/lib/exit-codes.ts.
//   npm run -w cli readme            rewrite README.md
//   npm run -w cli readme -- --print print what README.md should be (the staleness test compares it)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';
// oclif (the tool) has no exports map; its generator is what `oclif readme` runs.
import ReadmeGeneratorModule from 'oclif/lib/readme-generator.js';
import { EXIT_CODES, EXIT_CODE_MEANINGS, type ExitCodeName } from '../src/lib/exit-codes.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));

function replaceBetween(text: string, tag: string, body: string): string {
  const start = `<!-- ${tag} -->`;
  const stop = `<!-- ${tag}stop -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(stop);
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${stop} markers`);
  return `${text.slice(0, from + start.length)}\n${body.trim()}\n${text.slice(to)}`;
}

function exitCodeTable(): string {
  const rows = (Object.keys(EXIT_CODES) as ExitCodeName[]).map(
    (name) => `| ${EXIT_CODES[name]} | \`${name}\` | ${EXIT_CODE_MEANINGS[name]} |`,
  );
  return ['| code | name | meaning |', '|---|---|---|', ...rows].join('\n');
}

async function render(): Promise<string> {
  // Help text wraps at the terminal width; a fixed width keeps the README the same on every machine.
  process.env.OCLIF_COLUMNS = '110';
  const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  pjson.oclif.commands = './src/commands';
  const config = await Config.load({ root, pjson, devPlugins: false, userPlugins: false });
  const Generator =
    (ReadmeGeneratorModule as unknown as { default?: unknown }).default ?? ReadmeGeneratorModule;
  const generator = new (
    Generator as new (c: Config, o: Record<string, unknown>) => { generate(): Promise<string> }
  )(config, {
    aliases: true,
    dryRun: true,
    multi: false,
    nestedTopicsDepth: undefined,
    outputDir: 'docs',
    pluginDir: root,
    readmePath,
    sourceLinks: false,
    version: undefined,
  });
  // The generator announces each marker it replaces on stdout; keep stdout for --print.
  const log = console.log;
  console.log = () => {};
  const withCommands = await generator.generate().finally(() => {
    console.log = log;
  });
  return replaceBetween(withCommands, 'exit-codes', exitCodeTable());
}

const text = await render();
if (process.argv.includes('--print')) process.stdout.write(text);
else writeFileSync(readmePath, text);
