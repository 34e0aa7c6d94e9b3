import { InvalidInputError } from '../lib/errors.js';

/** The Docker network Kind's nodes are on, as `docker network inspect kind` describes it. */
export interface KindNetwork {
  /** IPv4 subnets of the network's IPAM config, in order (IPv6 ones are left out). */
  readonly ipv4Subnets: readonly string[];
  /** How many containers are attached to the network. */
  readonly containerCount: number;
}

const BLOCK_PREFIX = 28;

function parseIpv4(text: string): number {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new InvalidInputError(`"${text}" is not an IPv4 address`);
  }
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

/**
 * The address range MetalLB may hand out on Kind, the way the original `bi` chose it: a /28 block carved from the
 * first IPv4 subnet of the Docker network `kind`, at block index (containers on the network + 1), so clusters
 * sharing the network get different blocks and block 0 (the gateway and the nodes) is never used.
 * Subnets of /29 or smaller cannot hold a /28 block after the first and are refused, as are networks so full that
 * the block would fall outside the subnet.
 * @example metallbRange({ ipv4Subnets: ['172.18.0.0/16'], containerCount: 0 }) // '172.18.0.16/28'
 */
export function metallbRange(network: KindNetwork): string {
  const subnet = network.ipv4Subnets[0];
  if (!subnet)
    throw new InvalidInputError(
      'the Docker network "kind" has no IPv4 subnet to carve MetalLB addresses from',
    );
  const [address, prefixText] = subnet.split('/');
  const prefix = Number(prefixText);
  if (!address || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new InvalidInputError(`the Docker network "kind" has an invalid subnet "${subnet}"`);
  }
  if (prefix >= BLOCK_PREFIX + 1) {
    throw new InvalidInputError(
      `the Docker network "kind" subnet ${subnet} is too small for a MetalLB range: a /${prefix} cannot hold a /28 block (need /28 or larger, e.g. /16)`,
    );
  }
  const blocks = 2 ** (BLOCK_PREFIX - prefix);
  const index = network.containerCount + 1;
  if (index >= blocks) {
    throw new InvalidInputError(
      `the Docker network "kind" subnet ${subnet} has ${blocks} /28 blocks, but block ${index} is needed for ${network.containerCount} container(s) on it; use a larger subnet`,
    );
  }
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const base = (parseIpv4(address) & mask) >>> 0;
  return `${formatIpv4(base + index * 16)}/${BLOCK_PREFIX}`;
}

/**
 * Reads `docker network inspect kind` output (a JSON array of one network).
 * @example parseKindNetwork('[{"IPAM":{"Config":[{"Subnet":"172.18.0.0/16"}]},"Containers":{}}]')
 */
export function parseKindNetwork(inspectJson: string): KindNetwork {
  let parsed: unknown;
  try {
    parsed = JSON.parse(inspectJson);
  } catch {
    throw new InvalidInputError('`docker network inspect kind` did not answer JSON');
  }
  const networks = Array.isArray(parsed) ? parsed : [];
  if (networks.length !== 1) {
    throw new InvalidInputError(`expected exactly one Docker network named "kind", found ${networks.length}`);
  }
  const network = networks[0] as {
    IPAM?: { Config?: Array<{ Subnet?: string }> };
    Containers?: Record<string, unknown>;
  };
  const ipv4Subnets = (network.IPAM?.Config ?? [])
    .map((c) => c.Subnet ?? '')
    .filter((s) => /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(s));
  return { ipv4Subnets, containerCount: Object.keys(network.Containers ?? {}).length };
}
