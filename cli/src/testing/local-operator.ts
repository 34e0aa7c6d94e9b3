import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Kills the `--local-operator` of an installation if one is still running (a test's last resort when `bi stop`
 * could not finish), so no operator process outlives the test.
 */
export function killLocalOperator(xdgStateHome: string, name: string): void {
  const file = join(xdgStateHome, 'bi', 'installs', name, 'operator.pid.json');
  if (!existsSync(file)) return;
  const { pid } = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
