import { spawn } from 'node:child_process';
import { CliFailure, MissingToolError, ToolFailedError } from '../lib/errors.js';
import { EXIT_CODES } from '../lib/exit-codes.js';

const INSTALL_HINTS: Readonly<Record<string, string>> = {
  kind: 'install Kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation), or use --provider provided with an existing cluster',
  docker:
    'install Docker (https://docs.docker.com/engine/install/) and start it; Kind runs its nodes as Docker containers',
  psql: 'install the PostgreSQL client: on Debian or Ubuntu, apt-get install postgresql-client',
};

/** A program that could not start: MissingToolError, with how to install it, when it is not on PATH. */
const toolError = (tool: string, error: NodeJS.ErrnoException): Error =>
  error.code === 'ENOENT' ? new MissingToolError(tool, INSTALL_HINTS[tool] ?? 'install it and retry') : error;

export interface ToolResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs an external program and resolves with its output; a program not on PATH is a MissingToolError (exit 4),
 * a non-zero exit a ToolFailedError carrying its stderr.
 */
export function runTool(
  tool: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    // Its own process group: Ctrl-C reaches bi, which finishes the step (a half-created cluster helps nobody).
    const child = spawn(tool, args, {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', (error: NodeJS.ErrnoException) => reject(toolError(tool, error)));
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new ToolFailedError(`${tool} ${args.join(' ')}`, code, stderr));
    });
  });
}

/**
 * Runs an external program on this terminal (stdin, stdout and stderr are bi's) and resolves with its exit code;
 * a program not on PATH is a MissingToolError. Ctrl-C goes to the program (psql cancels its query), not to bi.
 */
export function runAttached(
  tool: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const ignore = () => {};
    process.on('SIGINT', ignore);
    const child = spawn(tool, args, { env: options.env ?? process.env, stdio: 'inherit' });
    child.on('error', (error: NodeJS.ErrnoException) => {
      process.off('SIGINT', ignore);
      reject(toolError(tool, error));
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(code ?? (signal === 'SIGINT' ? EXIT_CODES.interrupted : EXIT_CODES.failed));
    });
  });
}

/** Fails with MissingToolError unless every tool is on PATH (and, for docker, the daemon answers). */
export async function requireTools(tools: ReadonlyArray<'kind' | 'docker'>): Promise<void> {
  for (const tool of tools) {
    if (tool === 'kind') await runTool('kind', ['version']);
    if (tool === 'docker') {
      await runTool('docker', ['info', '--format', '{{.ServerVersion}}']).catch((error: unknown) => {
        if (!(error instanceof ToolFailedError)) throw error;
        throw new CliFailure(
          `Docker is installed but its daemon does not answer (${error.message}); start Docker and retry`,
          EXIT_CODES.missingTool,
        );
      });
    }
  }
}
