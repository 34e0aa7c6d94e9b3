import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const noJitter = () => 0;

  it('does not wait before the first attempt', () => {
    expect(backoffDelay(0)).toBe(0);
  });

  it('doubles from the initial delay with each failure, up to the maximum', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((failures) =>
      backoffDelay(failures, { initialMs: 100, maxMs: 1000 }, noJitter),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('adds up to the jitter fraction at random on top', () => {
    expect(backoffDelay(3, { initialMs: 100, jitter: 0.5 }, () => 0)).toBe(400);
    expect(backoffDelay(3, { initialMs: 100, jitter: 0.5 }, () => 0.999)).toBe(600);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(3, { initialMs: 100 });
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(600);
    }
  });
});
