// The console's diff display as it was before the `diff` and `yaml` packages replaced it: kept here only as the
// baseline of `npm run bench:diff`, never imported by the product.
import type { DiffLine } from '../src/lib/line-diff.js';

/** The console's former line diff: a longest-common-subsequence table, O(n·m) in time and memory. */
export function lcsDiffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  // lcs[i][j]: length of the common subsequence of before[i..] and after[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] =
        before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push({ op: 'same', text: before[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ op: 'remove', text: before[i]!, oldLine: i + 1 });
      i++;
    } else {
      out.push({ op: 'add', text: after[j]!, newLine: j + 1 });
      j++;
    }
  }
  return out;
}

/**
 * Keeps changed lines and `context` lines around them; runs of unchanged lines in between become one
 * `{op:'same', text:'…'}` marker with no line numbers.
 */
export function lcsWithContext(diff: readonly DiffLine[], context = 3): DiffLine[] {
  const keep = diff.map(() => false);
  diff.forEach((line, i) => {
    if (line.op === 'same') return;
    for (let k = Math.max(0, i - context); k <= Math.min(diff.length - 1, i + context); k++) keep[k] = true;
  });
  const out: DiffLine[] = [];
  diff.forEach((line, i) => {
    if (keep[i]) out.push(line);
    else if (
      out.length === 0 ||
      out[out.length - 1]!.text !== '…' ||
      out[out.length - 1]!.oldLine !== undefined
    )
      out.push({ op: 'same', text: '…' });
  });
  return out;
}

/** The console's former hand-written YAML writer. */
export function handWrittenYaml(value: unknown): string {
  const lines = write(value, 0);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function write(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => {
      if (isBlock(item)) {
        const [first = '', ...rest] = write(item, indent + 2);
        return [`${pad}- ${first.trimStart()}`, ...rest];
      }
      return [`${pad}- ${scalar(item)}`];
    });
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return [`${pad}{}`];
    return entries.flatMap(([key, v]) =>
      isBlock(v)
        ? [`${pad}${scalar(key)}:`, ...write(v, indent + 2)]
        : [`${pad}${scalar(key)}: ${scalar(v)}`],
    );
  }
  return [`${pad}${scalar(value)}`];
}

function isBlock(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  if (typeof value !== 'string') return String(value);
  if (value === '') return "''";
  const plain =
    /^[A-Za-z0-9_./@-][A-Za-z0-9_ ./@:+-]*$/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~|[-+]?[0-9.]+([eE][-+]?[0-9]+)?)$/i.test(value) &&
    !value.endsWith(' ') &&
    !value.includes(': ');
  if (value.includes('\n')) return JSON.stringify(value);
  return plain ? value : `'${value.replace(/'/g, "''")}'`;
}
