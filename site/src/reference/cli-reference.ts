import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown, type RenderedMarkdown } from '../markdown.js';

/** The `bi` reference: the exit-code table and every command, as `oclif readme` wrote them in `cli/README.md`. */
export interface CliReference {
  exitCodes: RenderedMarkdown;
  commands: RenderedMarkdown;
  /** Command names in README order, e.g. `bi battery install TYPES`. */
  commandNames: string[];
}

/** The text between `<!-- name -->` and `<!-- namestop -->`; throws naming the marker when it is missing. */
export function generatedSection(readme: string, name: string): string {
  const start = readme.indexOf(`<!-- ${name} -->`);
  const end = readme.indexOf(`<!-- ${name}stop -->`);
  if (start < 0 || end < start) {
    throw new Error(
      `cli/README.md has no <!-- ${name} --> … <!-- ${name}stop --> section (run npm run -w cli readme)`,
    );
  }
  return readme.slice(start + `<!-- ${name} -->`.length, end).trim();
}

/** Reads `cli/README.md` under `repoRoot`. */
export function cliReference(repoRoot: string): CliReference {
  const readme = readFileSync(join(repoRoot, 'cli', 'README.md'), 'utf8');
  const commands = renderMarkdown(generatedSection(readme, 'commands'));
  return {
    exitCodes: renderMarkdown(generatedSection(readme, 'exit-codes')),
    commands,
    commandNames: commands.headings.filter((h) => h.depth === 2).map((h) => h.text),
  };
}
