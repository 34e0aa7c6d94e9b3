import {
  batteryObjects,
  objectNames,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
} from '@batteries-included/batteries/testing';
import { gatewayApiSchema } from './battery.js';

const golden = goldenFiles(import.meta.url);

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
