// npm run bench:generate — median time to generate the whole catalog (every battery installed), twice in one run:
// with the small synthetic bundles the unit tests use, and with the real upstream bundles (obtained the way the
// operator obtains them: the release URLs or a mirror, verified and cached; see obtainUpstreamBundles). Prints
// both, their ratio (target ≤ 2×), the first pass with upstream bundles (which prepares them), and how long the
// operator takes at start-up to parse the cached bundles.
import { Buffer } from 'node:buffer';
import { CATALOG, generate, neededBundles, type SnapshotBundle } from '../src/index.js';
import { testSnapshot } from '@batteries-included/batteries/testing';
import { obtainUpstreamBundles, parseBundle } from '@batteries-included/operator';

const runs = Number(process.env.RUNS ?? 25);
const everyBattery = Object.fromEntries(CATALOG.map((b) => [b.type, {}]));

interface Row {
  name: string;
  snapshot: ReturnType<typeof testSnapshot>;
  objects: number;
  first: number;
  times: number[];
}

function row(name: string, bundles?: Record<string, SnapshotBundle>): Row {
  const snapshot = testSnapshot(everyBattery, [], bundles);
  const started = performance.now();
  const objects = generate(snapshot).objects.length;
  return { name, snapshot, objects, first: performance.now() - started, times: [] };
}

/** Alternates the rows run by run, so load on a shared machine falls on all of them alike. */
function measure(rows: Row[]): void {
  for (const r of rows) generate(r.snapshot); // warm-up: JIT
  for (let i = 0; i < runs; i++) {
    for (const r of rows) {
      const start = performance.now();
      generate(r.snapshot);
      r.times.push(performance.now() - start);
    }
  }
  for (const r of rows) r.times.sort((a, b) => a - b);
}

const median = (times: readonly number[]) => times[Math.floor(times.length / 2)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

const upstream = await obtainUpstreamBundles();
const needed = neededBundles(everyBattery);
const contents = needed.map(({ key }) => upstream.bundles.get(key)!);
const megabytes = contents.reduce((sum, b) => sum + Buffer.byteLength(b.content), 0) / 1024 / 1024;
const parseStarted = performance.now();
const parsed = Object.fromEntries(
  contents.map((b) => [b.key, { digest: b.digest, objects: parseBundle(b.key, b.content) }]),
);
const parseMs = performance.now() - parseStarted;

const synthetic = row('synthetic bundles');
const real = row('upstream bundles', parsed);
measure([synthetic, real]);

console.log(
  `batteries: ${CATALOG.length}, runs: ${runs} per row, alternating; upstream bundles from ${upstream.source}`,
);
for (const row of [synthetic, real]) {
  console.log(
    `${row.name.padEnd(18)} objects ${String(row.objects).padStart(4)}  generate median ${ms(median(row.times))} ` +
      `(min ${ms(row.times[0]!)}, max ${ms(row.times.at(-1)!)}; first pass ${ms(row.first)})`,
  );
}
console.log(
  `upstream / synthetic: ${(median(real.times) / median(synthetic.times)).toFixed(2)}× (target ≤ 2×); ` +
    `synthetic target < 1000 ms: ${(1000 / median(synthetic.times)).toFixed(1)}× headroom`,
);
console.log(
  `operator start-up: parsing ${needed.length} cached bundles (${megabytes.toFixed(2)} MiB of YAML) takes ${ms(parseMs)}`,
);
