import { Buffer } from 'node:buffer';
import { base64Utf8, utf8OfBase64 } from './base64.js';

describe('base64Utf8', () => {
  it.each(['', 'a', 'ab', 'abc', 'abcd', 'requirepass hunter2\n', 'ünïcödé ✓ 🔋', '\u0000\u00ff'])(
    'encodes %p exactly as Node’s Buffer does',
    (text) => {
      expect(base64Utf8(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
    },
  );
});

describe('utf8OfBase64', () => {
  it.each(['', 'a', 'ab', 'abc', 'abcd', 'requirepass hunter2\n', 'ünïcödé ✓ 🔋', '\u0000\u00ff'])(
    'decodes %p exactly as Node’s Buffer does',
    (text) => {
      const encoded = Buffer.from(text, 'utf8').toString('base64');
      expect(utf8OfBase64(encoded)).toBe(Buffer.from(encoded, 'base64').toString('utf8'));
      expect(utf8OfBase64(encoded.replace(/=+$/, ''))).toBe(text);
    },
  );
});
