import { createHash } from 'node:crypto';
import { sha256Hex } from './sha256.js';

const digest = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

describe('sha256Hex', () => {
  it('matches node:crypto on the standard vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('matches node:crypto at every length around the block boundaries, and on non-ASCII text', () => {
    for (let n = 0; n < 200; n++) {
      const s = 'x'.repeat(n);
      expect(sha256Hex(s)).toBe(digest(s));
    }
    const text = 'grüße, 電池, 🔋'.repeat(37);
    expect(sha256Hex(text)).toBe(digest(text));
  });

  it('hashes bytes as given', () => {
    const bytes = new Uint8Array(1000).map((_, i) => (i * 31) & 0xff);
    expect(sha256Hex(bytes)).toBe(digest(bytes));
  });
});
