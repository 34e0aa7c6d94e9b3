import { z } from 'zod';
import { withAdmissionRule } from './admission-rule.js';

// The shape only: four dotted groups of digits, then a prefix length or a second address.
const POOL_SHAPE = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2}|-(\d{1,3}\.){3}\d{1,3})$/;
// Octets and prefix lengths as the API server's IP and CIDR libraries read them (Go's netip): no leading zeros.
const OCTET = /^(0|[1-9][0-9]{0,2})$/;
const PREFIX_LENGTH = /^(0|[1-9][0-9]?)$/;

/** The longest pool, `255.255.255.255-255.255.255.255`; bounds the CEL rule's cost on the API server. */
export const IP_POOL_MAX_LENGTH = 31;

/** An IPv4 address as a number (`10.0.0.1` → 167772161), or undefined when it is not one. */
export function ipv4Number(text: string): number | undefined {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((octet) => OCTET.test(octet) && Number(octet) <= 255))
    return undefined;
  return octets.reduce((number, octet) => number * 256 + Number(octet), 0);
}

/**
 * Whether `text` is an IPv4 pool MetalLB accepts: a CIDR (`172.18.0.240/28`, prefix 0–32; host bits may be
 * set) or a range (`172.18.0.240-172.18.0.250`) whose start is not after its end.
 */
export function isIpv4Pool(text: string): boolean {
  const [address = '', prefix] = text.split('/');
  if (prefix !== undefined) {
    return ipv4Number(address) !== undefined && PREFIX_LENGTH.test(prefix) && Number(prefix) <= 32;
  }
  const [start, end, ...rest] = text.split('-');
  if (start === undefined || end === undefined || rest.length > 0) return false;
  const [first, last] = [ipv4Number(start), ipv4Number(end)];
  return first !== undefined && last !== undefined && first <= last;
}

/** CEL: the IPv4 address `text` (a CEL string expression, already known to be one) as an int. */
function celIpv4Number(text: string): string {
  return [0, 1, 2, 3].map((index) => `int(${text}.split('.')[${index}]) * ${256 ** (3 - index)}`).join(' + ');
}

const CEL_IS_IPV4 = (text: string) => `isIP(${text}) && ip(${text}).family() == 4`;
const [START, END] = ["self.split('-')[0]", "self.split('-')[1]"];
const CEL_IP_POOL =
  `self.contains('/') ? (isCIDR(self) && cidr(self).ip().family() == 4) : ` +
  `(self.split('-').size() == 2 && ${CEL_IS_IPV4(START)} && ${CEL_IS_IPV4(END)} && ` +
  `${celIpv4Number(START)} <= ${celIpv4Number(END)})`;

const MESSAGE =
  'must be an IPv4 CIDR such as 172.18.0.240/28 or a range such as 172.18.0.240-172.18.0.250: ' +
  'octets 0-255 without leading zeros, a prefix length of at most 32, a range start not after its end';

/**
 * An IPv4 address pool for MetalLB, checked by zod and, with the API server's IP and CIDR libraries, by the CRD.
 * @example ipv4Pool() // accepts 172.18.0.240/28 and 172.18.0.240-172.18.0.250; refuses 999.1.1.1/24
 */
export function ipv4Pool() {
  const shape = z
    .string()
    .regex(POOL_SHAPE, { error: MESSAGE, abort: true })
    .max(IP_POOL_MAX_LENGTH, { error: `must be at most ${IP_POOL_MAX_LENGTH} characters`, abort: true });
  return withAdmissionRule(shape, {
    accepts: isIpv4Pool,
    cel: CEL_IP_POOL,
    message: MESSAGE,
    examples: {
      accepted: ['172.18.0.240/28', '10.0.0.0/8', '172.18.0.241/28', '172.18.0.240-172.18.0.250'],
      refused: [
        '999.1.1.1/24',
        '10.0.0.0/33',
        '010.0.0.0/8',
        '10.0.0.0/08',
        '172.18.0.250-172.18.0.240',
        '172.18.0.240-172.18.0.256',
      ],
    },
  });
}
