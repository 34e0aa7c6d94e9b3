import { fileURLToPath } from 'node:url';
import { crdSchemaProblems } from '../../testing/crd-schema.js';
import { batteryObjects, objectNames } from '../../testing/battery-objects.js';
import { expectGolden } from '../../testing/golden.js';
import { gatewayApiSchema } from './battery.js';

const golden = (name: string) => fileURLToPath(new URL(`./__golden__/${name}.yaml`, import.meta.url));

describe('gateway-api battery', () => {
  it('installs the bundle as it is: cluster-scoped CRDs', () => {
    const objects = batteryObjects('gateway-api', { 'gateway-api': {} });
    expectGolden(objects, golden('gateway-api'));
    expect(objectNames(objects)).toEqual(['CustomResourceDefinition/widgets.gateway-api.example.com']);
  });

  it('installs the experimental channel from its own release file', () => {
    const objects = batteryObjects('gateway-api', { 'gateway-api': { channel: 'experimental' } });
    expect(objectNames(objects)).toEqual([
      'CustomResourceDefinition/widgets.gateway-api-experimental.example.com',
    ]);
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(gatewayApiSchema)).toEqual([]);
  });
});
