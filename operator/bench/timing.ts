// Small helpers the benchmarks share: a log line with the elapsed time, medians, rounding, timeouts, a child
// process timed as a user sees it.
import { execFile } from 'node:child_process';

const benchStarted = performance.now();

/** Seconds since the benchmark started, then the line, on stderr. */
export function log(line: string): void {
  console.error(`[${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${line}`);
}

/** Seconds since the benchmark started. */
export function benchSeconds(): number {
  return (performance.now() - benchStarted) / 1000;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects when `promise` takes longer than `ms`. */
export function within<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs a command to completion; resolves with its output and wall time (process start included). */
export function run(
  command: string,
  args: readonly string[],
  timeoutMs = 240_000,
): Promise<{ stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 << 20, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`));
      else resolve({ stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Prints rows as a table with ` | ` between columns and a rule under the header. */
export function printRows(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows.slice(1)) console.log(line(row));
}
