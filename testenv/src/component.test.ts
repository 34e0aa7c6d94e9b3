import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startComponent, waitUntil } from './component.js';
import { ComponentError } from './errors.js';

describe('a supervised component', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'component-test-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails fast when the process exits early, naming the component, the command, its log and the last lines', async () => {
    const logPath = join(dir, 'etcd.log');
    const component = startComponent(
      'etcd',
      '/bin/sh',
      ['-c', 'echo "listen tcp 127.0.0.1:2379: bind: address already in use" >&2; exit 3'],
      { logPath },
    );
    const error = await waitUntil(component, 'healthy', async () => false, 10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    const message = (error as Error).message;
    expect(message).toContain('etcd: exited early (3) before healthy');
    expect(message).toContain('bind: address already in use');
    expect(message).toContain('command: /bin/sh -c');
    expect(message).toContain(`log: ${logPath}`);
    expect(readFileSync(logPath, 'utf8')).toContain('address already in use');
  });

  it('times out with the component named when it never becomes ready, and stop() ends it', async () => {
    const component = startComponent('kwok', '/bin/sleep', ['30'], { logPath: join(dir, 'kwok.log') });
    await expect(waitUntil(component, 'ready', async () => false, 300)).rejects.toThrow(
      /^kwok: not ready after 0.3 s/,
    );
    await component.stop();
    expect(component.isRunning()).toBe(false);
    expect(() => process.kill(component.pid, 0)).toThrow(/ESRCH/);
  });

  it('escalates to SIGKILL when a process ignores SIGTERM', async () => {
    const component = startComponent(
      'stubborn',
      '/bin/sh',
      ['-c', 'trap "" TERM; while :; do sleep 0.05; done'],
      {
        logPath: join(dir, 's.log'),
      },
    );
    await new Promise((r) => setTimeout(r, 100));
    await component.stop(200);
    expect(await component.exited).toBe('SIGKILL');
  });
});
