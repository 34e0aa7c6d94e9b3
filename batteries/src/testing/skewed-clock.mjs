// Preloaded by determinism.test.ts: moves this process's clock 15 years ahead and makes Math.random
// predictable-but-different, so any dependence of generate() on time or randomness shows up as a diff.
const offset = 15 * 365 * 24 * 3600 * 1000;
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    super(...(args.length === 0 ? [RealDate.now() + offset] : args));
  }
  static now() {
    return RealDate.now() + offset;
  }
};
let seed = 42;
Math.random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
