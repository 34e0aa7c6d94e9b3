import { diffLines, hasChanges, withContext } from './line-diff.js';
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
      "image:\n  repository: grafana/grafana\n  tag: '11.4.5'\nretentionPeriod: '1'\n'on': true\npools:\n  - a\n  - b\nempty: {}\n",
    );
  });
});
