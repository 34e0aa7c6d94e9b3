import type { ApplyPort } from '../src/engine/apply/index.js';

/** Calls made through an ApplyPort, by verb; dry-run applies are counted apart from real ones. */
export interface PortCalls {
  apply: number;
  dryRunApply: number;
  get: number;
  delete: number;
  setLabels: number;
}

/** Wraps `port` so every call is counted; `calls` is live, `reset()` zeroes it. */
export function countingPort(port: ApplyPort): { port: ApplyPort; calls: PortCalls; reset(): void } {
  const calls: PortCalls = { apply: 0, dryRunApply: 0, get: 0, delete: 0, setLabels: 0 };
  return {
    calls,
    reset() {
      for (const verb of Object.keys(calls) as Array<keyof PortCalls>) calls[verb] = 0;
    },
    port: {
      apply(object, options) {
        if (options?.dryRun) calls.dryRunApply++;
        else calls.apply++;
        return port.apply(object, options);
      },
      get(object) {
        calls.get++;
        return port.get(object);
      },
      delete(object, options) {
        calls.delete++;
        return port.delete(object, options);
      },
      setLabels(object, labels) {
        calls.setLabels++;
        return port.setLabels(object, labels);
      },
    },
  };
}

/** Writes the port was asked for (dry-runs are writes on the wire: a PATCH each). */
export function writesOf(calls: PortCalls): number {
  return calls.apply + calls.dryRunApply + calls.delete + calls.setLabels;
}
