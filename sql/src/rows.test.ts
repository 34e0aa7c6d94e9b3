import { Buffer } from 'node:buffer';
import { runInNewContext } from 'node:vm';
import {
  bool,
  bytes,
  columnMismatch,
  integer,
  json,
  oneOf,
  optionalInteger,
  optionalText,
  optionalTimestamp,
  StoreRowError,
  text,
  timestamp,
} from './rows.js';

describe('row helpers', () => {
  it('read integers as pg (strings), PGlite (numbers) and bigint columns hand them back', () => {
    expect(integer({ n: '42' }, 'n')).toBe(42);
    expect(integer({ n: '-7' }, 'n')).toBe(-7);
    expect(integer({ n: 42 }, 'n')).toBe(42);
    expect(integer({ n: 42n }, 'n')).toBe(42);
    expect(optionalInteger({ n: null }, 'n')).toBeUndefined();
  });

  it('refuse what is not a safe integer, naming the column and the value', () => {
    expect(() => integer({ n: '9007199254740993' }, 'n')).toThrow(StoreRowError);
    expect(() => integer({ n: 1.5 }, 'n')).toThrow('column n: expected a safe integer, got number 1.5');
    expect(() => integer({ n: '12abc' }, 'n')).toThrow(
      'column n: expected a safe integer, got string "12abc"',
    );
    expect(() => integer({}, 'n')).toThrow('column n: expected a safe integer, got undefined');
  });

  it('read timestamps as new Dates, also from another realm', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    const read = timestamp({ t: at }, 't');
    expect(read).toEqual(at);
    expect(read).not.toBe(at);
    const foreign = runInNewContext('new Date("2026-01-02T03:04:05Z")') as unknown;
    expect(timestamp({ t: foreign }, 't')).toEqual(at);
    expect(optionalTimestamp({ t: null }, 't')).toBeUndefined();
    expect(() => timestamp({ t: '2026-01-02' }, 't')).toThrow('column t: expected a timestamp');
    expect(() => timestamp({ t: new Date('nope') }, 't')).toThrow(StoreRowError);
  });

  it('read bytes as pg (Buffer) and PGlite (Uint8Array) hand them back', () => {
    expect(Array.from(bytes({ b: Buffer.from([1, 2]) }, 'b'))).toEqual([1, 2]);
    expect(Array.from(bytes({ b: Uint8Array.from([3]) }, 'b'))).toEqual([3]);
    expect(() => bytes({ b: [1, 2] }, 'b')).toThrow('column b: expected bytes');
    expect(() => bytes({ b: new Uint16Array(1) }, 'b')).toThrow(StoreRowError);
  });

  it('read text, booleans, json and closed sets, refusing other types', () => {
    expect(text({ s: 'x' }, 's')).toBe('x');
    expect(optionalText({ s: undefined }, 's')).toBeUndefined();
    expect(() => text({ s: 1 }, 's')).toThrow('column s: expected text, got number 1');
    expect(bool({ b: false }, 'b')).toBe(false);
    expect(() => bool({ b: 'true' }, 'b')).toThrow('column b: expected a boolean');
    expect(json({ j: null }, 'j')).toBeNull();
    expect(() => json({}, 'j')).toThrow('column j: expected json');
    expect(oneOf({ k: 'a' }, 'k', ['a', 'b'])).toBe('a');
    expect(() => oneOf({ k: 'c' }, 'k', ['a', 'b'])).toThrow(
      'column k: expected one of a, b, got string "c"',
    );
  });

  it('cut a long value to 80 characters in the message', () => {
    const message = columnMismatch('c', 'text', 'x'.repeat(500)).message;
    expect(message).toBe(`column c: expected text, got string "${'x'.repeat(79)}`);
  });
});
