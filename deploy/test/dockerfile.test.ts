import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEPLOY_DIR, REPO_DIR } from '../scripts/paths.js';
import { copies, isInContext, parseDockerfile, type Stage } from './support/dockerfile.js';

const dockerfile = parseDockerfile(readFileSync(join(DEPLOY_DIR, 'Dockerfile'), 'utf8'));
const ignore = readFileSync(join(DEPLOY_DIR, 'Dockerfile.dockerignore'), 'utf8');
const build = dockerfile.stages.find((stage) => stage.name === 'build')!;
const runtime = dockerfile.stages.at(-1)!;
const readJson = (path: string) => JSON.parse(readFileSync(join(REPO_DIR, path), 'utf8'));
const args = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword).map((i) => i.args);

interface WorkspacePackage {
  name: string;
  dependencies?: Record<string, string>;
  exports: { '.': { default: string } };
}

/** The workspace folders `operator` imports at run time, itself included (from package.json dependencies). */
function runtimeWorkspaces(): string[] {
  const seen = new Set<string>();
  const visit = (folder: string) => {
    if (seen.has(folder)) return;
    seen.add(folder);
    const pkg = readJson(`${folder}/package.json`) as WorkspacePackage;
    for (const name of Object.keys(pkg.dependencies ?? {}))
      if (name.startsWith('@batteries-included/')) visit(name.slice('@batteries-included/'.length));
  };
  visit('operator');
  return [...seen].sort();
}

/** The TypeScript projects `tsc -b operator` builds: operator and its project references, transitively. */
function buildProjects(): string[] {
  const seen = new Set<string>();
  const visit = (folder: string) => {
    if (seen.has(folder)) return;
    seen.add(folder);
    const tsconfig = readJson(`${folder}/tsconfig.json`) as { references?: Array<{ path: string }> };
    for (const reference of tsconfig.references ?? []) visit(reference.path.replace(/^\.\.\//, ''));
  };
  visit('operator');
  return [...seen].sort();
}

describe('deploy/Dockerfile', () => {
  it('builds on node:22-bookworm-slim in every stage, with a build stage and a separate runtime stage', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of dockerfile.stages) expect(stage.from).toBe('node:22-bookworm-slim');
    expect(build).toBeDefined();
    expect(runtime).not.toBe(build);
  });

  it('runs node operator/dist/main.js as a numeric non-root user and exposes port 4000', () => {
    expect(args(runtime, 'CMD')).toEqual(['["node", "operator/dist/main.js"]']);
    const [user] = args(runtime, 'USER');
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user!.split(':')[0])).toBeGreaterThan(0);
    expect(args(runtime, 'EXPOSE')).toEqual(['4000']);
    expect(args(runtime, 'ENV').join(' ')).toMatch(/BI_HTTP_PORT=4000/);
  });

  it('runs as the user the Deployment declares, so runAsNonRoot and volume ownership agree', () => {
    const deployment = parse(readFileSync(join(DEPLOY_DIR, 'base/deployment.yaml'), 'utf8'));
    const podSecurity = deployment.spec.template.spec.securityContext;
    expect(args(runtime, 'USER')).toEqual([`${podSecurity.runAsUser}:${podSecurity.runAsGroup}`]);
    expect(args(runtime, 'RUN').join(' ')).toContain(
      `chown ${podSecurity.runAsUser}:${podSecurity.runAsGroup} /data`,
    );
  });

  it('installs dev dependencies only in the build stage, never with npm ci', () => {
    const buildInstall = args(build, 'RUN').find((run) => run.includes('npm install'));
    const runtimeInstall = args(runtime, 'RUN').find((run) => run.includes('npm install'));
    expect(buildInstall).toBeDefined();
    expect(buildInstall).not.toContain('--omit=dev');
    expect(runtimeInstall).toContain('--omit=dev');
    for (const stage of dockerfile.stages) expect(args(stage, 'RUN').join('\n')).not.toMatch(/npm ci\b/);
    expect(args(build, 'RUN').join('\n')).toMatch(/tsc -b operator/);
  });

  it('copies every workspace manifest into both stages, so npm install sees the workspaces it expects', () => {
    const workspaces = (readJson('package.json') as { workspaces: string[] }).workspaces;
    for (const stage of [build, runtime]) {
      const copied = copies(stage)
        .filter((copy) => !copy.from)
        .flatMap((copy) => copy.sources);
      for (const folder of workspaces) expect(copied).toContain(`${folder}/package.json`);
      expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json']));
    }
  });

  it('builds every TypeScript project operator references, and ships the compiled entry of each runtime import', () => {
    const buildSources = copies(build).flatMap((copy) => copy.sources);
    for (const project of buildProjects()) {
      expect(buildSources).toContain(`${project}/tsconfig.json`);
      expect(buildSources).toContain(`${project}/src`);
    }
    const shipped = copies(runtime).filter((copy) => copy.from === 'build');
    for (const folder of runtimeWorkspaces()) {
      const pkg = readJson(`${folder}/package.json`) as WorkspacePackage;
      const outDir = pkg.exports['.'].default.replace(/^\.\//, '').split('/')[0];
      expect(shipped).toContainEqual({
        from: 'build',
        sources: [`/src/${folder}/${outDir}`],
        destination: `${folder}/${outDir}`,
      });
    }
    expect(runtimeWorkspaces()).toEqual(expect.arrayContaining(['batteries', 'crds', 'operator']));
  });

  it('copies only paths that exist and that its ignore file lets into the context', () => {
    for (const stage of dockerfile.stages) {
      for (const copy of copies(stage).filter((c) => !c.from)) {
        for (const source of copy.sources) {
          expect([source, existsSync(join(REPO_DIR, source))]).toEqual([source, true]);
          expect([source, isInContext(ignore, source)]).toEqual([source, true]);
        }
      }
    }
  });
});

describe('deploy/Dockerfile.dockerignore', () => {
  it('keeps sources in and node_modules, build output, tests, goldens and local state out', () => {
    expect(isInContext(ignore, 'operator/src/index.ts')).toBe(true);
    expect(isInContext(ignore, 'batteries/src/catalog/redis/chart.ts')).toBe(true);
    for (const path of [
      'node_modules/yaml/package.json',
      'operator/dist/index.js',
      'crds/build/index.js',
      'operator/src/kube/lease.int.test.ts',
      'batteries/src/catalog/redis/__golden__/default.yaml',
      '.testenv/cluster-1/kubeconfig',
      '.git/HEAD',
      'deploy/Dockerfile',
      '.env',
    ]) {
      expect([path, isInContext(ignore, path)]).toEqual([path, false]);
    }
  });
});

describe('isInContext', () => {
  it('lets the last matching pattern decide, matching parent directories and ** prefixes', () => {
    expect(isInContext('*\n!a/src\n**/*.test.ts', 'a/src/x.ts')).toBe(true);
    expect(isInContext('*\n!a/src\n**/*.test.ts', 'a/src/deep/x.test.ts')).toBe(false);
    expect(isInContext('*\n!a/src', 'a/other.ts')).toBe(false);
    expect(isInContext('# comment\n', 'anything')).toBe(true);
  });
});
