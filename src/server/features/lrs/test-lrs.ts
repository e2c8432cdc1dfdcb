import { beforeAll } from 'vitest';
import { setupTestApp, signedIn, type TestContext } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import type { ApiScope } from '#shared/contracts/integrations.ts';

/**
 * A test app listening on a real port, and LRS credentials made the way a district administrator
 * makes them (POST /api/api-clients). Every LRS test talks to it with fetch, as an xAPI tool does.
 */
export interface LrsWorld {
  t: TestContext;
  /** `http://127.0.0.1:<port>/xapi` */
  base: () => string;
}

export function setupLrs(env: Record<string, string> = {}): LrsWorld {
  const t = setupTestApp(env);
  let base = '';
  beforeAll(async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `${address}/xapi`;
  });
  return { t, base: () => base };
}

export interface LrsClient {
  id: string;
  key: string;
  secret: string;
  districtId: string;
  adminId: string;
  /** `Basic …` */
  authorization: string;
  /** Calls the LRS with these credentials and the version header (both overridable). */
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  /** Same, answering the parsed JSON body with the response. */
  json<T = JsonBody>(
    method: string,
    path: string,
    options?: CallOptions,
  ): Promise<{ response: Response; body: T }>;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read answers of every shape the LRS gives
type JsonBody = any;

export interface CallOptions {
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  /** Sent as is (a string or bytes), with its own content type. */
  raw?: string | Uint8Array;
  headers?: Record<string, string | undefined>;
}

/** A new district with an administrator and one LRS client of the given scopes. */
export async function lrsClient(
  world: LrsWorld,
  scopes: ApiScope[] = ['xapi:write', 'xapi:read:own'],
  districtId?: string,
): Promise<LrsClient> {
  const db = world.t.database.db;
  const district = districtId ?? (await buildDistrict(db)).id;
  const admin = await buildUser(db, { districtId: district, role: 'district_admin' });
  const as = await signedIn(world.t, admin.id);
  const created = await as.post('/api/api-clients', { name: `LRS tool ${Math.random()}`, scopes });
  if (created.statusCode !== 201) throw new Error(`client not created: ${created.body}`);
  const data = created.json().data as { id: string; key: string; secret: string };
  const authorization = `Basic ${Buffer.from(`${data.key}:${data.secret}`).toString('base64')}`;
  const call = (method: string, path: string, options: CallOptions = {}) => {
    const url = new URL(`${world.base()}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {}))
      url.searchParams.set(name, String(value));
    const headers: Record<string, string> = {
      authorization,
      'x-experience-api-version': '1.0.3',
    };
    let body: string | Uint8Array | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === undefined) delete headers[name.toLowerCase()];
      else headers[name.toLowerCase()] = value;
    }
    return fetch(url, { method, headers, body: body as BodyInit | undefined });
  };
  return {
    id: data.id,
    key: data.key,
    secret: data.secret,
    districtId: district,
    adminId: admin.id,
    authorization,
    call,
    async json(method, path, options) {
      const response = await call(method, path, options);
      const text = await response.text();
      return { response, body: text ? JSON.parse(text) : undefined };
    },
  };
}
