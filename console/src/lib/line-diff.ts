/** One line of a diff: kept, added or removed, with its line numbers on each side. */
export interface DiffLine {
  op: 'same' | 'add' | 'remove';
  text: string;
  /** 1-based line in the old text (same, remove). */
  oldLine?: number;
  /** 1-based line in the new text (same, add). */
  newLine?: number;
}

/**
 * A line diff by longest common subsequence (O(n·m); documents here are a few hundred lines).
 * @example diffLines(['a', 'b'], ['a', 'c']) // same a, remove b, add c
 */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
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

/** Whether a diff changes anything. */
export function hasChanges(diff: readonly DiffLine[]): boolean {
  return diff.some((l) => l.op !== 'same');
}

/**
 * Keeps changed lines and `context` lines around them; runs of unchanged lines in between become one
 * `{op:'same', text:'…'}` marker with no line numbers.
 */
export function withContext(diff: readonly DiffLine[], context = 3): DiffLine[] {
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
