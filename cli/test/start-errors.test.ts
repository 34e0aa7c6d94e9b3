// bi start and bi stop refuse bad input before they touch anything: no kind or docker call, no cluster needed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installFakeTools, type FakeTools, runBi } from '@batteries-included/cli/testing';

describe('bi start / bi stop input errors (exit 2, nothing done)', () => {
  let fakes: FakeTools;
  let dir: string;
  const spec = (batteries: unknown[]) => {
    const path = join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(
      path,
      JSON.stringify({
        apiVersion: 'batteriesincl.com/install-spec/v1',
        slug: 'demo',
        kubeCluster: { provider: 'kind' },
        batteries,
      }),
    );
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bi-start-errors-'));
    fakes = installFakeTools({ kubeconfigPath: join(dir, 'unused-kubeconfig') });
  });

  afterAll(() => {
    fakes.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a spec naming an unknown battery or an invalid battery spec, before calling kind', async () => {
    const result = await runBi(
      [
        'start',
        spec([
          { type: 'nosuch', spec: {} },
          { type: 'redis', spec: { appendonly: 'yes' } },
        ]),
      ],
      {
        env: fakes.env,
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown battery "nosuch"');
    expect(result.stderr).toMatch(/redis: spec\.appendonly: .*; got "yes"/);
    expect(fakes.calls()).toEqual([]);
  }, 30_000);

  it('refuses a file that is not an install spec, naming the fields', async () => {
    const path = join(dir, 'not-a-spec.json');
    writeFileSync(path, JSON.stringify({ slug: 'Demo!', batteries: [] }));
    const result = await runBi(['start', path], { env: fakes.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a valid install spec/);
    expect(result.stderr).toMatch(/slug/);
    expect(fakes.calls()).toEqual([]);
  }, 30_000);

  it('refuses plain http from a host other than loopback', async () => {
    const result = await runBi(['start', 'http://home.example.com/api/v1/installations/x/spec'], {
      env: fakes.env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('install specs are fetched over https');
  }, 30_000);

  it('bi stop refuses an installation that does not exist', async () => {
    const result = await runBi(['stop', 'nosuch'], { env: fakes.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no installation or Kind cluster named "nosuch"');
    expect(fakes.calls().some((c) => c.argv[0] === 'delete')).toBe(false);
  }, 30_000);

  it('refuses an unknown flag with exit 2 and the usage', async () => {
    const result = await runBi(['start', '--bogus'], { env: fakes.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Nonexistent flag: --bogus');
  }, 30_000);
});
