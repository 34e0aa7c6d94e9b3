import { diffSpecs } from './spec-diff.js';

describe('diffSpecs', () => {
  it('finds nothing between equal specs, whatever their key order', () => {
    expect(diffSpecs({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('lists changed, added and removed leaves with their values now and restored', () => {
    expect(
      diffSpecs(
        { maxmemoryPolicy: 'allkeys-lru', maxmemory: '1Gi', exporter: { enabled: true } },
        { maxmemoryPolicy: 'noeviction', exporter: { enabled: false }, appendonly: true },
      ),
    ).toEqual([
      { path: 'spec.appendonly', after: true },
      { path: 'spec.exporter.enabled', before: true, after: false },
      { path: 'spec.maxmemory', before: '1Gi' },
      { path: 'spec.maxmemoryPolicy', before: 'allkeys-lru', after: 'noeviction' },
    ]);
  });

  it('tells an absent field from a null one', () => {
    const [change] = diffSpecs({ a: null }, {});
    expect(change).toEqual({ path: 'spec.a', before: null });
    expect('after' in change!).toBe(false);
    expect('before' in diffSpecs({}, { a: null })[0]!).toBe(false);
  });

  it('compares lists index by index and lists every leaf of an added subtree', () => {
    expect(
      diffSpecs({ models: ['llama3', 'phi3'] }, { models: ['llama3'], resources: { limits: { cpu: '1' } } }),
    ).toEqual([
      { path: 'spec.models[1]', before: 'phi3' },
      { path: 'spec.resources.limits.cpu', after: '1' },
    ]);
  });

  it('reports a value that changes shape once, at its path', () => {
    expect(diffSpecs({ a: { b: 1 } }, { a: 'x' })).toEqual([
      { path: 'spec.a', before: { b: 1 }, after: 'x' },
    ]);
  });

  it('quotes keys kubectl users could not write bare', () => {
    expect(diffSpecs({ labels: {} }, { labels: { 'app.kubernetes.io/name': 'x' } })).toEqual([
      { path: 'spec.labels["app.kubernetes.io/name"]', after: 'x' },
    ]);
  });

  it('keeps an emptied object as one leaf', () => {
    expect(diffSpecs({}, { exporter: {} })).toEqual([{ path: 'spec.exporter', after: {} }]);
  });
});
