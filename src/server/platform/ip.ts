import { isIPv6 } from 'node:net';

/**
 * The key an anonymous request is rate-limited by: the IPv4 address, or the /64 prefix of an IPv6
 * address, since one household or school is handed a whole /64.
 */
export function ipRateKey(ip: string): string {
  const v4mapped = ip.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (v4mapped) return v4mapped[1];
  if (!isIPv6(ip)) return ip;
  // A dotted IPv4 tail (`64:ff9b::192.0.2.33`) stands for two groups; count it as two.
  const hex = ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a: string, b: string, c: string, d: string) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((n) => n.toString(16)).join(':'),
  );
  const [head, tail = ''] = hex.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const groups = [...headParts, ...Array(8 - headParts.length - tailParts.length).fill('0'), ...tailParts];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}
