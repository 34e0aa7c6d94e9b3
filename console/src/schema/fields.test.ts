import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describeFields, humanize, type FieldDescriptor } from './fields.js';
import type { OpenApiSchema as JsonSchema } from '@batteries-included/operator/api-types';
import { setAt, getAt } from './spec-value.js';
import { fieldErrorsOf, fieldIdOf, leafFields, validateSpec, validateValue } from './validate.js';

/** The real spec schema of a battery, from the committed CRD. */
function specSchema(type: string): JsonSchema {
  const crd = parse(readFileSync(new URL(`../../../crds/dist/${type}.yaml`, import.meta.url), 'utf8'));
  return crd.spec.versions[0].schema.openAPIV3Schema.properties.spec;
}

const byId = (fields: readonly FieldDescriptor[], id: string) => leafOrNode(fields, id);
function leafOrNode(fields: readonly FieldDescriptor[], id: string): FieldDescriptor {
  for (const f of fields) {
    if (f.id === id) return f;
    if (f.children && id.startsWith(`${f.id}.`)) return leafOrNode(f.children, id);
  }
  throw new Error(`no field ${id}`);
}

describe('fields from the VictoriaMetrics schema', () => {
  const fields = describeFields(specSchema('victoria-metrics'));

  it('recognises images, resources, quantities, booleans and patterned text', () => {
    expect(byId(fields, 'image').kind).toBe('image');
    expect(byId(fields, 'resources').kind).toBe('resources');
    expect(byId(fields, 'resources.requests.cpu')).toMatchObject({ kind: 'quantity', quantity: 'cpu' });
    expect(byId(fields, 'resources.limits.memory')).toMatchObject({
      kind: 'quantity',
      quantity: 'bytes',
      label: 'Memory limit',
    });
    expect(byId(fields, 'resources.requests.cpu').label).toBe('CPU request');
    expect(byId(fields, 'storageSize')).toMatchObject({
      kind: 'quantity',
      mayNotShrink: true,
      label: 'Storage size',
    });
    expect(byId(fields, 'scrapeKubelets')).toMatchObject({ kind: 'boolean', default: true });
    expect(byId(fields, 'scrapeInterval')).toMatchObject({ kind: 'text', default: '30s' });
    expect(byId(fields, 'scrapeInterval').description).toMatch(/How often/);
  });

  it('accepts the defaults and rejects bad values with a message naming what is accepted', () => {
    expect(validateSpec(fields, {})).toEqual({});
    const bad = validateSpec(fields, { storageSize: 'lots', scrapeInterval: '30 seconds' });
    expect(bad.storageSize).toMatch(/must be a size such as/);
    expect(bad.scrapeInterval).toMatch(/must match .*for example 30s/);
  });

  it('refuses to shrink a volume below the installed size', () => {
    const storage = byId(fields, 'storageSize');
    expect(validateValue(storage, '5Gi', '10Gi')).toMatch(/may not shrink below 10Gi/);
    expect(validateValue(storage, '20Gi', '10Gi')).toBeUndefined();
    expect(validateSpec(fields, { storageSize: '1Gi' }, { current: { storageSize: '2Gi' } })).toHaveProperty(
      'storageSize',
    );
  });
});

describe('fields from the core schema', () => {
  const fields = describeFields(specSchema('core'));

  it('offers enums as choices and marks fields fixed after creation', () => {
    expect(byId(fields, 'defaultSize')).toMatchObject({ kind: 'enum', default: 'medium' });
    expect(byId(fields, 'defaultSize').enum).toContain('large');
    expect(byId(fields, 'clusterType').isFixedAfterCreation).toBe(true);
    expect(validateValue(byId(fields, 'clusterType'), 'aws', 'kind')).toMatch(/fixed after creation/);
    expect(validateValue(byId(fields, 'defaultSize'), 'gigantic')).toMatch(/must be one of tiny/);
  });

  it('validates list entries against the item pattern', () => {
    const pools = byId(fields, 'ipAddressPools');
    expect(pools.kind).toBe('list');
    expect(validateValue(pools, ['172.18.0.240/28'])).toBeUndefined();
    expect(validateValue(pools, ['172.18.0.240/28', 'nope'])).toMatch(/entry 2 \(nope\)/);
  });

  it('lists every leaf field once', () => {
    const ids = leafFields(fields).map((f) => f.id);
    expect(ids).toContain('namespaces.data');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('spec values', () => {
  it('sets nested fields and removes emptied ones, keeping defaults to the operator', () => {
    const spec = setAt({}, ['resources', 'requests', 'cpu'], '500m');
    expect(spec).toEqual({ resources: { requests: { cpu: '500m' } } });
    expect(getAt(spec, ['resources', 'requests', 'cpu'])).toBe('500m');
    expect(setAt(spec, ['resources', 'requests', 'cpu'], '')).toEqual({});
  });

  it('maps server error fields to field ids', () => {
    expect(fieldIdOf('spec.storageSize')).toBe('storageSize');
    expect(fieldIdOf('/spec/resources/requests/cpu')).toBe('resources.requests.cpu');
    expect(fieldIdOf('ipAddressPools[1]')).toBe('ipAddressPools.1');
  });

  it('keeps the server errors of the edited battery only', () => {
    const errors = [
      { field: 'batteries[0].spec.clusterName', message: 'must be a DNS label' },
      { field: 'batteries[1].spec.storageSize', message: 'may not shrink' },
    ];
    expect(fieldErrorsOf(errors, 1)).toEqual({ storageSize: 'may not shrink' });
    expect(fieldErrorsOf([{ field: 'spec.image.tag', message: 'bad tag' }])).toEqual({
      'image.tag': 'bad tag',
    });
  });

  it('labels fields for people', () => {
    expect(humanize('ipAddressPools')).toBe('IP address pools');
    expect(humanize('scrapeKubelets')).toBe('Scrape kubelets');
  });
});
