/**
 * Where a roster source may be: https (plain http only to loopback outside production, as single
 * sign-on allows it with SIGN_ON_LOOPBACK_HTTP), and never a private, link-local, unique-local or
 * cloud metadata address, nor loopback in production. A settings address written as a number is
 * refused when saved; a host name is resolved and every address checked right before each request.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import { allowsPlainHttp } from '#server/features/sso/index.ts';
import type { Config } from '#server/platform/config.ts';

export type RosterAddressPolicy = Pick<Config, 'SIGN_ON_LOOPBACK_HTTP' | 'NODE_ENV'>;

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Private, link-local (metadata at 169.254.169.254 among them), shared, reserved and multicast ranges. */
const INTERNAL = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  INTERNAL.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  INTERNAL.addSubnet(address, prefix, 'ipv6');

/** IPv4 written inside IPv6 (::ffff:a.b.c.d or ::ffff:hhhh:hhhh). */
function embeddedIpv4(address: string): string | null {
  const dotted = /^::(?:ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Whether a roster source may be at this IP address. */
export function allowedAddress(policy: RosterAddressPolicy, address: string): boolean {
  const v4 = net.isIP(address) === 6 ? embeddedIpv4(address.toLowerCase()) : null;
  const ip = v4 ?? address;
  const family = net.isIP(ip) === 4 ? 'ipv4' : net.isIP(ip) === 6 ? 'ipv6' : null;
  if (!family) return false;
  if (INTERNAL.check(ip, family)) return false;
  if (LOOPBACK.check(ip, family)) return policy.NODE_ENV !== 'production';
  return true;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** What is wrong with a settings address before anything is fetched, or null. */
export function sourceAddressProblem(policy: RosterAddressPolicy, address: string): string | null {
  const url = new URL(address);
  if (url.protocol !== 'https:' && !allowsPlainHttp(policy, address)) return 'must be an https address';
  if (url.username || url.password) return 'must not carry a user name or password';
  const host = hostOf(url);
  if (net.isIP(host) && !allowedAddress(policy, host))
    return 'must not be a private, link-local, loopback or metadata address';
  return null;
}

/** Whether `address` may be fetched now: its scheme, and every address its host resolves to. */
export async function mayConnect(policy: RosterAddressPolicy, address: string): Promise<boolean> {
  if (sourceAddressProblem(policy, address)) return false;
  const host = hostOf(new URL(address));
  if (net.isIP(host)) return true;
  const found = await dns.lookup(host, { all: true, verbatim: true }).catch(() => []);
  return found.length > 0 && found.every((a) => allowedAddress(policy, a.address));
}
