import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiClients } from '#server/features/integrations/schema.ts';
import { lrsClient, setupLrs } from './test-lrs.ts';

const world = setupLrs();

describe('the /xapi plumbing (xAPI 1.0.3 Communication 1.3, 3.2, 3.3, 4.0)', () => {
  it('answers /about without credentials, with the versions it speaks and its version header', async () => {
    const response = await fetch(`${world.base()}/about`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-experience-api-version')).toBe('1.0.3');
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(['extensions', 'version']);
    expect(body.version).toContain('1.0.3');
    expect(body.version).toContain('1.0.0');
    // The version header is not checked on /about.
    const old = await fetch(`${world.base()}/about`, { headers: { 'x-experience-api-version': '0.95' } });
    expect(old.status).toBe(200);
  });

  it('refuses missing, unknown, revoked and wrong credentials with 401, and answers the version header', async () => {
    const client = await lrsClient(world);
    const none = await client.call('GET', '/statements', { headers: { authorization: undefined } });
    expect(none.status).toBe(401);
    expect(none.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await client.call('GET', '/statements', {
      headers: {
        authorization: `Basic ${Buffer.from(`${client.key}:${'x'.repeat(43)}`).toString('base64')}`,
      },
    });
    expect(wrong.status).toBe(401);
    expect((await client.call('GET', '/statements')).status).toBe(200);
    await world.t.database.db
      .update(apiClients)
      .set({ revokedAt: new Date() })
      .where(eq(apiClients.id, client.id));
    expect((await client.call('GET', '/statements')).status).toBe(401);
  });

  it('checks a client it remembers on every request: a change of scopes, a retired secret or a revocation holds at once', async () => {
    const client = await lrsClient(world);
    const db = world.t.database.db;
    const agent = JSON.stringify({ mbox: 'mailto:remembered@example.org' });
    const state = { query: { activityId: 'https://example.org/a', agent, stateId: 's' } };
    // Checked once, then remembered for the requests that follow (decision 094).
    expect((await client.call('GET', '/statements')).status).toBe(200);
    expect((await client.call('GET', '/statements', { query: { agent } })).status).toBe(200);
    await db
      .update(apiClients)
      .set({ scopes: ['xapi:write'] })
      .where(eq(apiClients.id, client.id));
    expect((await client.call('GET', '/statements')).status).toBe(403);
    await db
      .update(apiClients)
      .set({ scopes: ['xapi:write', 'xapi:read:own'] })
      .where(eq(apiClients.id, client.id));
    expect((await client.call('GET', '/statements')).status).toBe(200);
    // The secret sent is no longer one of the client's two.
    await db
      .update(apiClients)
      .set({ secretHash: 'retired', previousSecretHash: null })
      .where(eq(apiClients.id, client.id));
    expect((await client.call('GET', '/statements', { query: { agent } })).status).toBe(401);
    expect((await client.call('GET', '/activities/state', state)).status).toBe(401);
  });

  it('requires a 1.0.x version header: none, 0.9, 1.1.0 and 2.0 are refused with 400; 1.0 and 1.0.0 accepted', async () => {
    const client = await lrsClient(world);
    for (const version of [undefined, '0.95', '0.9', '1.1.0', '2.0', '2.0.0', 'one']) {
      const response = await client.call('GET', '/statements', {
        headers: { 'x-experience-api-version': version },
      });
      expect(response.status, String(version)).toBe(400);
      expect(response.headers.get('x-experience-api-version')).toBe('1.0.3');
    }
    for (const version of ['1.0', '1.0.0', '1.0.1', '1.0.2', '1.0.3', '1.0.9'])
      expect(
        (await client.call('GET', '/statements', { headers: { 'x-experience-api-version': version } }))
          .status,
        version,
      ).toBe(200);
  });

  it('refuses unknown parameters and parameters differing only in case with 400', async () => {
    const client = await lrsClient(world);
    expect((await client.call('GET', '/statements', { query: { foo: 'bar' } })).status).toBe(400);
    expect((await client.call('GET', '/statements', { query: { Limit: 1 } })).status).toBe(400);
    expect((await client.call('GET', '/statements', { query: { limit: 1 } })).status).toBe(200);
  });

  it('answers CORS preflights and exposes the xAPI headers to browser tools of other origins', async () => {
    const preflight = await fetch(`${world.base()}/statements`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://lms.example.org',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, x-experience-api-version, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://lms.example.org');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Experience-API-Version/i);
    const client = await lrsClient(world);
    const response = await client.call('GET', '/statements', {
      headers: { origin: 'https://lms.example.org' },
    });
    expect(response.headers.get('access-control-expose-headers')).toMatch(
      /X-Experience-API-Consistent-Through/,
    );
  });

  it('takes the alternate request syntax: POST ?method= with headers, parameters and content as form fields', async () => {
    const client = await lrsClient(world);
    const id = crypto.randomUUID();
    const statement = {
      actor: { mbox: 'mailto:alt@example.org' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
      object: { id: 'http://example.org/alt' },
    };
    const form = new URLSearchParams({
      statementId: id,
      content: JSON.stringify(statement),
      'Content-Type': 'application/json',
      Authorization: client.authorization,
      'X-Experience-API-Version': '1.0.3',
    });
    // A cross-origin browser tool without CORS: credentials only in the form.
    const put = await fetch(`${world.base()}/statements?method=PUT`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://lms.example.org' },
      body: form.toString(),
    });
    expect(put.status).toBe(204);
    const get = await fetch(`${world.base()}/statements?method=GET`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        statementId: id,
        Authorization: client.authorization,
        'X-Experience-API-Version': '1.0.3',
      }).toString(),
    });
    expect(get.status).toBe(200);
    expect((await get.json()).id).toBe(id);
    // Other query parameters beside method are refused.
    const extra = await fetch(`${world.base()}/statements?method=GET&limit=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        Authorization: client.authorization,
        'X-Experience-API-Version': '1.0.3',
      }).toString(),
    });
    expect(extra.status).toBe(400);
    // A form without credentials is a 401, not a cross-site refusal.
    const anonymous = await fetch(`${world.base()}/statements?method=GET`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://lms.example.org' },
      body: new URLSearchParams({ 'X-Experience-API-Version': '1.0.3' }).toString(),
    });
    expect(anonymous.status).toBe(401);
  });

  it('answers HEAD as GET without a body, and 405 for a method a resource does not take', async () => {
    const client = await lrsClient(world);
    const head = await client.call('HEAD', '/statements');
    expect(head.status).toBe(200);
    expect(head.headers.get('x-experience-api-consistent-through')).toBeTruthy();
    expect(await head.text()).toBe('');
    const remove = await client.call('DELETE', '/statements');
    expect(remove.status).toBe(405);
    expect(remove.headers.get('allow')).toContain('PUT');
  });
});
