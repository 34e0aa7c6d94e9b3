import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileState, syncGeneratedFile } from '../scripts/generated-file.js';

describe('syncGeneratedFile', () => {
  let dir: string;
  const lines: string[] = [];
  const options = (check: boolean) => ({
    check,
    root: dir,
    log: (line: string) => lines.push(line),
    error: (line: string) => lines.push(line),
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-generated-'));
    lines.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('with --check, exits 1 for a missing or different file and writes nothing', () => {
    const path = join(dir, 'sub', 'file.yaml');
    expect(syncGeneratedFile(path, 'a: 1\n', 'run-me', options(true))).toBe(1);
    expect(fileState(path, 'a: 1\n')).toBe('missing');
    writeFileSync(join(dir, 'other.yaml'), 'a: 2\n');
    expect(syncGeneratedFile(join(dir, 'other.yaml'), 'a: 1\n', 'run-me', options(true))).toBe(1);
    expect(readFileSync(join(dir, 'other.yaml'), 'utf8')).toBe('a: 2\n');
    expect(lines).toEqual([
      'sub/file.yaml is missing; run run-me and commit the result',
      'other.yaml is out of date; run run-me and commit the result',
    ]);
  });

  it('without --check, writes the file, and a second run finds it up to date', () => {
    const path = join(dir, 'sub', 'file.yaml');
    expect(syncGeneratedFile(path, 'a: 1\n', 'run-me', options(false))).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('a: 1\n');
    expect(syncGeneratedFile(path, 'a: 1\n', 'run-me', options(true))).toBe(0);
    expect(lines).toEqual(['wrote sub/file.yaml', 'sub/file.yaml is up to date']);
  });
});
