import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCrdFiles } from './crd-files.js';
import { runSynth } from './synth-command.js';

describe('runSynth', () => {
  let dir: string;
  let output: string[];
  const options = () => ({
    crdsDir: dir,
    log: (line: string) => output.push(line),
    error: (line: string) => output.push(line),
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'synth-'));
    output = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('with --check, exits 1 and lists every stale file without writing anything', () => {
    expect(runSynth(['--check'], options())).toBe(1);
    expect(output).toContain('  all.yaml: missing');
    expect(output).toContain('  dist/core.yaml: missing');
    expect(existsSync(join(dir, 'all.yaml'))).toBe(false);
  });

  it('writes every file, removes files of batteries no longer in the catalog, and then passes --check', () => {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'retired.yaml'), 'kind: CustomResourceDefinition\n');
    expect(runSynth([], options())).toBe(0);
    for (const file of renderCrdFiles())
      expect(readFileSync(join(dir, file.path), 'utf8')).toBe(file.content);
    expect(existsSync(join(dir, 'dist', 'retired.yaml'))).toBe(false);
    expect(output).toContain('removed dist/retired.yaml');

    output = [];
    expect(runSynth(['--check'], options())).toBe(0);
    expect(output).toEqual([expect.stringMatching(/files are up to date$/)]);
  });

  it('with --check, names a file edited by hand', () => {
    runSynth([], options());
    writeFileSync(join(dir, 'dist', 'core.yaml'), '# edited\n', { flag: 'a' });
    output = [];
    expect(runSynth(['--check'], options())).toBe(1);
    expect(output).toContain('  dist/core.yaml: out of date');
  });

  it('exits 2 on an unknown argument', () => {
    expect(runSynth(['--chek'], options())).toBe(2);
    expect(output).toEqual(['synth: unknown argument --chek; usage: synth [--check]']);
  });
});
