// `npm run homebase` as a process: embedded defaults (PGlite and a generated secret in the data directory),
// /healthz, a clean SIGTERM, and `rotate-key`, after which the old key is still published beside the new one.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, freePort } from '@batteries-included/testenv';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, ...env, DATABASE_URL: '', HOME_BASE_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve),
  );

/** Waits until Home Base answers /healthz (60 s, as long as it takes PGlite to initialise here), failing fast if it exits. */
async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  await eventually(
    'Home Base healthy',
    () =>
      fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    {
      timeoutMs: 60_000,
      failFast: () =>
        child.exitCode === null ? undefined : new Error(`Home Base exited with ${child.exitCode}`),
    },
  );
}

describe('the Home Base process', () => {
  let dataDir: string;
  const children: ChildProcess[] = [];
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'bi-homebase-main-'))));
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on embedded defaults, stops on SIGTERM, and rotate-key keeps the old key published', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { HOME_BASE_DATA_DIR: dataDir, PORT: String(port) };

    const first = run([], env);
    children.push(first);
    let logs = '';
    first.stdout!.on('data', (chunk) => (logs += chunk));
    await waitHealthy(url, first);
    const before = (await (await fetch(`${url}/api/v1/keys`)).json()) as { keys: Array<{ kid: string }> };
    expect(before.keys).toHaveLength(1);
    expect(existsSync(join(dataDir, 'secret'))).toBe(true);
    expect(existsSync(join(dataDir, 'db'))).toBe(true);
    first.kill('SIGTERM');
    expect(await exited(first)).toBe(0);
    const lines = logs
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; component: string });
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['store open', 'Home Base listening', 'request', 'shutting down']),
    );
    expect(lines.every((l) => l.component === 'homebase')).toBe(true);

    const rotate = run(['rotate-key'], env);
    children.push(rotate);
    expect(await exited(rotate)).toBe(0);

    const second = run([], env);
    children.push(second);
    await waitHealthy(url, second);
    const after = (await (await fetch(`${url}/api/v1/keys`)).json()) as { keys: Array<{ kid: string }> };
    expect(after.keys.map((k) => k.kid)).toEqual([before.keys[0]!.kid, expect.any(String)]);
    expect(after.keys[1]!.kid).not.toBe(before.keys[0]!.kid);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
  }, 180_000);
});
