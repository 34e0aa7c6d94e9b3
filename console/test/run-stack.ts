// Manual use: `node --conditions=source --import tsx console/test/run-stack.ts` starts the console's test stack
// and prints the URL with the token, for looking at the console by hand. Ctrl-C stops it.
import { startConsoleStack } from './stack.js';

const stack = await startConsoleStack();
process.stdout.write(`console: ${stack.url}/#token=${stack.token}\n`);
const stop = () => void stack.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
