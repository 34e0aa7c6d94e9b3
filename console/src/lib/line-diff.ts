import { diffArrays } from 'diff';

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
 * Past this many changed lines the diff stops looking for matches (Myers' cost grows with the square of it: two
 * unrelated 9,000-line CRDs would take seconds) and shows the part between the common head and tail as replaced.
 */
export const MAX_EDIT_LENGTH = 1_000;

/**
 * A line diff by Myers' O((n+m)·d) algorithm (the `diff` package), where d is the number of lines that differ:
 * a 9,000-line CRD with a few changes diffs in milliseconds. Within a changed run, removals come before additions.
 * Beyond `MAX_EDIT_LENGTH` changed lines, the lines between the common head and tail are all removed, then added.
 * @example diffLines(['a', 'b'], ['a', 'c']) // same a, remove b, add c
 */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const changes =
    diffArrays([...before], [...after], { maxEditLength: MAX_EDIT_LENGTH }) ?? replaced(before, after);
  const out: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const change of changes) {
    for (const text of change.value) {
      if (change.removed) out.push({ op: 'remove', text, oldLine: oldLine++ });
      else if (change.added) out.push({ op: 'add', text, newLine: newLine++ });
      else out.push({ op: 'same', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return out;
}

/** The common head and tail kept, everything between replaced: `diffArrays`' shape, for documents too different. */
function replaced(before: readonly string[], after: readonly string[]) {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  const run = (value: string[], added: boolean, removed: boolean) => ({
    value,
    added,
    removed,
    count: value.length,
  });
  return [
    run(before.slice(0, head), false, false),
    run(before.slice(head, before.length - tail), false, true),
    run(after.slice(head, after.length - tail), true, false),
    run(before.slice(before.length - tail), false, false),
  ];
}

/** Whether a diff changes anything. */
export function hasChanges(diff: readonly DiffLine[]): boolean {
  return diff.some((l) => l.op !== 'same');
}

/**
 * Keeps changed lines and `context` lines around them; runs of unchanged lines in between become one
 * `{op:'same', text:'…'}` marker with no line numbers. Linear in the diff's length.
 */
export function withContext(diff: readonly DiffLine[], context = 3): DiffLine[] {
  // Distance to the nearest change before and after each line, in two passes.
  const sinceChange = new Array<number>(diff.length);
  const untilChange = new Array<number>(diff.length);
  let distance = Infinity;
  for (let i = 0; i < diff.length; i++) {
    distance = diff[i]!.op === 'same' ? distance + 1 : 0;
    sinceChange[i] = distance;
  }
  distance = Infinity;
  for (let i = diff.length - 1; i >= 0; i--) {
    distance = diff[i]!.op === 'same' ? distance + 1 : 0;
    untilChange[i] = distance;
  }
  const out: DiffLine[] = [];
  diff.forEach((line, i) => {
    if (Math.min(sinceChange[i]!, untilChange[i]!) <= context) out.push(line);
    else if (out.at(-1)?.text !== '…' || out.at(-1)?.oldLine !== undefined)
      out.push({ op: 'same', text: '…' });
  });
  return out;
}
