import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./testing/print-catalog.ts', import.meta.url));
const skewedClock = fileURLToPath(new URL('./testing/skewed-clock.mjs', import.meta.url));

async function generateIn(env: Record<string, string>, preload: string[] = []): Promise<string> {
  const { stdout } = await run(process.execPath, [...preload, '--import', 'tsx', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

describe('generate()', () => {
  it('produces the same bytes in separate processes with different TZ, locale, env and clock', async () => {
    const [a, b] = await Promise.all([
      generateIn({ TZ: 'UTC', LANG: 'C', HOME: '/tmp' }),
      generateIn(
        {
          TZ: 'Pacific/Chatham',
          LANG: 'de_DE.UTF-8',
          LC_ALL: 'tr_TR.UTF-8',
          USER: 'someone',
          CDK8S_OUTDIR: '/nonexistent',
        },
        ['--import', skewedClock],
      ),
    ]);
    expect(a.length).toBeGreaterThan(10_000);
    expect(JSON.parse(a).objects.length).toBeGreaterThan(10);
    // Every instance kind rendered (the print script also checks a memoized second generate() gives the same bytes).
    const instances = JSON.parse(a).instances as Array<{ type: string; status: string }>;
    expect(instances.length).toBeGreaterThanOrEqual(4);
    expect(instances.every((instance) => instance.status === 'generated')).toBe(true);
    expect(b).toBe(a);
  }, 60_000);
});
