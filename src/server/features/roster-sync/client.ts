/**
 * A reader of a OneRoster 1.2 REST rostering service: an OAuth 2 client credentials token (kept until
 * it expires, fetched again when it has or when the service answers 401), and collections read page
 * by page with `limit`/`offset`, following the `Link: rel="next"` header when there is one and
 * `X-Total-Count` otherwise. Every failure becomes a `RosterSourceError` whose message an
 * administrator can act on; nothing here writes anywhere.
 */
import { createHash } from 'node:crypto';
import { mayConnect, type RosterAddressPolicy } from './addresses.ts';

/** The binding's path under the service root. */
export const ROSTERING_PATH = '/ims/oneroster/rostering/v1p2';
/** The 1.2 scope for reading the core rostering collections. */
export const ROSTER_CORE_SCOPE = 'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly';
const PAGE_SIZE = 1000;
/**
 * What one run reads at most, so that a runaway or hostile source (a `next` link that never ends,
 * a page that never ends, pages of tiny records) stops before it fills the server's memory: pages
 * and records across both collections, bytes of one page and of the whole run.
 */
export interface RosterReadLimits {
  maxPages: number;
  maxRecords: number;
  maxPageBytes: number;
  maxRunBytes: number;
}
export const ROSTER_READ_LIMITS: RosterReadLimits = {
  maxPages: 10_000,
  maxRecords: 500_000,
  maxPageBytes: 64 * 1024 * 1024,
  maxRunBytes: 1024 * 1024 * 1024,
};
const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
/** A token is used until a tenth of its life (5 seconds at most) before it expires, so it does not lapse in flight. */
const expiryMarginMs = (lifetimeMs: number) => Math.min(5_000, lifetimeMs / 10);

/** Why a source could not be read, said so that an administrator knows what to fix. */
export class RosterSourceError extends Error {}

export interface RosterSourceSettings {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
  lifetimeMs: number;
}

/**
 * Tokens by source and credentials, for this process: a nightly sync reuses a token the previous
 * run fetched only while it is valid. Changing the credentials changes the key.
 */
const tokens = new Map<string, CachedToken>();

const tokenKey = (s: RosterSourceSettings) =>
  createHash('sha256').update(`${s.tokenUrl}\0${s.clientId}\0${s.clientSecret}`).digest('base64url');

/** The service root with the rostering path, however the admin wrote the base URL. */
export function rosteringRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith(ROSTERING_PATH) ? trimmed : `${trimmed}${ROSTERING_PATH}`;
}

export class OneRosterClient {
  private readonly root: string;
  private readonly timeoutMs: number;
  private readonly limits: RosterReadLimits;
  private readonly addresses: RosterAddressPolicy;
  /** What this client (one run) has read so far, across collections. */
  private read = { pages: 0, records: 0, bytes: 0 };

  constructor(
    private readonly settings: RosterSourceSettings,
    options: { addresses: RosterAddressPolicy; timeoutMs?: number; limits?: Partial<RosterReadLimits> },
  ) {
    this.addresses = options.addresses;
    this.root = rosteringRoot(settings.baseUrl);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.limits = { ...ROSTER_READ_LIMITS, ...options.limits };
  }

  /** A page's body as text, refused (and the connection dropped) once it is larger than allowed. */
  private async pageText(response: Response, collection: string): Promise<string> {
    const pageLimit = Math.min(this.limits.maxPageBytes, this.limits.maxRunBytes - this.read.bytes);
    const tooLarge = () =>
      new RosterSourceError(
        pageLimit < this.limits.maxPageBytes
          ? `The roster source sent more than ${megabytes(this.limits.maxRunBytes)} in one run.`
          : `A page of /${collection} is larger than ${megabytes(this.limits.maxPageBytes)}.`,
      );
    const declared = Number(response.headers.get('content-length'));
    if (response.headers.has('content-length') && Number.isFinite(declared) && declared > pageLimit) {
      await response.body?.cancel();
      throw tooLarge();
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > pageLimit) {
        await reader.cancel();
        throw tooLarge();
      }
      text += decoder.decode(value, { stream: true });
    }
    this.read.bytes += bytes;
    return text + decoder.decode();
  }

  private async send(url: string, init: RequestInit, what: string): Promise<Response> {
    // Why a connection failed (refused, no such host, a blocked address, no answer) is not told
    // apart, so the settings cannot be used to map which hosts and ports answer.
    const unreachable = new RosterSourceError(`Could not connect to the roster source's ${what}.`);
    // Checked right before each request: the host may resolve elsewhere than when it was saved.
    if (!(await mayConnect(this.addresses, url))) throw unreachable;
    try {
      // Redirects are refused: a source must answer where the district said it is.
      return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch {
      throw unreachable;
    }
  }

  /** A valid access token: the one kept while it lasts, else a new one (always a new one when `renew`). */
  async token(renew = false): Promise<string> {
    const key = tokenKey(this.settings);
    const kept = tokens.get(key);
    if (!renew && kept && kept.expiresAt - expiryMarginMs(kept.lifetimeMs) > Date.now())
      return kept.accessToken;
    tokens.delete(key);
    const basic = Buffer.from(
      `${encodeURIComponent(this.settings.clientId)}:${encodeURIComponent(this.settings.clientSecret)}`,
    ).toString('base64');
    const response = await this.send(
      this.settings.tokenUrl,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: ROSTER_CORE_SCOPE }).toString(),
      },
      'token endpoint',
    );
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new RosterSourceError(
        `The token endpoint refused the client id and secret (HTTP ${response.status}): check them in the roster sync settings.`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RosterSourceError(`The token endpoint answered HTTP ${response.status}.`);
    }
    const body = (await response.json().catch(() => null)) as {
      access_token?: unknown;
      token_type?: unknown;
      expires_in?: unknown;
    } | null;
    if (!body || typeof body.access_token !== 'string' || !body.access_token)
      throw new RosterSourceError('The token endpoint did not answer with an OAuth 2 access token.');
    if (typeof body.token_type === 'string' && body.token_type.toLowerCase() !== 'bearer')
      throw new RosterSourceError(
        `The token endpoint gave a ${body.token_type.slice(0, 20)} token, not a bearer token.`,
      );
    // Without expires_in the token is used for an hour at most, then fetched again.
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    tokens.set(key, {
      accessToken: body.access_token,
      expiresAt: Date.now() + lifetime * 1000,
      lifetimeMs: lifetime * 1000,
    });
    return body.access_token;
  }

  /** One GET of the service with the token; a 401 is answered once with a fresh token. */
  private async get(url: string, collection: string): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.token(attempt > 0);
      const response = await this.send(
        url,
        { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
        `/${collection}`,
      );
      if (response.status === 401 && attempt === 0) {
        await response.body?.cancel();
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new RosterSourceError(
          `The roster source refused access to /${collection} (HTTP ${response.status}) even with a new token: check that the client may read it.`,
        );
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new RosterSourceError(`The roster source answered HTTP ${response.status} for /${collection}.`);
      }
      return response;
    }
  }

  /**
   * Every record of a collection (`users`, `orgs`), page by page; `since` asks only for records
   * modified after it (the binding's `filter=dateLastModified>'…'`).
   */
  async readAll(collection: 'users' | 'orgs', since?: Date | null): Promise<unknown[]> {
    const records: unknown[] = [];
    const origin = new URL(this.root).origin;
    const seen = new Set<string>();
    const first = new URL(`${this.root}/${collection}`);
    first.searchParams.set('limit', String(PAGE_SIZE));
    first.searchParams.set('offset', '0');
    if (since) first.searchParams.set('filter', `dateLastModified>'${since.toISOString()}'`);
    let url: string | null = first.toString();
    while (url) {
      // A page asked for twice means the source's pages go round in a circle.
      if (this.read.pages >= this.limits.maxPages || seen.has(url))
        throw new RosterSourceError(
          `The roster source's /${collection} did not end after ${this.read.pages} pages.`,
        );
      seen.add(url);
      this.read.pages += 1;
      const response = await this.get(url, collection);
      const text = await this.pageText(response, collection);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new RosterSourceError(`The roster source's /${collection} did not answer with JSON.`);
      }
      const items = (body as Record<string, unknown> | null)?.[collection];
      if (!Array.isArray(items))
        throw new RosterSourceError(
          `The roster source's /${collection} is not OneRoster 1.2 JSON: it has no "${collection}" list.`,
        );
      this.read.records += items.length;
      if (this.read.records > this.limits.maxRecords)
        throw new RosterSourceError(
          `The roster source listed more than ${this.limits.maxRecords.toLocaleString('en-US')} records in one run.`,
        );
      for (const item of items) records.push(item);
      const current: URL = new URL(url);
      const offset: number = Number(current.searchParams.get('offset') ?? 0);
      const next = nextLink(response.headers.get('link'), url);
      const total = Number(response.headers.get('x-total-count'));
      if (next) {
        // A next page elsewhere would send the token to another host.
        if (new URL(next).origin !== origin)
          throw new RosterSourceError(`The roster source's next page of /${collection} is on another host.`);
        url = next;
      } else if (Number.isFinite(total) && response.headers.has('x-total-count')) {
        const after: number = offset + items.length;
        url = items.length > 0 && after < total ? withOffset(current, after) : null;
      } else {
        // Neither header: a short page is the last one.
        const limit = Number(current.searchParams.get('limit') ?? PAGE_SIZE);
        url = items.length >= limit && items.length > 0 ? withOffset(current, offset + items.length) : null;
      }
    }
    return records;
  }
}

function withOffset(url: URL, offset: number): string {
  const next = new URL(url);
  next.searchParams.set('offset', String(offset));
  return next.toString();
}

/** The `rel="next"` target of a Link header (RFC 8288), resolved against the page it came with. */
export function nextLink(header: string | null, base: string): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2]))
      return new URL(match[1], base).toString();
  }
  return null;
}

/** Forgets kept tokens (tests, and a source whose credentials were replaced). */
export function forgetRosterTokens(): void {
  tokens.clear();
}
