import { DASHBOARD_LABEL } from '@batteries-included/batteries';
import { BundleParseError } from './errors.js';
import { parseBundle } from './parse-bundle.js';

describe('parseBundle', () => {
  it('reads Kubernetes manifests, expanding Lists and skipping empty documents', () => {
    const content = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}',
      '',
      'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Secret, metadata: {name: b}}',
    ].join('\n---\n');
    expect(parseBundle('b@1', content).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/a',
      'Secret/b',
    ]);
  });

  it('turns each Grafana dashboard JSON model into a labelled ConfigMap named by its uid', () => {
    const dashboard = {
      uid: 'wNf0q_kZk',
      title: 'VictoriaMetrics',
      panels: [{ type: 'stat' }],
      templating: {},
    };
    const [object, second] = parseBundle(
      'dashboards@1',
      `${JSON.stringify(dashboard)}\n---\n${JSON.stringify({ title: 'No uid', panels: [] })}`,
    );
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'grafana-dashboard-wnf0q-kzk', labels: { [DASHBOARD_LABEL]: 'true' } },
      data: { 'dashboard.json': JSON.stringify(dashboard) },
    });
    expect(second!.metadata.name).toBe('grafana-dashboard-2');
  });

  it('refuses a document that is neither a Kubernetes object nor a dashboard, naming it', () => {
    expect(() =>
      parseBundle('x@1', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\ntitle: t'),
    ).toThrow(BundleParseError);
    expect(() => parseBundle('x@1', '{"title": "t"}')).toThrow(/document 1 is not a Kubernetes object/);
  });
});
