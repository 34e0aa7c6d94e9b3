// The operator as deployed — its own process running operator/src/main.ts — with its JSON log parsed as it comes,
// for tests of what survives a kill, a restart or a second replica.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { repoPath } from './repo-path.js';

/** One line of the operator's pino JSON log. */
export interface LogLine {
  level: number;
  msg: string;
  time: number;
  [field: string]: unknown;
}

/** The operator process (`operator/src/main.ts`), its parsed log, and ways to end it. */
export interface OperatorProcess {
  readonly name: string;
  readonly pid: number;
  /** Every JSON log line so far, in order. */
  readonly logs: LogLine[];
  /** Resolves with the first log line (from now or already seen) that matches. @default timeoutMs 60_000 */
  waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code or signal. */
  readonly exited: Promise<number | string>;
  /** SIGKILL: no shutdown hook runs, nothing is flushed, the Lease is not released. */
  kill(): Promise<void>;
  /** SIGTERM: the operator's clean shutdown (it releases the Lease). */
  stop(): Promise<void>;
  /** The log's tail and stderr, for failure messages. */
  diagnostics(): string;
}

/**
 * Starts the operator as its own process, as deployed: `node --conditions=source --import tsx
 * operator/src/main.ts` with only the environment it is given (plus PATH and HOME). `Platform.spawnOperator`
 * fills in the cluster's kubeconfig and a free HTTP port, and ends the process with the platform.
 */
export function spawnOperator(name: string, env: Record<string, string>): OperatorProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'operator/src/main.ts'],
    {
      cwd: repoPath(''),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: LogLine[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      logs.push(JSON.parse(text) as LogLine);
    } catch {
      logs.push({ level: 30, msg: text, time: Date.now() });
    }
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
      for (const listener of listeners) listener();
    }),
  );
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const diagnostics = () =>
    `${name} log tail:\n${logs
      .slice(-15)
      .map((l) => `  ${JSON.stringify(l)}`)
      .join('\n')}\n${name} stderr: ${stderr.trim() || '(empty)'}`;
  const end = async (signal: NodeJS.Signals) => {
    if (!hasExited()) child.kill(signal);
    await exited;
  };
  return {
    name,
    pid: child.pid ?? -1,
    logs,
    exited,
    diagnostics,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    // Event-driven rather than polled: a log line is matched the moment it is parsed.
    waitForLog(match, what, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = logs.find(match);
          if (found) return finish(() => resolve(found));
          if (hasExited()) finish(() => reject(new Error(`${name} exited before ${what}\n${diagnostics()}`)));
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(new Error(`${name}: no ${what} after ${timeoutMs / 1000} s\n${diagnostics()}`)),
            ),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}
