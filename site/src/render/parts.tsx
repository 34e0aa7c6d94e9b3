/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { Heading } from '../markdown.js';

/** An image the build copied into the site, with its intrinsic size. */
export interface SiteImage {
  src: string;
  width: number;
  height: number;
  alt: string;
}

/** A lazily loaded figure with its size set, so the page does not move while it loads. */
export function Figure({ image, caption }: { image: SiteImage; caption: string }) {
  return (
    <figure>
      <img
        src={image.src}
        width={image.width}
        height={image.height}
        alt={image.alt}
        loading="lazy"
        decoding="async"
      />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

/** HTML the build produced itself (rendered Markdown), inserted as it is. */
export function Html({ html }: { html: string }) {
  return <>{raw(html)}</>;
}

/** "On this page": the page's `h2` headings. */
export function Toc({ headings }: { headings: readonly Heading[] }) {
  const entries = headings.filter((h) => h.depth === 2);
  if (entries.length < 2) return null;
  return (
    <nav class="toc" aria-label="On this page">
      <ul>
        {entries.map((h) => (
          <li>
            <a href={`#${h.id}`}>{h.text}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The six steps of a pass, as an ordered list styled as a flow. */
export function PassDiagram() {
  const steps = [
    [
      'Prepare',
      'A point-in-time snapshot: every Battery, live objects from the watch cache, bundles, secrets.',
    ],
    ['Generate', 'A pure function turns the snapshot into the complete, sorted, hashed object set.'],
    ['Plan', 'A pure diff against live state and the last inventory: create, update, drift, prune.'],
    ['Apply', 'Server-side apply of only what changed, in kind order, with bounded concurrency.'],
    ['Record', 'One Postgres transaction: the snapshot, content-addressed documents, per-object results.'],
    ['Broadcast', 'Battery conditions, Kubernetes Events, the event stream, Prometheus metrics.'],
  ] as const;
  return (
    <ol class="pass" aria-label="The steps of a pass">
      {steps.map(([name, text]) => (
        <li>
          <strong>{name}</strong>
          {text}
        </li>
      ))}
    </ol>
  );
}
