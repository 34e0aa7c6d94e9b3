import { spawnSync } from 'node:child_process';
import { REPO_DIR } from '../scripts/paths.js';

/** Runs a deploy script the way the root npm scripts do, from the repository root. */
function node(args: string[]) {
  const result = spawnSync(process.execPath, args, { cwd: REPO_DIR, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the deploy scripts as commands', () => {
  it('synth-rbac --check passes on the committed ClusterRole', () => {
    const result = node([
      '--conditions=source',
      '--import',
      'tsx',
      'deploy/scripts/synth-rbac.ts',
      '--check',
    ]);
    expect(result).toEqual({ status: 0, output: 'deploy/base/cluster-role.yaml is up to date\n' });
  });

  it('synth-rbac refuses to run on the compiled catalog, which may be stale', () => {
    const result = node(['--import', 'tsx', 'deploy/scripts/synth-rbac.ts', '--check']);
    expect(result.status).toBe(2);
    expect(result.output).toMatch(/run with node --conditions=source/);
  });

  it('sync-crds --check passes on the committed copy and rejects unknown arguments', () => {
    expect(node(['--import', 'tsx', 'deploy/scripts/sync-crds.ts', '--check'])).toEqual({
      status: 0,
      output: 'deploy/base/crds/all.yaml is up to date\n',
    });
    const wrong = node(['--import', 'tsx', 'deploy/scripts/sync-crds.ts', '--force']);
    expect(wrong.status).toBe(2);
    expect(wrong.output).toMatch(/unknown argument --force; usage: sync-crds \[--check\]/);
  });
});
