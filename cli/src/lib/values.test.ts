import { InvalidInputError } from './errors.js';
import { parseSetFlag, parseValuesFile, setPath } from './values.js';
import { requestedSpecs } from '../commands/battery/install.js';

describe('--set and values files', () => {
  it('parses values as YAML scalars and dotted paths', () => {
    expect(parseSetFlag('replicas=2')).toEqual({ path: ['replicas'], value: 2 });
    expect(parseSetFlag('exporter.enabled=false')).toEqual({ path: ['exporter', 'enabled'], value: false });
    expect(parseSetFlag('storageSize=16Gi')).toEqual({ path: ['storageSize'], value: '16Gi' });
    expect(parseSetFlag('name="2"')).toEqual({ path: ['name'], value: '2' });
    expect(parseSetFlag('pools=[a, b]')).toEqual({ path: ['pools'], value: ['a', 'b'] });
  });

  it('refuses a --set without = or with an empty path segment', () => {
    expect(() => parseSetFlag('replicas')).toThrow(InvalidInputError);
    expect(() => parseSetFlag('a..b=1')).toThrow(/empty segment/);
  });

  it('sets nested paths without changing the input', () => {
    const spec = { image: { tag: 'a' } };
    expect(setPath(spec, ['image', 'repository'], 'r')).toEqual({ image: { tag: 'a', repository: 'r' } });
    expect(spec).toEqual({ image: { tag: 'a' } });
  });

  it('refuses a values file that is not a mapping', () => {
    expect(() => parseValuesFile('- a\n- b\n', 'v.yaml')).toThrow(/expected a mapping/);
    expect(parseValuesFile('', 'v.yaml')).toEqual({});
  });

  it('combines -f and --set; with several batteries both are keyed by type', () => {
    expect([...requestedSpecs(['redis'], 'appendonly: false\n', 'v.yaml', ['maxmemory=1Gi'])]).toEqual([
      ['redis', { appendonly: false, maxmemory: '1Gi' }],
    ]);
    expect([
      ...requestedSpecs(['redis', 'grafana'], 'redis: {appendonly: false}\n', 'v.yaml', [
        'grafana.replicas=2',
      ]),
    ]).toEqual([
      ['redis', { appendonly: false }],
      ['grafana', { replicas: 2 }],
    ]);
    expect(() => requestedSpecs(['redis', 'grafana'], undefined, '', ['replicas=2'])).toThrow(
      /start the path with one of them/,
    );
    expect(() => requestedSpecs(['redis', 'grafana'], 'loki: {}\n', 'v.yaml', [])).toThrow(
      /not one of the batteries/,
    );
  });
});
