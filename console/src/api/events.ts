// The live event stream: one EventSource for the app; each event invalidates the queries it makes stale, and
// the latest events are kept for the "live" strip and for pages that watch a pass happen.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState } from 'react';
import { api } from './client.js';
import { keys } from './queries.js';
import type { OperatorEvent, StreamTicket } from '@batteries-included/operator/api-types';

export type StreamState = 'connecting' | 'open' | 'closed';

export interface LiveEvents {
  state: StreamState;
  /** The newest events first, at most 50. */
  recent: OperatorEvent[];
  /** Whether a pass is running now (a pass-started without its pass-finished). */
  isPassRunning: boolean;
}

export const LiveEventsContext = createContext<LiveEvents>({
  state: 'connecting',
  recent: [],
  isPassRunning: false,
});

export const useLiveEvents = () => useContext(LiveEventsContext);

/** Reconnect delays after a stream fails: 1 s, doubling to 30 s; reset once a stream opens. */
const RETRY_MS = { first: 1_000, max: 30_000 };

/**
 * Opens the stream while mounted and refetches on every (re)connect. EventSource cannot send the token, and a token
 * in a URL ends up in proxy logs, so each connection first POSTs for a single-use ticket (30 s) and puts only that
 * in the URL. A ticket cannot be reused, so reconnecting is done here (a new ticket each time), not by EventSource.
 */
export function useEventStream(): LiveEvents {
  const client = useQueryClient();
  const [live, setLive] = useState<LiveEvents>({ state: 'connecting', recent: [], isPassRunning: false });

  useEffect(() => {
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = RETRY_MS.first;
    let isMounted = true;
    const push = (event: OperatorEvent) =>
      setLive((prev) => ({
        state: 'open',
        recent: [event, ...prev.recent].slice(0, 50),
        isPassRunning:
          event.type === 'pass-started' ? true : event.type === 'pass-finished' ? false : prev.isPassRunning,
      }));
    const retry = () => {
      if (!isMounted) return;
      setLive((prev) => ({ ...prev, state: 'closed' }));
      retryTimer = setTimeout(() => void connect(), retryMs);
      retryMs = Math.min(retryMs * 2, RETRY_MS.max);
    };
    const connect = async () => {
      let ticket: string;
      try {
        ({ ticket } = await api<StreamTicket>('/events/tickets', { method: 'POST' }));
      } catch {
        // A refused token shows the sign-in screen (the client's 401 handling); anything else: try again.
        retry();
        return;
      }
      if (!isMounted) return;
      source = new EventSource(`/api/v1/events?ticket=${encodeURIComponent(ticket)}`);
      source.addEventListener('hello', () => {
        retryMs = RETRY_MS.first;
        // The stream carries no history: whatever happened while disconnected is read again.
        setLive((prev) => ({ ...prev, state: 'open' }));
        void client.invalidateQueries();
      });
      source.addEventListener('pass-started', (e) => push(JSON.parse((e as MessageEvent).data)));
      source.addEventListener('pass-finished', (e) => {
        push(JSON.parse((e as MessageEvent).data));
        void client.invalidateQueries({ queryKey: ['passes'] });
        void client.invalidateQueries({ queryKey: ['objects'] });
        void client.invalidateQueries({ queryKey: keys.batteries });
        void client.invalidateQueries({ queryKey: keys.catalog });
      });
      source.addEventListener('battery-status', (e) => {
        push(JSON.parse((e as MessageEvent).data));
        void client.invalidateQueries({ queryKey: keys.batteries });
        void client.invalidateQueries({ queryKey: ['objects'] });
      });
      source.onerror = () => {
        // EventSource would retry with the same (spent) ticket: close it and reconnect with a new one.
        source?.close();
        retry();
      };
    };
    void connect();
    return () => {
      isMounted = false;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [client]);

  return live;
}
