/**
 * Fetching a document a credential points at (an issuer's DID document or profile, a credential's
 * address) without letting a credential make Trellis reach inside its own network: every address a
 * host name resolves to is checked after DNS, on the first request and on every redirect, and an
 * address in a private, loopback, link-local or otherwise special range is refused before any
 * connection is made. Redirects are followed by hand, a few at most; the whole fetch has a deadline
 * and the body a size limit.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** A DNS lookup with dns.lookup's shape, as http.request and net.connect call it. */
export type LookupFunction = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

export interface SafeFetchOptions {
  /** Resolves host names; dns.lookup unless a test gives another. */
  lookup?: LookupFunction;
  /** Whether an address may be connected to; refuses special-purpose ranges unless a test says otherwise. */
  isAllowedAddress?: (address: string) => boolean;
  /** The whole fetch, redirects included. */
  timeoutMs?: number;
  /** The largest body read. */
  maxBytes?: number;
  maxRedirects?: number;
  /** URL schemes that may be fetched. */
  protocols?: readonly string[];
}

export interface FetchedDocument {
  /** The address finally answered, after redirects. */
  url: string;
  contentType: string;
  body: string;
}

/** Fetches `url` asking for `accept`; throws FetchError saying why when it cannot. */
export type DocumentFetcher = (url: string, accept: string) => Promise<FetchedDocument>;

/** Why a fetch did not give a document. `refused`: Trellis would not connect (a blocked address or scheme). */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly refused = false,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

/** Address ranges that are never fetched: loopback, private, link-local, shared, reserved, multicast and the like. */
const BLOCKED = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(address, prefix, 'ipv6');

/** IPv4 written inside IPv6 (::ffff:a.b.c.d, ::a.b.c.d): the IPv4 address, checked as such. */
function embeddedIpv4(address: string): string | null {
  const match = /^(?:0{0,4}:){0,5}(?:ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address.replace(/^::/, ''));
  if (match) return match[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True for an address on the public internet; false for loopback, private, link-local and other special ranges. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !BLOCKED.check(address, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(address.toLowerCase());
  if (v4) return net.isIP(v4) === 4 && !BLOCKED.check(v4, 'ipv4');
  return !BLOCKED.check(address, 'ipv6');
}

const DEFAULTS = {
  timeoutMs: 5000,
  maxBytes: 512 * 1024,
  maxRedirects: 3,
  protocols: ['https:', 'http:'],
} as const;

/**
 * A lookup that resolves every address of a host and refuses the host when any of them is not
 * allowed, so the address connected to is one that was checked (no second, different DNS answer).
 */
function checkedLookup(inner: LookupFunction, isAllowed: (address: string) => boolean) {
  return (
    hostname: string,
    options: dns.LookupOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | dns.LookupAddress[],
      family?: number,
    ) => void,
  ) => {
    inner(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, options.all ? [] : '', undefined);
      const list = addresses ?? [];
      const blocked = list.find((a) => !isAllowed(a.address));
      if (blocked || !list.length) {
        const refusal = new FetchError(
          blocked
            ? `${hostname} resolves to ${blocked.address}, an address Trellis does not fetch from (private, loopback or link-local).`
            : `${hostname} has no address.`,
          Boolean(blocked),
        ) as FetchError & NodeJS.ErrnoException;
        return callback(refusal, options.all ? [] : '', undefined);
      }
      if (options.all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

interface OneResponse {
  status: number;
  location: string | null;
  contentType: string;
  body: string;
}

function requestOnce(
  url: URL,
  accept: string,
  options: Required<Omit<SafeFetchOptions, 'lookup' | 'isAllowedAddress'>>,
  lookup: ReturnType<typeof checkedLookup>,
  signal: AbortSignal,
): Promise<OneResponse> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: 'GET',
        headers: { accept, 'user-agent': 'Trellis credential verifier' },
        // A fresh connection each time, resolved through the checked lookup.
        agent: false,
        lookup: lookup as unknown as typeof dns.lookup,
        signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const location = typeof response.headers.location === 'string' ? response.headers.location : null;
        const contentType = String(response.headers['content-type'] ?? '');
        if (status >= 300 && status < 400) {
          response.resume();
          return resolve({ status, location, contentType, body: '' });
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          response.destroy();
          return reject(new FetchError(`The document is larger than ${options.maxBytes} bytes.`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            response.destroy();
            reject(new FetchError(`The document is larger than ${options.maxBytes} bytes.`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status, location, contentType, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** An SSRF-safe document fetcher with the given limits (see the module comment). */
export function createSafeFetcher(options: SafeFetchOptions = {}): DocumentFetcher {
  const settings = {
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    maxBytes: options.maxBytes ?? DEFAULTS.maxBytes,
    maxRedirects: options.maxRedirects ?? DEFAULTS.maxRedirects,
    protocols: options.protocols ?? DEFAULTS.protocols,
  };
  const isAllowed = options.isAllowedAddress ?? isPublicAddress;
  const lookup = checkedLookup((options.lookup ?? dns.lookup) as LookupFunction, isAllowed);

  return async (address, accept) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
    try {
      let url = new URL(address);
      for (let redirects = 0; ; redirects++) {
        if (!settings.protocols.includes(url.protocol))
          throw new FetchError(`Trellis does not fetch ${url.protocol} addresses.`, true);
        if (url.username || url.password)
          throw new FetchError('Trellis does not fetch addresses with a user name or password.', true);
        // An address written as a number is never looked up, so it is checked here.
        const host = url.hostname.replace(/^\[|\]$/g, '');
        if (net.isIP(host) && !isAllowed(host))
          throw new FetchError(
            `${host} is an address Trellis does not fetch from (private, loopback or link-local).`,
            true,
          );
        const response = await requestOnce(url, accept, settings, lookup, controller.signal);
        if (response.status >= 300 && response.status < 400 && response.location) {
          if (redirects >= settings.maxRedirects)
            throw new FetchError(`More than ${settings.maxRedirects} redirects.`);
          url = new URL(response.location, url);
          continue;
        }
        if (response.status !== 200)
          throw new FetchError(`${url.origin} answered ${response.status} for ${url.href.slice(0, 200)}.`);
        return { url: url.href, contentType: response.contentType, body: response.body };
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if (controller.signal.aborted)
        throw new FetchError(`No answer within ${settings.timeoutMs / 1000} seconds.`);
      const cause = error as NodeJS.ErrnoException;
      if (cause instanceof TypeError && cause.message.includes('Invalid URL'))
        throw new FetchError('This is not a web address.', true);
      throw new FetchError(`It could not be reached (${cause.code ?? cause.message}).`);
    } finally {
      clearTimeout(timer);
    }
  };
}
