import { sha256Hex } from './sha256.js';

const encoder = new TextEncoder();
const BLOCK = 64;

/** Bytes of a hex string (pairs of hex digits). */
export function bytesOfHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * HMAC-SHA256 (RFC 2104) in plain TypeScript over `sha256Hex`, so the pure catalog can key a digest without
 * `node:crypto`. A string key is taken as its UTF-8 bytes. Lower-case hex. Verified against `node:crypto` in
 * `hmac-sha256.test.ts`.
 * @example hmacSha256Hex('the-installation-key', 'message')
 */
export function hmacSha256Hex(key: string | Uint8Array, message: string | Uint8Array): string {
  const keyBytes = typeof key === 'string' ? encoder.encode(key) : key;
  const block = new Uint8Array(BLOCK);
  block.set(keyBytes.length > BLOCK ? bytesOfHex(sha256Hex(keyBytes)) : keyBytes);
  const data = typeof message === 'string' ? encoder.encode(message) : message;
  const inner = new Uint8Array(BLOCK + data.length);
  const outer = new Uint8Array(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  inner.set(data, BLOCK);
  outer.set(bytesOfHex(sha256Hex(inner)), BLOCK);
  return sha256Hex(outer);
}
