import { createInterface } from 'node:readline/promises';
import { InvalidInputError } from './errors.js';

/**
 * Asks a yes/no question on the terminal. Without a terminal (scripts, CI) it refuses rather than guess, and
 * says to pass --yes.
 */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new InvalidInputError(`${question} — no terminal to ask on; pass --yes to confirm`);
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(`${question} [y/N] `)).trim().toLowerCase();
    return answer === 'y' || answer === 'yes';
  } finally {
    rl.close();
  }
}
