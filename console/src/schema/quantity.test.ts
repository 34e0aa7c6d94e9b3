import {
  compareQuantities,
  describeQuantity,
  isQuantity,
  joinQuantity,
  parseQuantity,
  splitQuantity,
} from './quantity.js';

describe('quantities', () => {
  it('parses binary, decimal, milli and exponent forms to base units', () => {
    expect(parseQuantity('2Gi')).toBe(2 * 1024 ** 3);
    expect(parseQuantity('512Mi')).toBe(512 * 1024 ** 2);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('250m')).toBeCloseTo(0.25);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('1e3')).toBe(1000);
  });

  it('rejects what the API server rejects', () => {
    for (const bad of ['20GB', 'lots', '1 Gi', 'Gi', '', '2gi']) {
      expect(isQuantity(bad)).toBe(false);
      expect(parseQuantity(bad)).toBeUndefined();
    }
  });

  it('splits into amount and unit and joins back', () => {
    expect(splitQuantity('20Gi')).toEqual({ amount: '20', unit: 'Gi' });
    expect(splitQuantity('250m')).toEqual({ amount: '250', unit: 'm' });
    expect(splitQuantity('2')).toEqual({ amount: '2', unit: '' });
    expect(joinQuantity('20', 'Gi')).toBe('20Gi');
    expect(joinQuantity(' ', 'Gi')).toBe('');
  });

  it('compares by value across units', () => {
    expect(compareQuantities('1Gi', '1024Mi')).toBe(0);
    expect(compareQuantities('5Gi', '10Gi')).toBeLessThan(0);
    expect(compareQuantities('1Ti', '999Gi')).toBeGreaterThan(0);
    expect(compareQuantities('x', '1Gi')).toBeUndefined();
  });

  it('describes sizes in binary and decimal units and CPU in cores', () => {
    expect(describeQuantity('bytes', '20Gi')).toBe('20 GiB ≈ 21.47 GB');
    expect(describeQuantity('cpu', '250m')).toBe('0.25 cores');
    expect(describeQuantity('cpu', '1')).toBe('1 core');
    expect(describeQuantity('bytes', 'nope')).toBeUndefined();
  });
});
