/**
 * The client's address for per-IP rate limits. Without trusted proxies (`trustedHops` 0) it is the socket's peer.
 * Behind `trustedHops` proxies, each of which appends the address it received the request from to
 * `X-Forwarded-For`, the client is the entry `trustedHops` places from the right: everything left of it was
 * written by the client and is ignored (taking the leftmost entry would let any client pick its own address).
 * @example clientAddress('6.6.6.6, 203.0.113.7', '10.0.0.2', 1) // '203.0.113.7'
 */
export function clientAddress(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  trustedHops: number,
): string {
  if (trustedHops > 0 && forwardedFor) {
    const hops = forwardedFor
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    // Fewer entries than trusted proxies: the request skipped a proxy; the nearest entry is still ours.
    const entry = hops[Math.max(0, hops.length - trustedHops)];
    if (entry) return entry;
  }
  return socketAddress || 'unknown';
}
