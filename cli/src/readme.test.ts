import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cliDir = fileURLToPath(new URL('..', import.meta.url));

describe('cli/README.md', () => {
  it('is what `npm run -w cli readme` generates (commands, flags, examples and exit codes)', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'scripts/readme.ts', '--print'],
      { cwd: cliDir, maxBuffer: 16 << 20 },
    );
    const committed = readFileSync(`${cliDir}/README.md`, 'utf8');
    // On failure: run `npm run -w cli readme` and commit cli/README.md.
    expect(committed).toBe(stdout);
  }, 60_000);

  it('shows examples for every bi command, and documents every exit code', () => {
    const readme = readFileSync(`${cliDir}/README.md`, 'utf8');
    const sections = readme
      .split(/^## `/m)
      .slice(1)
      .filter((s) => s.startsWith('bi ') && !s.startsWith('bi help'));
    expect(sections.length).toBeGreaterThanOrEqual(15);
    for (const section of sections)
      expect([section.split('`')[0], section.includes('EXAMPLES')]).toEqual([section.split('`')[0], true]);
    for (const code of [0, 1, 2, 3, 4, 5, 130]) expect(readme).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
