import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DEV_BIN = fileURLToPath(new URL('../../bin/dev.js', import.meta.url));
const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url));

export interface BiResult {
  /** The exit code (null when a signal ended it). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunBiOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. */
  readonly input?: string;
  /** Kill it (SIGKILL) after this many milliseconds. @default 240_000 */
  readonly timeoutMs?: number;
  /** Called with the child once it started (e.g. to send SIGINT later). */
  readonly onSpawn?: (child: ChildProcess) => void;
  /** Called with each chunk of stdout. */
  readonly onStdout?: (chunk: string) => void;
}

/**
 * Runs `bi` from source (cli/bin/dev.js under tsx, as `npm run bi` does) in a child process and resolves with its
 * exit code and output. The working directory is the repository root.
 * @example const { code, stdout } = await runBi(['version', '--output', 'json']);
 */
export function runBi(args: readonly string[], options: RunBiOptions = {}): Promise<BiResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', DEV_BIN, ...args], {
      cwd: REPO_DIR,
      env: { ...(options.env ?? process.env), FORCE_COLOR: '0', CI: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}
