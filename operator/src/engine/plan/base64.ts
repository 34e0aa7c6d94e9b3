const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const encoder = new TextEncoder();

/**
 * Standard base64 (RFC 4648, padded) of a string's UTF-8 bytes — what the API server stores in a Secret's
 * `data` for each `stringData` entry. Written out because the pure core may not use `Buffer`.
 * @example base64Utf8('redis') // 'cmVkaXM='
 */
export function base64Utf8(text: string): string {
  const bytes = encoder.encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const triple = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(triple >> 18) & 63]! + ALPHABET[(triple >> 12) & 63]!;
    out += b === undefined ? '=' : ALPHABET[(triple >> 6) & 63]!;
    out += c === undefined ? '=' : ALPHABET[triple & 63]!;
  }
  return out;
}

const decoder = new TextDecoder();

/**
 * The UTF-8 text of standard base64 (padding optional): how Prepare reads a live Secret's `data` back without
 * `Buffer`. Characters outside the alphabet (whitespace) are skipped, as the API server's decoder would refuse them
 * on write anyway.
 * @example utf8OfBase64('cmVkaXM=') // 'redis'
 */
export function utf8OfBase64(encoded: string): string {
  const sextets: number[] = [];
  for (const char of encoded) {
    if (char === '=') break;
    const value = ALPHABET.indexOf(char);
    if (value >= 0) sextets.push(value);
  }
  const bytes = new Uint8Array(Math.floor((sextets.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const sextet of sextets) {
    buffer = ((buffer << 6) | sextet) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[index++] = (buffer >> bits) & 0xff;
    }
  }
  return decoder.decode(bytes);
}
