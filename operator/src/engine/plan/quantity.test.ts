import { quantitiesEqual, quantityNanos } from './quantity.js';

describe('quantitiesEqual', () => {
  it.each([
    ['1000m', '1'],
    ['1', 1],
    ['0.5', '500m'],
    [0.25, '250m'],
    ['0.1', '100m'],
    ['1024Mi', '1Gi'],
    ['1Gi', '1073741824'],
    ['1.5Gi', '1536Mi'],
    ['1G', '1000M'],
    ['1e3', '1k'],
    ['1E3', '1k'],
    ['12e-3', '12m'],
    ['+1', '1'],
    ['.5', '500m'],
    ['100u', '0.1m'],
    // Finer than 1n is rounded up to 1n by the API server.
    ['0.1n', '1n'],
  ])('takes %p and %p as the same amount', (a, b) => {
    expect(quantitiesEqual(a, b)).toBe(true);
    expect(quantitiesEqual(b, a)).toBe(true);
  });

  it.each([
    ['1', '1001m'],
    ['1Gi', '1G'],
    ['1Ki', '1k'],
    ['512Mi', '0.5G'],
    ['-1', '1'],
    ['2n', '1n'],
  ])('takes %p and %p as different amounts', (a, b) => {
    expect(quantitiesEqual(a, b)).toBe(false);
  });

  it.each([
    ['1 Gi'],
    ['Gi'],
    ['1.5.5'],
    ['1e1.5'],
    ['1gi'],
    [''],
    [Number.NaN],
    [true],
    [null],
    [{}],
    ['1e999'],
  ])('does not take %p for a quantity', (value) => {
    expect(quantityNanos(value)).toBeUndefined();
    expect(quantitiesEqual(value, value)).toBe(false);
  });

  it('counts in exact nano-units', () => {
    expect(quantityNanos('1')).toBe(1_000_000_000n);
    expect(quantityNanos('250m')).toBe(250_000_000n);
    expect(quantityNanos('1Ki')).toBe(1_024_000_000_000n);
    expect(quantityNanos('-1.5')).toBe(-1_500_000_000n);
  });
});
