import { useEffect, useMemo, useRef, useState } from 'react';
import { readToken } from '../api/token.js';

/** Lines kept in the browser: older ones scroll out, as in a terminal. */
const MAX_LINES = 5_000;

export interface LogViewerProps {
  namespace: string;
  pod: string;
  containers: readonly string[];
}

/**
 * A pod's log streamed from `/api/v1/pods/:namespace/:name/logs` (the token in the header, never the URL): the last
 * lines, then, with Follow, new ones as they come; Search filters the lines shown. Changing pod, container or
 * follow opens a new stream and closes the old one.
 */
export function LogViewer({ namespace, pod, containers }: LogViewerProps) {
  const [container, setContainer] = useState(containers[containers.length - 1] ?? '');
  const [isFollowing, setIsFollowing] = useState(true);
  const [search, setSearch] = useState('');
  const [lines, setLines] = useState<string[]>([]);
  const [state, setState] = useState<'loading' | 'streaming' | 'ended' | 'error'>('loading');
  const [error, setError] = useState('');
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    setLines([]);
    setState('loading');
    setError('');
    const query = new URLSearchParams({ tailLines: '500', ...(container ? { container } : {}) });
    if (isFollowing) query.set('follow', 'true');
    void (async () => {
      try {
        const token = readToken();
        const response = await fetch(
          `/api/v1/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(pod)}/logs?${query}`,
          { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: abort.signal },
        );
        if (!response.ok || !response.body) {
          const body = (await response.json().catch(() => ({}))) as { detail?: string };
          setError(body.detail ?? `HTTP ${response.status}`);
          setState('error');
          return;
        }
        setState('streaming');
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let partial = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const chunk = (partial + decoder.decode(value, { stream: true })).split('\n');
          partial = chunk.pop() ?? '';
          if (chunk.length > 0) setLines((previous) => [...previous, ...chunk].slice(-MAX_LINES));
        }
        if (partial) setLines((previous) => [...previous, partial].slice(-MAX_LINES));
        setState('ended');
      } catch (caught) {
        if (abort.signal.aborted) return;
        setError(caught instanceof Error ? caught.message : String(caught));
        setState('error');
      }
    })();
    return () => abort.abort();
  }, [namespace, pod, container, isFollowing]);

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return needle ? lines.filter((line) => line.toLowerCase().includes(needle)) : lines;
  }, [lines, search]);

  useEffect(() => {
    if (isFollowing && !search) bottom.current?.scrollIntoView({ block: 'nearest' });
  }, [shown.length, isFollowing, search]);

  return (
    <section aria-label={`Logs of ${pod}`} className="log-viewer">
      <div className="grid">
        {containers.length > 1 && (
          <label>
            Container
            <select value={container} onChange={(e) => setContainer(e.target.value)}>
              {containers.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          Search
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Filter lines"
          />
        </label>
        <label>
          <input
            type="checkbox"
            role="switch"
            checked={isFollowing}
            onChange={(e) => setIsFollowing(e.target.checked)}
          />
          Follow
        </label>
      </div>
      <p className="muted" role="status" aria-live="polite">
        {state === 'loading'
          ? 'Connecting…'
          : state === 'error'
            ? `Logs unavailable: ${error}`
            : `${shown.length} of ${lines.length} lines${state === 'streaming' && isFollowing ? ', following' : ''}`}
      </p>
      <pre className="log-lines" tabIndex={0} aria-label="Log lines">
        {shown.map((line, index) => (
          <div key={index}>{line}</div>
        ))}
        <div ref={bottom} />
      </pre>
    </section>
  );
}
