import { gzipSync } from 'node:zlib';

export interface TarEntry {
  /** Path inside the archive (ASCII, at most 100 bytes). */
  readonly name: string;
  readonly content: string | Buffer;
}

function header(name: string, size: number, mtime: number): Buffer {
  const block = Buffer.alloc(512, 0);
  const write = (text: string, offset: number, length: number) =>
    block.write(text.slice(0, length), offset, length, 'ascii');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
  if (Buffer.byteLength(name) > 100) throw new RangeError(`tar entry name longer than 100 bytes: ${name}`);
  write(name, 0, 100);
  write(octal(0o644, 8), 100, 8);
  write(octal(0, 8), 108, 8);
  write(octal(0, 8), 116, 8);
  write(octal(size, 12), 124, 12);
  write(octal(Math.floor(mtime / 1000), 12), 136, 12);
  block.fill(' ', 148, 156);
  write('0', 156, 1);
  write('ustar\0', 257, 6);
  write('00', 263, 2);
  let sum = 0;
  for (const byte of block) sum += byte;
  write(`${octal(sum, 7)}\0`, 148, 8);
  return block;
}

/**
 * A gzipped POSIX ustar archive of regular files — enough for a debug bundle, readable by `tar -xzf`.
 * @example writeFileSync('bundle.tar.gz', tarGz([{ name: 'a.txt', content: 'hi' }]))
 */
export function tarGz(entries: readonly TarEntry[], mtime = Date.now()): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content, 'utf8') : entry.content;
    parts.push(header(entry.name, content.length, mtime), content);
    const padding = (512 - (content.length % 512)) % 512;
    if (padding) parts.push(Buffer.alloc(padding, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return gzipSync(Buffer.concat(parts));
}
