import { Buffer } from 'node:buffer';
import { base64Utf8 } from './base64.js';

describe('base64Utf8', () => {
  it.each(['', 'a', 'ab', 'abc', 'abcd', 'requirepass hunter2\n', 'ünïcödé ✓ 🔋', '\u0000\u00ff'])(
    'encodes %p exactly as Node’s Buffer does',
    (text) => {
      expect(base64Utf8(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
    },
  );
});
