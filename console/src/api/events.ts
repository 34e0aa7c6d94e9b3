// The live event stream: one EventSource for the app; each event invalidates the queries it makes stale, and
// the latest events are kept for the "live" strip and for pages that watch a pass happen.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState } from 'react';
import { keys } from './queries.js';
import { readToken } from './token.js';
import type { OperatorEvent } from '@batteries-included/operator/api-types';

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

/** Opens the stream while mounted; reconnects (EventSource does) and refetches on every (re)connect. */
export function useEventStream(): LiveEvents {
  const client = useQueryClient();
  const [live, setLive] = useState<LiveEvents>({ state: 'connecting', recent: [], isPassRunning: false });

  useEffect(() => {
    const token = readToken() ?? '';
    const source = new EventSource(`/api/v1/events?access_token=${encodeURIComponent(token)}`);
    const push = (event: OperatorEvent) =>
      setLive((prev) => ({
        state: 'open',
        recent: [event, ...prev.recent].slice(0, 50),
        isPassRunning:
          event.type === 'pass-started' ? true : event.type === 'pass-finished' ? false : prev.isPassRunning,
      }));
    source.addEventListener('hello', () => {
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
    source.onerror = () =>
      setLive((prev) => ({ ...prev, state: source.readyState === 2 ? 'closed' : 'connecting' }));
    return () => source.close();
  }, [client]);

  return live;
}
