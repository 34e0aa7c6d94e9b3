import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tarGz } from './tar.js';

const run = promisify(execFile);

describe('tarGz', () => {
  it('writes an archive the system tar lists and extracts byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bi-tar-'));
    try {
      const big = 'x'.repeat(1500) + '\n';
      writeFileSync(
        join(dir, 'bundle.tar.gz'),
        tarGz([
          { name: 'bi/info.json', content: '{"a":1}' },
          { name: 'bi/big.txt', content: big },
          { name: 'bi/empty.txt', content: '' },
        ]),
      );
      const listed = await run('tar', ['-tzf', join(dir, 'bundle.tar.gz')]);
      expect(listed.stdout.trim().split('\n')).toEqual(['bi/info.json', 'bi/big.txt', 'bi/empty.txt']);
      await run('tar', ['-xzf', join(dir, 'bundle.tar.gz'), '-C', dir]);
      expect(readFileSync(join(dir, 'bi/info.json'), 'utf8')).toBe('{"a":1}');
      expect(readFileSync(join(dir, 'bi/big.txt'), 'utf8')).toBe(big);
      expect(readFileSync(join(dir, 'bi/empty.txt'), 'utf8')).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
