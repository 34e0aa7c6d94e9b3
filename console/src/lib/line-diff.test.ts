import { diffLines, hasChanges, MAX_EDIT_LENGTH, withContext } from './line-diff.js';
import { parse } from 'yaml';
import { toYaml } from './yaml.js';

describe('line diff', () => {
  it('keeps common lines and marks additions and removals with line numbers', () => {
    const diff = diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd']);
    expect(diff.map((l) => `${l.op} ${l.text}`)).toEqual(['same a', 'remove b', 'add x', 'same c', 'add d']);
    expect(diff.find((l) => l.text === 'd')).toEqual({ op: 'add', text: 'd', newLine: 4 });
    expect(hasChanges(diffLines(['a'], ['a']))).toBe(false);
  });

  it('folds long unchanged runs into one marker', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const after = [...before];
    after[10] = 'changed';
    const shown = withContext(diffLines(before, after), 2);
    expect(shown.filter((l) => l.op !== 'same').map((l) => l.text)).toEqual(['line 10', 'changed']);
    expect(shown.filter((l) => l.text === '…')).toHaveLength(2);
    expect(shown.length).toBeLessThan(12);
  });
});

describe('yaml for people', () => {
  it('writes nested objects and lists, quoting what YAML would misread', () => {
    expect(
      toYaml({
        image: { repository: 'grafana/grafana', tag: '11.4.5' },
        retentionPeriod: '1',
        on: true,
        pools: ['a', 'b'],
        empty: {},
      }),
    ).toBe(
      "image:\n  repository: grafana/grafana\n  tag: 11.4.5\nretentionPeriod: '1'\n'on': true\npools:\n  - a\n  - b\nempty: {}\n",
    );
  });

  it('quotes what a YAML 1.1 reader would take for a boolean or a number, and reads back the same', () => {
    const value = { a: 'yes', b: 'off', c: '1e3', d: '0755', e: 'a: b', f: '', g: null, h: 3 };
    const text = toYaml(value);
    expect(text).toBe("a: 'yes'\nb: 'off'\nc: '1e3'\nd: '0755'\ne: 'a: b'\nf: ''\ng: null\nh: 3\n");
    expect(parse(text, { version: '1.1' })).toEqual(value);
  });

  it('writes a multi-line string as a block, one line per line, so a diff shows the line that changed', () => {
    const text = toYaml({ data: { 'redis.conf': 'port 6379\nmaxmemory 512mb\n' } });
    expect(text).toBe('data:\n  redis.conf: |\n    port 6379\n    maxmemory 512mb\n');
  });
});

describe('line diff of large documents', () => {
  it('diffs 9,000 lines with a few changes, each change once, every other line kept', () => {
    const before = Array.from({ length: 9_000 }, (_, i) => `line ${i}`);
    const after = before.map((line, i) => (i % 500 === 0 ? `${line} changed` : line));
    const diff = diffLines(before, after);
    expect(diff.filter((l) => l.op === 'remove')).toHaveLength(18);
    expect(diff.filter((l) => l.op === 'add')).toHaveLength(18);
    expect(diff.filter((l) => l.op === 'same')).toHaveLength(9_000 - 18);
    expect(diff.at(-1)).toEqual({ op: 'same', text: 'line 8999', oldLine: 9_000, newLine: 9_000 });
  });
});

describe('line diff of documents too different to align', () => {
  it('keeps the common head and tail and shows the rest as replaced, past the edit limit', () => {
    const unrelated = (prefix: string) =>
      Array.from({ length: MAX_EDIT_LENGTH + 10 }, (_, i) => `${prefix} ${i}`);
    const before = ['head', ...unrelated('old'), 'tail'];
    const after = ['head', ...unrelated('new'), 'tail'];
    const diff = diffLines(before, after);
    expect(diff[0]).toEqual({ op: 'same', text: 'head', oldLine: 1, newLine: 1 });
    expect(diff.at(-1)).toEqual({
      op: 'same',
      text: 'tail',
      oldLine: before.length,
      newLine: after.length,
    });
    const changed = diff.slice(1, -1);
    expect(changed.map((l) => l.op)).toEqual([
      ...before.slice(1, -1).map(() => 'remove'),
      ...after.slice(1, -1).map(() => 'add'),
    ]);
    expect(changed.at(-1)).toEqual({ op: 'add', text: after.at(-2), newLine: after.length - 1 });
  });
});
