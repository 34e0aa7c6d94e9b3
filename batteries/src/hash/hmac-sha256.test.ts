import { createHmac } from 'node:crypto';
import { bytesOfHex, hmacSha256Hex } from './hmac-sha256.js';

const reference = (key: Uint8Array, message: string | Uint8Array) =>
  createHmac('sha256', key).update(message).digest('hex');

describe('hmacSha256Hex', () => {
  it('matches node:crypto for keys shorter than, equal to and longer than a block', () => {
    for (const length of [0, 1, 32, 63, 64, 65, 200]) {
      const key = new Uint8Array(length).map((_, i) => (i * 7 + length) & 0xff);
      for (const message of ['', 'abc', 'x'.repeat(119), 'grüße 🔋'.repeat(9)]) {
        expect(hmacSha256Hex(key, message)).toBe(reference(key, message));
      }
    }
  });

  it('matches the RFC 4231 test case 2', () => {
    expect(hmacSha256Hex(new TextEncoder().encode('Jefe'), 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('takes a string key as its UTF-8 bytes', () => {
    expect(hmacSha256Hex('kéy', 'm')).toBe(reference(new TextEncoder().encode('kéy'), 'm'));
    expect([...bytesOfHex('00ff10')]).toEqual([0, 255, 16]);
  });
});
