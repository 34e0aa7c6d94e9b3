/** The annotations VictoriaMetrics' scrape config honours on pods and Services. */
export const SCRAPE_ANNOTATIONS = {
  scrape: 'prometheus.io/scrape',
  port: 'prometheus.io/port',
  path: 'prometheus.io/path',
  scheme: 'prometheus.io/scheme',
} as const;

/** Where a workload serves its metrics. */
export interface ScrapeTarget {
  /** The port number metrics are served on. */
  readonly port: number;
  /** The HTTP path; default `/metrics`. */
  readonly path?: string;
}

/**
 * Annotations that ask VictoriaMetrics to scrape a Service's endpoints (or a pod). Put them on the
 * Service, not also on the pods, or every target is scraped twice.
 * @example scrapeAnnotations({ port: 8080 }) // { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' }
 */
export function scrapeAnnotations(target: ScrapeTarget): Record<string, string> {
  return {
    [SCRAPE_ANNOTATIONS.scrape]: 'true',
    [SCRAPE_ANNOTATIONS.port]: String(target.port),
    [SCRAPE_ANNOTATIONS.path]: target.path ?? '/metrics',
  };
}

/**
 * `scrapeAnnotations` for each workload of an upstream bundle, by workload name: what `includeBundle`'s
 * `podAnnotations` takes.
 * @example podScrapeAnnotations({ controller: { port: 7472 } }) // { controller: { 'prometheus.io/scrape': 'true', … } }
 */
export function podScrapeAnnotations(
  targets: Readonly<Record<string, ScrapeTarget>>,
): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(targets).map(([name, target]) => [name, scrapeAnnotations(target)]),
  );
}
