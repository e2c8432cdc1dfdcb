/**
 * A small OneRoster 1.2 REST provider for tests and journeys: a real HTTP server (Fastify) with an
 * OAuth 2 client credentials token endpoint (tokens that expire and can be revoked), and the
 * rostering binding's `/orgs` and `/users` with `limit`/`offset` paging, `X-Total-Count` and
 * `Link: rel="next"` headers, and `filter=dateLastModified>'…'`. It serves the users and orgs of the
 * OneRoster 1.2 conformance bundle (one school and one student, from catalyst/moodle-enrol_oneroster)
 * plus whatever a test adds, so Trellis's roster sync is tested against HTTP, not a mock of itself.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import Fastify from 'fastify';
import { unzipSync } from 'fflate';

const ROOT = '/ims/oneroster/rostering/v1p2';
const CONFORMANCE_ZIP = path.join(
  import.meta.dirname,
  '../../src/server/features/accounts/fixtures/oneroster/conformance-1.2/sample-delta-1.2.zip',
);

export interface ProviderOrg {
  sourcedId: string;
  status: 'active' | 'tobedeleted';
  dateLastModified: string;
  name: string;
  type: string;
  identifier?: string;
  parent?: { href: string; sourcedId: string; type: 'org' } | null;
}

export interface ProviderRole {
  roleType: 'primary' | 'secondary';
  role: string;
  org: { href: string; sourcedId: string; type: 'org' };
  beginDate?: string;
  endDate?: string;
}

export interface ProviderUser {
  sourcedId: string;
  status: 'active' | 'tobedeleted';
  dateLastModified: string;
  enabledUser: boolean | string;
  username?: string;
  givenName: string;
  familyName: string;
  email?: string;
  roles: ProviderRole[];
  primaryOrg?: { href: string; sourcedId: string; type: 'org' } | null;
  [extra: string]: unknown;
}

export const orgRef = (sourcedId: string) => ({
  href: `${ROOT}/orgs/${sourcedId}`,
  sourcedId,
  type: 'org' as const,
});

/** A staff member (or anyone) with roles at orgs; the first org is the primary one. */
export function person(args: {
  sourcedId: string;
  givenName: string;
  familyName: string;
  email?: string;
  role: string;
  orgs: string[];
  status?: 'active' | 'tobedeleted';
  modified?: string;
  enabled?: boolean;
}): ProviderUser {
  return {
    sourcedId: args.sourcedId,
    status: args.status ?? 'active',
    dateLastModified: args.modified ?? '2026-09-01T08:00:00.000Z',
    enabledUser: args.enabled ?? true,
    username: args.sourcedId,
    givenName: args.givenName,
    familyName: args.familyName,
    email: args.email,
    roles: args.orgs.map((org, i) => ({
      roleType: i === 0 ? 'primary' : 'secondary',
      role: args.role,
      org: orgRef(org),
    })),
    primaryOrg: args.orgs[0] ? orgRef(args.orgs[0]) : null,
  };
}

export function org(args: {
  sourcedId: string;
  name: string;
  type: string;
  parent?: string;
  status?: 'active' | 'tobedeleted';
  modified?: string;
}): ProviderOrg {
  return {
    sourcedId: args.sourcedId,
    status: args.status ?? 'active',
    dateLastModified: args.modified ?? '2026-09-01T08:00:00.000Z',
    name: args.name,
    type: args.type,
    parent: args.parent ? orgRef(args.parent) : null,
  };
}

/** The orgs and users of the conformance bundle, in the REST binding's JSON (roles on each user). */
export function conformanceRoster(): { orgs: ProviderOrg[]; users: ProviderUser[] } {
  const files = unzipSync(readFileSync(CONFORMANCE_ZIP));
  const table = (name: string) =>
    parseCsv(Buffer.from(files[name]).toString('utf8'), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
  const orgs = table('orgs.csv').map(
    (o): ProviderOrg => ({
      sourcedId: o.sourcedId,
      status: o.status === 'tobedeleted' ? 'tobedeleted' : 'active',
      dateLastModified: o.dateLastModified,
      name: o.name,
      type: o.type,
      identifier: o.identifier,
      parent: o.parentSourcedId ? orgRef(o.parentSourcedId) : null,
    }),
  );
  const roles = table('roles.csv');
  const users = table('users.csv').map(
    (u): ProviderUser => ({
      sourcedId: u.sourcedId,
      status: u.status === 'tobedeleted' ? 'tobedeleted' : 'active',
      dateLastModified: u.dateLastModified,
      enabledUser: u.enabledUser.toLowerCase() === 'true',
      username: u.username,
      givenName: u.givenName,
      familyName: u.familyName,
      email: u.email || undefined,
      roles: roles
        .filter((r) => r.userSourcedId === u.sourcedId)
        .map((r) => ({
          roleType: r.roleType === 'primary' ? 'primary' : 'secondary',
          role: r.role,
          org: orgRef(r.orgSourcedId),
          ...(r.beginDate ? { beginDate: r.beginDate } : {}),
          ...(r.endDate ? { endDate: r.endDate } : {}),
        })),
      primaryOrg: u.primaryOrgSourcedId ? orgRef(u.primaryOrgSourcedId) : null,
    }),
  );
  return { orgs, users };
}

export interface ProviderOptions {
  clientId?: string;
  clientSecret?: string;
  /** Seconds each token lives (3600). */
  tokenLifetimeSeconds?: number;
  /** The most records one page holds, whatever `limit` asks (100). */
  maxPageSize?: number;
  /** Send `Link: rel="next"` (true); without it, clients page by `X-Total-Count`. */
  linkHeaders?: boolean;
  orgs?: ProviderOrg[];
  users?: ProviderUser[];
}

export interface OneRosterProvider {
  /** The service root a district admin enters (the v1p2 path is added by Trellis). */
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  orgs: ProviderOrg[];
  users: ProviderUser[];
  /** What happened, for tests to check. */
  stats: {
    tokensIssued: number;
    refusedTokens: number;
    pages: { path: string; query: Record<string, string> }[];
  };
  /** Makes every token issued so far invalid, as a provider that rotated its keys or expired them early. */
  revokeTokens(): void;
  /**
   * `down`: every API request answers 503; `garbage`: /users answers with something that is not
   * OneRoster; `endless`: every page links a next one, past the end; `elsewhere`: the next page is
   * linked on another host; `unsized`: pages are streamed without a Content-Length.
   */
  fail: 'down' | 'garbage' | 'endless' | 'elsewhere' | 'unsized' | null;
  close(): Promise<void>;
}

const FILTER = /^dateLastModified>'([^']+)'$/;

export async function startOneRosterProvider(options: ProviderOptions = {}): Promise<OneRosterProvider> {
  const conformance = conformanceRoster();
  const clientId = options.clientId ?? `client-${randomBytes(4).toString('hex')}`;
  const clientSecret = options.clientSecret ?? randomBytes(16).toString('base64url');
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const maxPage = options.maxPageSize ?? 100;
  const tokens = new Map<string, number>();
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  const provider: OneRosterProvider = {
    baseUrl: '',
    tokenUrl: '',
    clientId,
    clientSecret,
    orgs: [...conformance.orgs, ...(options.orgs ?? [])],
    users: [...conformance.users, ...(options.users ?? [])],
    stats: { tokensIssued: 0, refusedTokens: 0, pages: [] },
    revokeTokens: () => tokens.clear(),
    fail: null,
    close: () => app.close(),
  };

  app.post('/oauth/token', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string>;
    let id = form.client_id;
    let secret = form.client_secret;
    const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
    if (basic) {
      const [user, pass] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      id = decodeURIComponent(user ?? '');
      secret = decodeURIComponent(pass ?? '');
    }
    if (form.grant_type !== 'client_credentials')
      return reply.status(400).send({ error: 'unsupported_grant_type' });
    if (id !== provider.clientId || secret !== provider.clientSecret)
      return reply.status(401).send({ error: 'invalid_client' });
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, Date.now() + lifetime * 1000);
    provider.stats.tokensIssued += 1;
    return { access_token: token, token_type: 'bearer', expires_in: lifetime, scope: form.scope ?? '' };
  });

  const collection =
    (name: 'orgs' | 'users') =>
    async (
      request: { headers: Record<string, string | string[] | undefined>; query: unknown },
      reply: {
        status(code: number): { send(body: unknown): unknown };
        header(k: string, v: string): unknown;
      },
    ) => {
      const token = /^Bearer (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
      const expiry = token ? tokens.get(token) : undefined;
      if (!expiry || expiry < Date.now()) {
        provider.stats.refusedTokens += 1;
        return reply
          .status(401)
          .send({ imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_description: 'Unauthorized' });
      }
      if (provider.fail === 'down') return reply.status(503).send({ imsx_codeMajor: 'failure' });
      const query = request.query as Record<string, string>;
      provider.stats.pages.push({ path: name, query: { ...query } });
      if (provider.fail === 'garbage' && name === 'users') return { people: 'not here' };
      const limit = Math.min(Math.max(Number(query.limit ?? 100) || 100, 1), maxPage);
      const offset = Math.max(Number(query.offset ?? 0) || 0, 0);
      let records: { sourcedId: string; dateLastModified: string }[] =
        name === 'orgs' ? provider.orgs : provider.users;
      if (query.filter) {
        const match = FILTER.exec(query.filter);
        if (!match)
          return reply
            .status(400)
            .send({ imsx_codeMajor: 'failure', imsx_description: 'Unsupported filter' });
        const after = new Date(match[1]).getTime();
        records = records.filter((r) => new Date(r.dateLastModified).getTime() > after);
      }
      const sorted = [...records].sort((a, b) =>
        a.sourcedId < b.sourcedId ? -1 : a.sourcedId > b.sourcedId ? 1 : 0,
      );
      const page = sorted.slice(offset, offset + limit);
      reply.header('x-total-count', String(sorted.length));
      if (provider.fail === 'endless' || (options.linkHeaders !== false && offset + limit < sorted.length)) {
        const next = new URLSearchParams({ ...query, limit: String(limit), offset: String(offset + limit) });
        const base =
          provider.fail === 'elsewhere'
            ? provider.baseUrl.replace('127.0.0.1', 'localhost')
            : provider.baseUrl;
        reply.header('link', `<${base}${ROOT}/${name}?${next}>; rel="next"`);
      }
      if (provider.fail === 'unsized') {
        reply.header('content-type', 'application/json');
        return Readable.from([JSON.stringify({ [name]: page })]);
      }
      return { [name]: page };
    };
  app.get(`${ROOT}/orgs`, collection('orgs'));
  app.get(`${ROOT}/users`, collection('users'));

  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  provider.baseUrl = address;
  provider.tokenUrl = `${address}/oauth/token`;
  return provider;
}
