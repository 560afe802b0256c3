/**
 * The client's address for throttling. Behind Render's proxy the socket address is the
 * proxy's; the client is in X-Forwarded-For. Only the entries added by proxies we trust count:
 * with `trustedProxyHops` = n, the client is the n-th address from the right.
 */
export function clientAddress(
  forwardedFor: string | null,
  socketAddress: string | undefined,
  trustedProxyHops: number,
): string {
  const socket = normalize(socketAddress ?? 'unknown');
  if (trustedProxyHops <= 0 || !forwardedFor) return socket;
  const chain = forwardedFor
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (chain.length === 0) return socket;
  return normalize(chain[Math.max(0, chain.length - trustedProxyHops)]!);
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; IPv6 grouped by /64 so one host cannot rotate through its block. */
function normalize(address: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1]!;
  if (address.includes(':')) {
    const groups = expandIpv6(address);
    return groups ? `${groups.slice(0, 4).join(':')}::/64` : address.toLowerCase();
  }
  return address;
}

function expandIpv6(address: string): string[] | null {
  const [head, tail] = address.toLowerCase().split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array(Math.max(fill, 0)).fill('0'), ...right];
  return groups.length === 8 && groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))
    ? groups.map((g) => g.replace(/^0+(?=.)/, ''))
    : null;
}
