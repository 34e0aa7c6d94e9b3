import {
  compareQuantities,
  isQuantity,
  parseQuantity,
  QUANTITY_PATTERN,
  quantitiesEqual,
  quantityNanos,
  quantityValue,
} from './quantity-value.js';

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

describe('one parser for every caller', () => {
  it('gives amounts in base units and compares them exactly', () => {
    expect(quantityValue('2Gi')).toBe(2 * 2 ** 30);
    expect(quantityValue('250m')).toBe(0.25);
    expect(quantityValue('-1.5')).toBe(-1.5);
    expect(quantityValue('lots')).toBeUndefined();
    // Beyond a double's 53 bits the amounts still compare exactly.
    expect(compareQuantities('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareQuantities('1Gi', '1073741824')).toBe(0);
    expect(() => compareQuantities('1Gi', 'lots')).toThrow('"lots" is not a Kubernetes quantity');
  });

  it('refuses an exponent that is not a whole number, as the API server does, though the pattern allows it', () => {
    expect(new RegExp(QUANTITY_PATTERN).test('1e1.5')).toBe(true);
    expect(isQuantity('1e1.5')).toBe(false);
    expect(() => parseQuantity('1e1.5')).toThrow(RangeError);
  });
});
