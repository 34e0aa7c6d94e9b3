// `npm start`: install what is missing, then run the product on embedded defaults in the foreground: the local
// Kubernetes control plane, the Battery CRDs and the operator on embedded PGlite. Ctrl-C stops everything cleanly.
import { spawn } from 'node:child_process';
import { ROOT } from './lib.mjs';
import { setup } from './setup.mjs';

setup({ testTools: false });
const child = spawn(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', 'scripts/start-product.ts'],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
// Ctrl-C reaches the child through the terminal's process group; forward TERM from other senders.
process.on('SIGTERM', () => child.kill('SIGTERM'));
process.on('SIGINT', () => {});
child.on('exit', (code) => process.exit(code ?? 0));
