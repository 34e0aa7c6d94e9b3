import { InvalidInputError } from '../lib/errors.js';
import { metallbRange, parseKindNetwork } from './metallb-range.js';

describe('metallbRange (the original bi net.go cases)', () => {
  it('takes block 1 of 172.18.0.0/16 when no container is on the network', () => {
    expect(metallbRange({ ipv4Subnets: ['172.18.0.0/16'], containerCount: 0 })).toBe('172.18.0.16/28');
  });

  it('takes block 6 of 172.18.0.0/16 with 5 containers on the network', () => {
    expect(metallbRange({ ipv4Subnets: ['172.18.0.0/16'], containerCount: 5 })).toBe('172.18.0.96/28');
  });

  it('refuses a /26 with 3 containers: block 4 is outside its 4 blocks', () => {
    expect(() => metallbRange({ ipv4Subnets: ['10.0.0.0/26'], containerCount: 3 })).toThrow(
      InvalidInputError,
    );
    expect(() => metallbRange({ ipv4Subnets: ['10.0.0.0/26'], containerCount: 3 })).toThrow(/4 \/28 blocks/);
  });

  it('refuses prefixes of /29 and longer', () => {
    expect(() => metallbRange({ ipv4Subnets: ['10.0.0.0/29'], containerCount: 0 })).toThrow(/too small/);
    expect(() => metallbRange({ ipv4Subnets: ['10.0.0.0/30'], containerCount: 0 })).toThrow(/too small/);
  });

  it('masks host bits of the subnet address and crosses octets', () => {
    expect(metallbRange({ ipv4Subnets: ['172.18.5.9/16'], containerCount: 16 })).toBe('172.18.1.16/28');
  });

  it('uses the first IPv4 subnet of docker network inspect output, ignoring IPv6', () => {
    const network = parseKindNetwork(
      JSON.stringify([
        {
          Name: 'kind',
          IPAM: {
            Config: [
              { Subnet: 'fc00:f853:ccd:e793::/64' },
              { Subnet: '172.19.0.0/16', Gateway: '172.19.0.1' },
            ],
          },
          Containers: { a: {}, b: {} },
        },
      ]),
    );
    expect(network).toEqual({ ipv4Subnets: ['172.19.0.0/16'], containerCount: 2 });
    expect(metallbRange(network)).toBe('172.19.0.48/28');
  });

  it('refuses output that names no network', () => {
    expect(() => parseKindNetwork('[]')).toThrow(/exactly one Docker network/);
  });
});
