import type { KubeObject } from '@batteries-included/batteries';
import type { BatteryStatus } from '@batteries-included/crds';
import { InterruptedError, WaitTimeoutError } from '../lib/errors.js';
import type { Cluster } from './cluster.js';

export interface BatteryState {
  readonly type: string;
  readonly ready: 'True' | 'False' | 'Unknown';
  /** Whether the status describes the current spec (observedGeneration = generation). */
  readonly current: boolean;
  readonly message: string;
  readonly resources: BatteryStatus['resources'];
}

/** What a Battery object's status says about it. */
export function batteryState(battery: KubeObject): BatteryState {
  // The operator writes it; until it has, or if someone else did, any of it may be missing.
  const status = (battery.status ?? {}) as Partial<BatteryStatus>;
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  const generation = battery.metadata.generation;
  const notMet = status.conditions?.find((c) => c.status === 'False' && c.message);
  return {
    type: battery.metadata.name,
    ready: ready?.status === 'True' ? 'True' : ready?.status === 'False' ? 'False' : 'Unknown',
    current: generation === undefined || status.observedGeneration === generation,
    message:
      status.message ??
      notMet?.message ??
      ready?.message ??
      (status.conditions ? '' : 'waiting for the operator'),
    resources: status.resources,
  };
}

export function describeState(state: BatteryState): string {
  const counts = state.resources ? ` (${state.resources.applied}/${state.resources.desired} objects)` : '';
  if (state.ready === 'True' && state.current) return `${state.type}: Ready${counts}`;
  return `${state.type}: not ready${counts}${state.message ? ` — ${state.message}` : ''}`;
}

export interface WaitReadyOptions {
  readonly types: readonly string[];
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Called whenever a battery's state line changes. */
  readonly onChange?: (state: BatteryState, all: readonly BatteryState[]) => void;
  /** @default 1000 */
  readonly intervalMs?: number;
}

/**
 * Polls the Battery objects until each of `types` is Ready for its current generation. Rejects with a
 * WaitTimeoutError naming the batteries still not ready and why, or an InterruptedError when `signal` aborts.
 */
export async function waitForBatteriesReady(
  cluster: Cluster,
  options: WaitReadyOptions,
): Promise<BatteryState[]> {
  const deadline = Date.now() + options.timeoutMs;
  const last = new Map<string, string>();
  for (;;) {
    if (options.signal?.aborted)
      throw new InterruptedError('interrupted while waiting for batteries to become Ready');
    const live = new Map((await cluster.listBatteries()).map((b) => [b.metadata.name, b]));
    const states = options.types.map((type) => {
      const battery = live.get(type);
      return battery
        ? batteryState(battery)
        : {
            type,
            ready: 'Unknown' as const,
            current: false,
            message: 'the Battery object is missing',
            resources: undefined,
          };
    });
    for (const state of states) {
      const line = describeState(state);
      if (last.get(state.type) !== line) {
        last.set(state.type, line);
        options.onChange?.(state, states);
      }
    }
    if (states.every((s) => s.ready === 'True' && s.current)) return states;
    if (Date.now() > deadline) {
      const waiting = states.filter((s) => !(s.ready === 'True' && s.current)).map(describeState);
      throw new WaitTimeoutError(
        `batteries not Ready after ${Math.round(options.timeoutMs / 1000)} s:\n${waiting.map((l) => `  - ${l}`).join('\n')}`,
      );
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.intervalMs ?? 1000);
      options.signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
