import {
  batteryObjects,
  findObject,
  objectNames,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
} from '@batteries-included/batteries/testing';
import { metallbSchema } from './battery.js';

const golden = goldenFiles(import.meta.url);

describe('metallb battery', () => {
  it("announces the core battery's address ranges from the base namespace", () => {
    const objects = batteryObjects('metallb', {
      core: { ipAddressPools: ['172.18.0.240/28', '172.18.1.10-172.18.1.20'] },
      metallb: {},
    });
    expectGolden(objects, golden('default'));
    expect(objectNames(objects)).toEqual([
      'ClusterRoleBinding/metallb-controller',
      'CustomResourceDefinition/widgets.metallb.example.com',
      'Deployment/battery-base/metallb-controller',
      'IPAddressPool/battery-base/default',
      'L2Advertisement/battery-base/default',
      'ServiceAccount/battery-base/metallb-controller',
    ]);
    expect(findObject(objects, 'IPAddressPool', 'default').spec.addresses).toEqual([
      '172.18.0.240/28',
      '172.18.1.10-172.18.1.20',
    ]);
    expect(findObject(objects, 'L2Advertisement', 'default').spec).toEqual({ ipAddressPools: ['default'] });
  });

  it('generates no pool without address ranges', () => {
    const objects = batteryObjects('metallb', { core: {}, metallb: {} });
    expect(objects.some((o) => o.kind === 'IPAddressPool' || o.kind === 'L2Advertisement')).toBe(false);
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(metallbSchema)).toEqual([]);
  });
});
