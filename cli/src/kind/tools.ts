import { spawn } from 'node:child_process';
import { CliFailure, MissingToolError, ToolFailedError } from '../lib/errors.js';
import { EXIT_CODES } from '../lib/exit-codes.js';

const INSTALL_HINTS: Readonly<Record<string, string>> = {
  kind: 'install Kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation), or use --provider provided with an existing cluster',
  docker:
    'install Docker (https://docs.docker.com/engine/install/) and start it; Kind runs its nodes as Docker containers',
};

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
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        reject(new MissingToolError(tool, INSTALL_HINTS[tool] ?? 'install it and retry'));
      else reject(error);
    });
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new ToolFailedError(`${tool} ${args.join(' ')}`, code, stderr));
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
