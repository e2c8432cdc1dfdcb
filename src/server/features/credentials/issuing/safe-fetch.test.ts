import type dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSafeFetcher, FetchError, isPublicAddress, type LookupFunction } from './safe-fetch.ts';

/** A local server that counts every connection made to it, and answers per path. */
let server: http.Server;
let port = 0;
let connections = 0;
beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/doc') {
      response.setHeader('content-type', 'application/json');
      return response.end('{"id":"https://issuer.test/doc"}');
    }
    if (url.pathname === '/redirect')
      return response.writeHead(302, { location: url.searchParams.get('to') ?? '/doc' }).end();
    if (url.pathname === '/loop') return response.writeHead(302, { location: '/loop' }).end();
    if (url.pathname === '/big') {
      response.setHeader('content-length', String(4096));
      return response.end('x'.repeat(4096));
    }
    if (url.pathname === '/big-chunked') {
      response.write('x'.repeat(3000));
      return response.end('x'.repeat(3000));
    }
    if (url.pathname === '/slow') return; // never answers
    response.writeHead(404).end();
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** An injected DNS: each test host name resolves to the addresses given here. */
function fakeDns(table: Record<string, string[]>): LookupFunction & { asked: string[] } {
  const asked: string[] = [];
  const lookup = ((hostname: string, _options: dns.LookupAllOptions, callback) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) return callback(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  }) as LookupFunction & { asked: string[] };
  lookup.asked = asked;
  return lookup;
}

/** The test server stands in for a public site: only its exact address is let through. */
const publicOrTestServer = (address: string) => address === '127.0.0.1' || isPublicAddress(address);

describe('the SSRF-safe fetcher', () => {
  it('tells public addresses from loopback, private, link-local and mapped ones', () => {
    for (const address of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111'])
      expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      'not an address',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('refuses host names resolving to 127.0.0.1, 10.x, 169.254.169.254 or ::1, without connecting', async () => {
    const lookup = fakeDns({
      'loopback.test': ['127.0.0.1'],
      'private.test': ['10.1.2.3'],
      'metadata.test': ['169.254.169.254'],
      'six.test': ['::1'],
      // One public and one private answer: refused, so a second connection attempt cannot land inside.
      'mixed.test': ['93.184.216.34', '10.0.0.7'],
    });
    const fetch = createSafeFetcher({ lookup, protocols: ['http:', 'https:'] });
    const before = connections;
    for (const host of ['loopback.test', 'private.test', 'metadata.test', 'six.test', 'mixed.test']) {
      const error = await fetch(`http://${host}:${port}/doc`, 'application/json').catch((e) => e);
      expect(error, host).toBeInstanceOf(FetchError);
      expect(error.refused, host).toBe(true);
      expect(error.message, host).toMatch(/an address Trellis does not fetch from/);
    }
    expect(lookup.asked).toEqual([
      'loopback.test',
      'private.test',
      'metadata.test',
      'six.test',
      'mixed.test',
    ]);
    expect(connections).toBe(before);
  });

  it('refuses addresses written as numbers, which no lookup sees', async () => {
    const fetch = createSafeFetcher({ protocols: ['http:', 'https:'] });
    const before = connections;
    for (const url of [
      `http://127.0.0.1:${port}/doc`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      `http://[::1]:${port}/doc`,
      `http://[::ffff:127.0.0.1]:${port}/doc`,
    ]) {
      const error = await fetch(url, 'application/json').catch((e) => e);
      expect(error, url).toBeInstanceOf(FetchError);
      expect(error.refused, url).toBe(true);
    }
    expect(connections).toBe(before);
  });

  it('fetches from an allowed address, and checks every redirect again after DNS', async () => {
    const lookup = fakeDns({
      'issuer.test': ['127.0.0.1'],
      'inside.test': ['10.0.0.5'],
      'metadata.test': ['169.254.169.254'],
    });
    const fetch = createSafeFetcher({ lookup, isAllowedAddress: publicOrTestServer, protocols: ['http:'] });
    const fetched = await fetch(`http://issuer.test:${port}/redirect?to=/doc`, 'application/json');
    expect(fetched).toMatchObject({
      url: `http://issuer.test:${port}/doc`,
      body: '{"id":"https://issuer.test/doc"}',
    });

    for (const to of [
      `http://inside.test:${port}/doc`,
      `http://metadata.test/latest/meta-data/`,
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${port}/doc`,
    ]) {
      const before = connections;
      const error = await fetch(
        `http://issuer.test:${port}/redirect?to=${encodeURIComponent(to)}`,
        'application/json',
      ).catch((e) => e);
      expect(error, to).toBeInstanceOf(FetchError);
      expect(error.refused, to).toBe(true);
      // One connection: the redirecting server's. None to where it pointed.
      expect(connections - before, to).toBe(1);
    }
    const loop = await fetch(`http://issuer.test:${port}/loop`, 'application/json').catch((e) => e);
    expect(loop.message).toBe('More than 3 redirects.');
    const scheme = await fetch(
      `http://issuer.test:${port}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`,
      'application/json',
    ).catch((e) => e);
    expect(scheme).toMatchObject({ refused: true, message: 'Trellis does not fetch file: addresses.' });
  });

  it('gives up after its deadline and refuses bodies over the size limit', async () => {
    const lookup = fakeDns({ 'issuer.test': ['127.0.0.1'] });
    const fetch = createSafeFetcher({
      lookup,
      isAllowedAddress: publicOrTestServer,
      protocols: ['http:'],
      timeoutMs: 300,
      maxBytes: 2048,
    });
    const started = Date.now();
    const slow = await fetch(`http://issuer.test:${port}/slow`, 'application/json').catch((e) => e);
    expect(slow).toBeInstanceOf(FetchError);
    expect(slow.message).toBe('No answer within 0.3 seconds.');
    expect(Date.now() - started).toBeLessThan(2000);
    for (const path of ['/big', '/big-chunked']) {
      const big = await fetch(`http://issuer.test:${port}${path}`, 'application/json').catch((e) => e);
      expect(big, path).toBeInstanceOf(FetchError);
      expect(big.message, path).toBe('The document is larger than 2048 bytes.');
    }
    const missing = await fetch(`http://issuer.test:${port}/nothing`, 'application/json').catch((e) => e);
    expect(missing.message).toMatch(/answered 404/);
  });

  it('fetches only web (http and https) addresses', async () => {
    const fetch = createSafeFetcher({ lookup: fakeDns({ 'issuer.test': ['93.184.216.34'] }) });
    const error = await fetch('ftp://issuer.test/doc', 'application/json').catch((e) => e);
    expect(error).toMatchObject({ refused: true, message: 'Trellis does not fetch ftp: addresses.' });
  });
});
