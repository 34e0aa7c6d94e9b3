import { InterruptedError } from './errors.js';
import { runSteps, type Step } from './steps.js';

describe('runSteps', () => {
  const plain = (signal: AbortSignal, log: string[] = []) => ({
    interactive: false,
    log: (l: string) => log.push(l),
    signal,
  });

  it('runs steps in order and prints a line per step with its outcome', async () => {
    const log: string[] = [];
    const order: string[] = [];
    const steps: Step<unknown>[] = [
      { title: 'one', run: async () => void order.push('one') },
      { title: 'two', run: async () => (order.push('two'), 'done twice') },
    ];
    const done = await runSteps(steps, {}, plain(new AbortController().signal, log));
    expect(order).toEqual(['one', 'two']);
    expect(done).toEqual(['one', 'two (done twice)']);
    expect(log.filter((l) => l.startsWith('✓'))).toEqual([
      expect.stringMatching(/^✓ one \(/),
      expect.stringMatching(/^✓ two: done twice \(/),
    ]);
  });

  it('lets the running step finish on Ctrl-C, runs no further step, and says what was done', async () => {
    const controller = new AbortController();
    const order: string[] = [];
    const steps: Step<unknown>[] = [
      {
        title: 'create the cluster',
        run: async () => {
          controller.abort();
          await new Promise((r) => setTimeout(r, 20));
          order.push('created');
          return 'created';
        },
      },
      { title: 'apply the batteries', run: async () => void order.push('applied') },
    ];
    const error = await runSteps(steps, {}, plain(controller.signal)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect(order).toEqual(['created']);
    expect((error as Error).message).toBe(
      'interrupted. Done: create the cluster (created). Run the same command again to continue: it converges.',
    );
  });

  it('names the step a wait was interrupted in', async () => {
    const steps: Step<unknown>[] = [
      { title: 'wait until Ready', run: async () => Promise.reject(new InterruptedError('waiting')) },
    ];
    await expect(runSteps(steps, {}, plain(new AbortController().signal))).rejects.toThrow(
      'interrupted during "wait until Ready". Nothing was changed.',
    );
  });
});
