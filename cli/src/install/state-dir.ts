import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where `bi` keeps an installation's local state: `$XDG_STATE_HOME/bi/installs/<slug>/` (default
 * `~/.local/state/bi/installs/<slug>/`) — spec.json, kubeconfig.yaml, kind-config.yaml, and for a local operator
 * its data directory, log and pid file.
 */
export function installStateDir(slug: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'bi', 'installs', slug);
}

export const STATE_FILES = {
  spec: 'spec.json',
  kubeconfig: 'kubeconfig.yaml',
  kindConfig: 'kind-config.yaml',
  operatorPid: 'operator.pid.json',
  operatorLog: 'operator.log',
  operatorData: 'operator-data',
  install: 'install.json',
} as const;
