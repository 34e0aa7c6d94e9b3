import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { ComponentError } from './errors.js';
import { eventually, EventuallyTimeoutError } from './eventually.js';

/** A control-plane process started by testenv, with its log file. */
export interface Component {
  readonly name: string;
  readonly pid: number;
  readonly command: string;
  readonly logPath: string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  isRunning(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartComponentOptions {
  logPath: string;
  env?: Record<string, string>;
  /** Own process group, surviving this process (for `npm run testenv -- up`). Default false. */
  detached?: boolean;
}

/** Starts a component with stdout and stderr appended to its log file. */
export function startComponent(
  name: string,
  binary: string,
  args: string[],
  options: StartComponentOptions,
): Component {
  const fd = openSync(options.logPath, 'a');
  const command = [binary, ...args].join(' ');
  let child: ChildProcess;
  try {
    child = spawn(binary, args, {
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...options.env },
      detached: options.detached ?? false,
    });
  } finally {
    closeSync(fd);
  }
  let running = true;
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      running = false;
      resolve(code ?? signal ?? 'unknown');
    });
    child.on('error', () => {
      running = false;
      resolve('spawn-error');
    });
  });
  if (options.detached) child.unref();
  return {
    name,
    pid: child.pid ?? -1,
    command,
    logPath: options.logPath,
    exited,
    isRunning: () => running,
    async stop(graceMs = 5000) {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `check` until it returns true, failing fast with the component's log tail if the process exits,
 * and with a timeout error naming the component otherwise.
 */
export async function waitUntil(
  component: Component,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const exitedEarly = async () =>
    component.isRunning()
      ? undefined
      : new ComponentError(
          component.name,
          `exited early (${await component.exited}) before ${what}. Last log lines:\n${logTail(component.logPath)}`,
          component.command,
          component.logPath,
        );
  try {
    await eventually(what, check, { timeoutMs, intervalMs: 100, failFast: exitedEarly });
  } catch (error) {
    if (!(error instanceof EventuallyTimeoutError)) throw error;
    const last = error.lastError instanceof Error ? ` (last error: ${error.lastError.message})` : '';
    throw new ComponentError(
      component.name,
      `not ${what} after ${timeoutMs / 1000} s${last}. Last log lines:\n${logTail(component.logPath)}`,
      component.command,
      component.logPath,
    );
  }
}

export function logTail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `    ${l}`)
      .join('\n');
  } catch {
    return '    (no log)';
  }
}
