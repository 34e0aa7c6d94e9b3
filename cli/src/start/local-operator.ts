import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATE_FILES } from '../install/state-dir.js';
import { CliFailure, InterruptedError, WaitTimeoutError } from '../lib/errors.js';
import { EXIT_CODES } from '../lib/exit-codes.js';

export interface LocalOperatorRecord {
  pid: number;
  port: number;
  startedAt: string;
  logFile: string;
}

export interface StartLocalOperatorOptions {
  readonly stateDir: string;
  readonly kubeconfigPath: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Extra environment (Home Base reporting). */
  readonly env?: Record<string, string>;
  readonly signal?: AbortSignal;
  /** How long the operator gets to answer /healthz. @default 120_000 */
  readonly timeoutMs?: number;
}

/** The operator's entry point and how to run it: main.ts through tsx from a clone, main.js from a build. */
function operatorCommand(): { args: string[] } {
  const index = fileURLToPath(import.meta.resolve('@batteries-included/operator'));
  const main = index.replace(/index\.(ts|js)$/, 'main.$1');
  return main.endsWith('.ts') ? { args: ['--conditions=source', '--import', 'tsx', main] } : { args: [main] };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLocalOperator(stateDir: string): LocalOperatorRecord | undefined {
  const file = join(stateDir, STATE_FILES.operatorPid);
  if (!existsSync(file)) return undefined;
  const record = JSON.parse(readFileSync(file, 'utf8')) as LocalOperatorRecord;
  return isAlive(record.pid) ? record : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Runs the operator on this machine against the cluster: detached (it outlives `bi start`), KUBECONFIG pointed at
 * the install's kubeconfig, its embedded database in `<state>/operator-data`, logs in `<state>/operator.log`, its
 * pid in `<state>/operator.pid.json`. Already running for this install → reused. Resolves once /healthz answers.
 */
export async function startLocalOperator(
  options: StartLocalOperatorOptions,
): Promise<LocalOperatorRecord & { reused: boolean }> {
  const running = readLocalOperator(options.stateDir);
  if (running && (await healthy(running.port))) return { ...running, reused: true };
  if (running) await stopLocalOperator(options.stateDir);
  const port = options.port || (await freePort());
  const dataDir = join(options.stateDir, STATE_FILES.operatorData);
  mkdirSync(dataDir, { recursive: true });
  const logFile = join(options.stateDir, STATE_FILES.operatorLog);
  const log = openSync(logFile, 'a');
  const { args } = operatorCommand();
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      ...options.env,
      KUBECONFIG: options.kubeconfigPath,
      DATA_DIR: dataDir,
      BI_HTTP_PORT: String(port),
      BI_HTTP_HOST: '127.0.0.1',
    },
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.unref();
  if (!child.pid) throw new CliFailure('could not start the operator process', EXIT_CODES.failed);
  const record: LocalOperatorRecord = { pid: child.pid, port, startedAt: new Date().toISOString(), logFile };
  writeFileSync(join(options.stateDir, STATE_FILES.operatorPid), JSON.stringify(record, null, 2));
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (!(await healthy(port))) {
    if (exited) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n');
      throw new CliFailure(
        `the operator exited during start-up; last lines of ${logFile}:\n${tail}`,
        EXIT_CODES.failed,
      );
    }
    if (options.signal?.aborted)
      throw new InterruptedError(
        'interrupted while the operator was starting (it keeps running; bi stop stops it)',
      );
    if (Date.now() > deadline)
      throw new WaitTimeoutError(`the operator did not answer /healthz on port ${port}; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return { ...record, reused: false };
}

/** Stops the local operator of an install (SIGTERM, SIGKILL after 20 s). Resolves false when none was running. */
export async function stopLocalOperator(stateDir: string): Promise<boolean> {
  const file = join(stateDir, STATE_FILES.operatorPid);
  const record = readLocalOperator(stateDir);
  rmSync(file, { force: true });
  if (!record) return false;
  try {
    process.kill(record.pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + 20_000;
  while (isAlive(record.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (isAlive(record.pid)) process.kill(record.pid, 'SIGKILL');
  return true;
}
