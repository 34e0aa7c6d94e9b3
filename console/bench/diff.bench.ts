// npm run bench:diff — the console's line diff before and after, side by side in one run, on one large upstream
// CRD: CloudNativePG's Pooler (obtained as the operator obtains bundles: release URL or mirror, verified, cached).
//  1. its release text (9,307 lines) against itself with 19 lines changed: the line diff alone, the measurement
//     the issue reported (the former longest-common-subsequence table against the `diff` package's Myers diff);
//  2. what the diff view does with a stored document: the object and a copy with 19 descriptions changed, as
//     YAML (the former hand-written writer against the `yaml` package), diffed, folded to 4 lines of context;
//  3. the worst case a pass can show, the Pooler against a different CRD (CloudNativePG's Cluster), after only:
//     the table would need ~1 GB on a shared machine. Past MAX_EDIT_LENGTH changed lines the view stops
//     looking for matches and shows the middle as replaced.
// Each measurement runs in a child process of its own, the two sides alternating, so each peak RSS is that side's
// alone; times are medians of RUNS runs after a warm-up, over ROUNDS children.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '@batteries-included/batteries';
import { diffLines, MAX_EDIT_LENGTH, withContext, type DiffLine } from '../src/lib/line-diff.js';
import { toYaml } from '../src/lib/yaml.js';
import { handWrittenYaml, lcsDiffLines, lcsWithContext } from './baseline.js';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const RUNS = Number(process.env.RUNS ?? 3);
const CHANGES = 19;
const CONTEXT = 4;

type Side = 'before' | 'after';
interface DiffDisplay {
  yaml: (value: unknown) => string;
  diff: (before: readonly string[], after: readonly string[]) => DiffLine[];
  withContext: (diff: readonly DiffLine[], context: number) => DiffLine[];
}
const SIDES: Record<Side, DiffDisplay> = {
  before: { yaml: handWrittenYaml, diff: lcsDiffLines, withContext: lcsWithContext },
  after: { yaml: toYaml, diff: diffLines, withContext },
};

/** A case on disk for the children: text lines are diffed as they are, objects go through YAML first. */
type Case =
  { kind: 'lines'; before: string[]; after: string[] } | { kind: 'view'; before: unknown; after: unknown };

interface Measurement {
  lines: [number, number];
  changedLines: number;
  shownLines: number;
  yamlMs: number;
  diffMs: number;
  /** Peak RSS above the RSS before the first run, in bytes. */
  peakBytes: number;
}

/** In a child: the case once to warm up (its peak counts), then RUNS times timed. */
function measure(side: Side, file: string): Measurement {
  const input = JSON.parse(readFileSync(file, 'utf8')) as Case;
  const display = SIDES[side];
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  const once = () => {
    const started = performance.now();
    const [a, b] =
      input.kind === 'lines'
        ? [input.before, input.after]
        : [input.before, input.after].map((v) => display.yaml(v).trimEnd().split('\n'));
    const rendered = performance.now();
    const diff = display.diff(a!, b!);
    const shown = input.kind === 'view' ? display.withContext(diff, CONTEXT) : diff;
    return { a: a!, b: b!, diff, shown, yamlMs: rendered - started, diffMs: performance.now() - rendered };
  };
  const first = once();
  const peakBytes = process.resourceUsage().maxRSS * 1024 - rssBefore;
  const runs = Array.from({ length: RUNS }, once);
  return {
    lines: [first.a.length, first.b.length],
    changedLines: first.diff.filter((line) => line.op !== 'same').length,
    shownLines: first.shown.length,
    yamlMs: median(runs.map((run) => run.yamlMs)),
    diffMs: median(runs.map((run) => run.diffMs)),
    peakBytes,
  };
}

function median(values: readonly number[]): number {
  return [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
}

function inChild(side: Side, file: string): Measurement {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--conditions=source', '--import', 'tsx', script, '--child', side, file],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`${side} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as Measurement;
}

/** Both sides on one case, alternating child by child; the medians per side. */
function compare(file: string): Record<Side, Measurement> {
  const rows: Record<Side, Measurement[]> = { before: [], after: [] };
  for (let round = 0; round < ROUNDS; round++)
    for (const side of ['before', 'after'] as const) rows[side].push(inChild(side, file));
  const summary = (list: Measurement[]): Measurement => ({
    ...list[0]!,
    yamlMs: median(list.map((m) => m.yamlMs)),
    diffMs: median(list.map((m) => m.diffMs)),
    peakBytes: median(list.map((m) => m.peakBytes)),
  });
  return { before: summary(rows.before), after: summary(rows.after) };
}

/** `count` descriptions, spread evenly through the object, changed in their first line. */
function withChangedDescriptions(document: KubeObject, count: number): KubeObject {
  const copy = structuredClone(document);
  const holders: Array<Record<string, unknown>> = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown>;
    if (typeof node.description === 'string') holders.push(node);
    Object.values(node).forEach(walk);
  };
  walk(copy);
  for (let i = 0; i < count; i++) {
    const holder = holders[Math.floor(((i + 0.5) * holders.length) / count)]!;
    holder.description = `CHANGED ${String(holder.description)}`;
  }
  return copy;
}

/** `count` lines, spread evenly, with a word appended. */
function withChangedLines(lines: readonly string[], count: number): string[] {
  const changed = new Set(
    Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * lines.length) / count)),
  );
  return lines.map((line, i) => (changed.has(i) ? `${line} # changed` : line));
}

async function cloudnativePg() {
  // Imported here, not above: the children measure the diff alone, without the operator loaded.
  const { obtainUpstreamBundles } = await import('@batteries-included/operator');
  const upstream = await obtainUpstreamBundles();
  const bundle = [...upstream.bundles.values()].find((b) => b.batteries.includes('cloudnative-pg'));
  if (!bundle) throw new Error('the catalog has no CloudNativePG bundle');
  const crd = (name: string) => {
    const found = bundle.objects.find(
      (o) => o.kind === 'CustomResourceDefinition' && o.metadata.name === name,
    );
    if (!found) throw new Error(`no CRD ${name} in ${bundle.key}`);
    return found;
  };
  // The release text of one CRD: its document in the bundle as fetched.
  const text = bundle.content
    .split(/^---$/m)
    .find((doc) => doc.includes('name: poolers.postgresql.cnpg.io\n'));
  if (!text) throw new Error(`no Pooler document in the text of ${bundle.key}`);
  return {
    source: upstream.source,
    key: bundle.key,
    poolerText: text.replace(/^\n/, ''),
    pooler: crd('poolers.postgresql.cnpg.io'),
    cluster: crd('clusters.postgresql.cnpg.io'),
  };
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const HEADER = ['', 'lines', 'changed', 'shown', 'yaml', 'diff', 'total', 'peak RSS+'];
const WIDTHS = [44, 15, 8, 7, 10, 11, 11, 10];
function printRow(cells: readonly string[]): void {
  console.log(
    cells.map((cell, i) => (i === 0 ? cell.padEnd(WIDTHS[i]!) : cell.padStart(WIDTHS[i]!))).join(''),
  );
}
function row(name: string, m: Measurement): string[] {
  return [
    name,
    `${m.lines[0]} → ${m.lines[1]}`,
    String(m.changedLines),
    String(m.shownLines),
    ms(m.yamlMs),
    ms(m.diffMs),
    ms(m.yamlMs + m.diffMs),
    mb(m.peakBytes),
  ];
}
function ratios({ before, after }: Record<Side, Measurement>): string {
  const total = (m: Measurement) => m.yamlMs + m.diffMs;
  return (
    `  after/before: ${(total(before) / total(after)).toFixed(0)}× faster ` +
    `(the diff alone ${(before.diffMs / after.diffMs).toFixed(0)}×), ` +
    `${(before.peakBytes / Math.max(after.peakBytes, 1)).toFixed(0)}× less peak memory`
  );
}

async function main(): Promise<void> {
  const cnpg = await cloudnativePg();
  const dir = mkdtempSync(join(tmpdir(), 'bench-diff-'));
  const write = (name: string, value: Case) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  try {
    const lines = cnpg.poolerText.split('\n');
    const text = compare(
      write('text', { kind: 'lines', before: lines, after: withChangedLines(lines, CHANGES) }),
    );
    const edited = withChangedDescriptions(cnpg.pooler, CHANGES);
    const view = compare(write('view', { kind: 'view', before: cnpg.pooler, after: edited }));
    const worst = inChild(
      'after',
      write('worst', { kind: 'view', before: cnpg.pooler, after: cnpg.cluster }),
    );

    console.log(
      `CloudNativePG's Pooler CRD from ${cnpg.key} (${cnpg.source}); ${ROUNDS} child processes per side, ` +
        `alternating, ${RUNS} timed runs each after a warm-up; medians`,
    );
    printRow(HEADER);
    console.log(`1. its release text against itself with ${CHANGES} lines changed: the line diff`);
    printRow(row('  before: LCS table', text.before));
    printRow(row('  after: diff 9.0.0 (Myers)', text.after));
    console.log(ratios(text));
    console.log(`2. the diff view: the object against itself with ${CHANGES} descriptions changed`);
    printRow(row('  before: hand-written YAML + LCS table', view.before));
    printRow(row('  after: yaml 2.9.1 + diff 9.0.0 (Myers)', view.after));
    console.log(ratios(view));
    console.log(
      `3. the diff view, worst case: the Pooler against the Cluster CRD (cap ${MAX_EDIT_LENGTH} edits)`,
    );
    printRow(row('  after: yaml 2.9.1 + diff 9.0.0 (Myers)', worst));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(measure(process.argv[3] as Side, process.argv[4]!)));
} else {
  await main();
}
