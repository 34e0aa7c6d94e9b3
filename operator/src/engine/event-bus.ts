import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import type { operatorEvent } from '../api/schemas.js';

/**
 * What the operator tells the API's event stream, the CLI and the console, as it happens. The shape is the
 * API's (`operatorEvent` in api/schemas.ts), so the console's copy is this one.
 */
export type OperatorEvent = z.input<typeof operatorEvent>;

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
