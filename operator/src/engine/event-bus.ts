import { EventEmitter } from 'node:events';
import type { BatteryStatus } from '@batteries-included/crds';
import type { PassCounts, PassStatus } from './vocabulary.js';

/** What the operator tells the API's event stream, the CLI and the console, as it happens. */
export type OperatorEvent =
  | { type: 'pass-started'; triggers: readonly string[]; at: string }
  | {
      type: 'pass-finished';
      passId?: number;
      status: PassStatus;
      counts?: PassCounts;
      durationMs: number;
      at: string;
    }
  | { type: 'battery-status'; battery: string; status: BatteryStatus; at: string };

/** An in-process publish/subscribe bus; subscribers get events in publish order. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: OperatorEvent): void {
    this.emitter.emit('event', event);
  }

  /** Returns a function that unsubscribes. */
  subscribe(listener: (event: OperatorEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
