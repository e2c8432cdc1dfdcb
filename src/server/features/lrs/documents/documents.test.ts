import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lrsClient, setupLrs } from '../test-lrs.ts';

/**
 * The State, Activity Profile and Agent Profile resources as xAPI 1.0.3 states them (Communication
 * 2.2–2.7 and 3.1), over real HTTP with LRS credentials an administrator made.
 */
const world = setupLrs();
const sha1 = (text: string | Buffer) => createHash('sha1').update(text).digest('hex');
const uuid = () => crypto.randomUUID();
const agent = (name = uuid()) => JSON.stringify({ objectType: 'Agent', mbox: `mailto:${name}@example.org` });
const activity = () => `http://example.org/activities/${uuid()}`;

describe('State resource (2.3)', () => {
  it('stores a document as sent and returns it with its content type, a quoted SHA-1 ETag and Last-Modified', async () => {
    const lrs = await lrsClient(world);
    const query = { activityId: activity(), agent: agent(), stateId: 'bookmark' };
    const put = await lrs.call('PUT', '/activities/state', {
      query,
      raw: 'page=12',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(put.status).toBe(204);
    const got = await lrs.call('GET', '/activities/state', { query });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(got.headers.get('etag')).toBe(`"${sha1('page=12')}"`);
    expect(Date.parse(got.headers.get('last-modified')!)).toBeGreaterThan(Date.now() - 60_000);
    expect(got.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(await got.text()).toBe('page=12');

    const head = await lrs.call('HEAD', '/activities/state', { query });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(`"${sha1('page=12')}"`);
    expect(await head.text()).toBe('');

    // State takes a PUT without concurrency headers even when the document exists (3.1).
    const again = await lrs.call('PUT', '/activities/state', { query, body: { page: 13 } });
    expect(again.status).toBe(204);
    const { body } = await lrs.json('GET', '/activities/state', { query });
    expect(body).toEqual({ page: 13 });
  });

  it('answers 404 for a document it does not have', async () => {
    const lrs = await lrsClient(world);
    const got = await lrs.call('GET', '/activities/state', {
      query: { activityId: activity(), agent: agent(), stateId: 'nothing' },
    });
    expect(got.status).toBe(404);
  });

  it('keeps documents apart by registration, lists ids since a time (exclusive) and deletes a whole context', async () => {
    const lrs = await lrsClient(world);
    const context = { activityId: activity(), agent: agent() };
    const registration = uuid();
    for (const stateId of ['a', 'b'])
      expect(
        (await lrs.call('PUT', '/activities/state', { query: { ...context, stateId }, body: { stateId } }))
          .status,
      ).toBe(204);
    expect(
      (
        await lrs.call('PUT', '/activities/state', {
          query: { ...context, registration, stateId: 'a' },
          body: { r: 1 },
        })
      ).status,
    ).toBe(204);

    expect(
      (await lrs.json('GET', '/activities/state', { query: { ...context, stateId: 'a' } })).body,
    ).toEqual({ stateId: 'a' });
    expect(
      (await lrs.json('GET', '/activities/state', { query: { ...context, registration, stateId: 'a' } }))
        .body,
    ).toEqual({ r: 1 });
    const all = await lrs.json<string[]>('GET', '/activities/state', { query: context });
    expect(all.response.status).toBe(200);
    expect(all.response.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
    expect(all.response.headers.get('last-modified')).toBeTruthy();
    expect(all.body.sort()).toEqual(['a', 'b']);
    expect(
      (await lrs.json('GET', '/activities/state', { query: { ...context, registration } })).body,
    ).toEqual(['a']);

    const { response: first } = await lrs.json('GET', '/activities/state', {
      query: { ...context, stateId: 'b' },
    });
    const modified = new Date(first.headers.get('last-modified')!);
    await new Promise((r) => setTimeout(r, 1100));
    const since = new Date().toISOString();
    await lrs.call('PUT', '/activities/state', { query: { ...context, stateId: 'c' }, body: { c: true } });
    expect((await lrs.json('GET', '/activities/state', { query: { ...context, since } })).body).toEqual([
      'c',
    ]);
    expect(modified.getTime()).toBeLessThan(Date.parse(since));
    // A GET of one document takes `since` too.
    expect(
      (await lrs.call('GET', '/activities/state', { query: { ...context, stateId: 'c', since } })).status,
    ).toBe(200);

    // DELETE with a registration removes only that registration's states…
    expect(
      (await lrs.call('DELETE', '/activities/state', { query: { ...context, registration } })).status,
    ).toBe(204);
    expect(
      (await lrs.json('GET', '/activities/state', { query: { ...context, registration } })).body,
    ).toEqual([]);
    expect((await lrs.json<string[]>('GET', '/activities/state', { query: context })).body.sort()).toEqual([
      'a',
      'b',
      'c',
    ]);
    // …and without one, every state of the activity and agent.
    expect((await lrs.call('DELETE', '/activities/state', { query: context })).status).toBe(204);
    expect((await lrs.json('GET', '/activities/state', { query: context })).body).toEqual([]);
  });

  it('refuses missing and malformed parameters with 400 and stores nothing', async () => {
    const lrs = await lrsClient(world);
    const good = { activityId: activity(), agent: agent(), stateId: 's' };
    const cases: Array<[string, Record<string, string>]> = [
      ['PUT', { agent: good.agent, stateId: 's' }],
      ['PUT', { ...good, activityId: 'not an iri' }],
      ['PUT', { ...good, activityId: '1' }],
      ['PUT', { activityId: good.activityId, stateId: 's' }],
      ['PUT', { ...good, agent: 'not JSON' }],
      ['PUT', { ...good, agent: '1' }],
      ['PUT', { ...good, agent: JSON.stringify({ objectType: 'Agent', name: 'No identifier' }) }],
      [
        'PUT',
        {
          ...good,
          agent: JSON.stringify({ mbox: 'mailto:a@example.org', openid: 'http://id.example.org/a' }),
        },
      ],
      [
        'PUT',
        {
          ...good,
          agent: JSON.stringify({ objectType: 'Group', member: [{ mbox: 'mailto:a@example.org' }] }),
        },
      ],
      ['PUT', { ...good, agent: JSON.stringify({ mbox: 'a@example.org' }) }],
      ['PUT', { ...good, registration: 'not UUID' }],
      ['PUT', { activityId: good.activityId, agent: good.agent }],
      ['POST', { activityId: good.activityId, agent: good.agent }],
      ['GET', { ...good, since: 'not a timestamp' }],
      ['GET', { ...good, registration: '1' }],
      ['DELETE', { ...good, agent: 'true' }],
      ['PUT', { ...good, stateid: 's' }],
    ];
    for (const [method, query] of cases) {
      const response = await lrs.call(method, '/activities/state', {
        query,
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: { x: 1 } }),
      });
      expect(response.status, `${method} ${JSON.stringify(query)}`).toBe(400);
    }
    expect((await lrs.call('GET', '/activities/state', { query: good })).status).toBe(404);
  });
});

describe('Document concurrency (3.1)', () => {
  it('handles If-Match and If-None-Match on PUT, with 412 and no change when they fail', async () => {
    const lrs = await lrsClient(world);
    const query = { activityId: activity(), profileId: 'rubric' };
    const created = await lrs.call('PUT', '/activities/profile', {
      query,
      body: { v: 1 },
      headers: { 'if-none-match': '*' },
    });
    expect(created.status).toBe(204);
    const { response } = await lrs.json('GET', '/activities/profile', { query });
    const etag = response.headers.get('etag')!;
    expect(etag).toBe(`"${sha1(JSON.stringify({ v: 1 }))}"`);

    // A PUT without either header to a profile that exists: 409 explaining what to do, nothing changed.
    const conflict = await lrs.call('PUT', '/activities/profile', { query, body: { v: 2 } });
    expect(conflict.status).toBe(409);
    expect(await conflict.text()).toMatch(/If-Match/);
    expect((await lrs.json('GET', '/activities/profile', { query })).body).toEqual({ v: 1 });

    const stale = await lrs.call('PUT', '/activities/profile', {
      query,
      body: { v: 2 },
      headers: { 'if-match': `"${'1'.repeat(40)}"` },
    });
    expect(stale.status).toBe(412);
    const exists = await lrs.call('PUT', '/activities/profile', {
      query,
      body: { v: 2 },
      headers: { 'if-none-match': '*' },
    });
    expect(exists.status).toBe(412);
    expect((await lrs.json('GET', '/activities/profile', { query })).body).toEqual({ v: 1 });

    const updated = await lrs.call('PUT', '/activities/profile', {
      query,
      body: { v: 2 },
      headers: { 'if-match': etag },
    });
    expect(updated.status).toBe(204);
    expect((await lrs.json('GET', '/activities/profile', { query })).body).toEqual({ v: 2 });
    // The old ETag no longer matches.
    expect(
      (await lrs.call('PUT', '/activities/profile', { query, body: { v: 3 }, headers: { 'if-match': etag } }))
        .status,
    ).toBe(412);
    // If-Match on a document that does not exist fails too.
    expect(
      (
        await lrs.call('PUT', '/activities/profile', {
          query: { ...query, profileId: 'new' },
          body: { v: 1 },
          headers: { 'if-match': etag },
        })
      ).status,
    ).toBe(412);
  });

  it('checks If-Match on State too, and on POST and DELETE', async () => {
    const lrs = await lrsClient(world);
    const query = { activityId: activity(), agent: agent(), stateId: 'progress' };
    await lrs.call('PUT', '/activities/state', { query, body: { done: 1 } });
    const bad = { 'if-match': `"${'1'.repeat(40)}"` };
    expect(
      (await lrs.call('PUT', '/activities/state', { query, body: { done: 2 }, headers: bad })).status,
    ).toBe(412);
    expect(
      (await lrs.call('POST', '/activities/state', { query, body: { more: 2 }, headers: bad })).status,
    ).toBe(412);
    expect(
      (
        await lrs.call('POST', '/activities/state', {
          query,
          body: { more: 2 },
          headers: { 'if-none-match': '*' },
        })
      ).status,
    ).toBe(412);
    expect((await lrs.call('DELETE', '/activities/state', { query, headers: bad })).status).toBe(412);
    expect((await lrs.json('GET', '/activities/state', { query })).body).toEqual({ done: 1 });
    const etag = `"${sha1(JSON.stringify({ done: 1 }))}"`;
    expect(
      (await lrs.call('DELETE', '/activities/state', { query, headers: { 'if-match': etag } })).status,
    ).toBe(204);
    expect((await lrs.call('GET', '/activities/state', { query })).status).toBe(404);
  });
});

describe('JSON merge on POST (2.2)', () => {
  it('merges the top-level properties of JSON objects and answers 204', async () => {
    const lrs = await lrsClient(world);
    const query = { agent: agent(), profileId: 'preferences' };
    expect(
      (await lrs.call('POST', '/agents/profile', { query, body: { x: 'foo', y: 'bar', n: { a: 1 } } }))
        .status,
    ).toBe(204);
    expect(
      (await lrs.call('POST', '/agents/profile', { query, body: { x: 'bash', z: 'faz', n: { b: 2 } } }))
        .status,
    ).toBe(204);
    const { response, body } = await lrs.json('GET', '/agents/profile', { query });
    expect(body).toEqual({ x: 'bash', y: 'bar', z: 'faz', n: { b: 2 } });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses with 400, changing nothing, when either document is not a JSON object', async () => {
    const lrs = await lrsClient(world);
    const json = { agent: agent(), profileId: 'json' };
    await lrs.call('PUT', '/agents/profile', { query: json, body: { kept: true } });
    const text = await lrs.call('POST', '/agents/profile', {
      query: json,
      raw: 'plain words',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(400);
    expect(
      (
        await lrs.call('POST', '/agents/profile', {
          query: json,
          raw: '[1,2]',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await lrs.call('POST', '/agents/profile', {
          query: json,
          raw: '{not json',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect((await lrs.json('GET', '/agents/profile', { query: json })).body).toEqual({ kept: true });

    const plain = { agent: agent(), profileId: 'plain' };
    await lrs.call('PUT', '/agents/profile', {
      query: plain,
      raw: 'notes',
      headers: { 'content-type': 'text/plain' },
    });
    expect((await lrs.call('POST', '/agents/profile', { query: plain, body: { x: 1 } })).status).toBe(400);
    expect(await (await lrs.call('GET', '/agents/profile', { query: plain })).text()).toBe('notes');
  });

  it('stores a POST to a document that does not exist yet as it is', async () => {
    const lrs = await lrsClient(world);
    const query = { activityId: activity(), profileId: 'p' };
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    expect(
      (
        await lrs.call('POST', '/activities/profile', {
          query,
          raw: png,
          headers: { 'content-type': 'image/png' },
        })
      ).status,
    ).toBe(204);
    const got = await lrs.call('GET', '/activities/profile', { query });
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(png);
    expect(got.headers.get('etag')).toBe(`"${sha1(png)}"`);
  });
});

describe('Activity Profile and Agent Profile resources (2.6, 2.7)', () => {
  it('lists profile ids, deletes one profile and needs the profile id to delete', async () => {
    const lrs = await lrsClient(world);
    const activityId = activity();
    for (const profileId of ['one', 'two'])
      await lrs.call('PUT', '/activities/profile', { query: { activityId, profileId }, body: { profileId } });
    expect(
      (await lrs.json<string[]>('GET', '/activities/profile', { query: { activityId } })).body.sort(),
    ).toEqual(['one', 'two']);
    expect((await lrs.call('DELETE', '/activities/profile', { query: { activityId } })).status).toBe(400);
    expect(
      (await lrs.call('DELETE', '/activities/profile', { query: { activityId, profileId: 'one' } })).status,
    ).toBe(204);
    expect((await lrs.json('GET', '/activities/profile', { query: { activityId } })).body).toEqual(['two']);
    // Unknown parameters are refused: the agent belongs to no activity profile.
    expect(
      (await lrs.call('GET', '/activities/profile', { query: { activityId, agent: agent() } })).status,
    ).toBe(400);

    const who = agent();
    await lrs.call('PUT', '/agents/profile', {
      query: { agent: who, profileId: 'settings' },
      body: { a: 1 },
    });
    expect((await lrs.json('GET', '/agents/profile', { query: { agent: who } })).body).toEqual(['settings']);
    expect((await lrs.call('GET', '/agents/profile', { query: { profileId: 'settings' } })).status).toBe(400);
    expect(
      (
        await lrs.call('GET', '/agents/profile', {
          query: {
            agent: JSON.stringify({ objectType: 'Group', mbox: 'mailto:g@example.org' }),
            profileId: 'x',
          },
        })
      ).status,
    ).toBe(400);
  });

  it('names the same agent by the same identifier whatever the case of its email domain', async () => {
    const lrs = await lrsClient(world);
    const name = uuid();
    await lrs.call('PUT', '/agents/profile', {
      query: { agent: JSON.stringify({ mbox: `mailto:${name}@Example.ORG` }), profileId: 'p' },
      body: { a: 1 },
    });
    const { body } = await lrs.json('GET', '/agents/profile', {
      query: {
        agent: JSON.stringify({ objectType: 'Agent', name: 'Someone', mbox: `mailto:${name}@example.org` }),
        profileId: 'p',
      },
    });
    expect(body).toEqual({ a: 1 });
  });
});

describe('Document access', () => {
  it('shows each district only its own documents', async () => {
    const mine = await lrsClient(world);
    const sameDistrict = await lrsClient(world, ['xapi:write'], mine.districtId);
    const other = await lrsClient(world);
    const query = { activityId: activity(), profileId: 'shared' };
    await mine.call('PUT', '/activities/profile', { query, body: { district: 'mine' } });
    expect((await sameDistrict.json('GET', '/activities/profile', { query })).body).toEqual({
      district: 'mine',
    });
    expect((await other.call('GET', '/activities/profile', { query })).status).toBe(404);
    expect(
      (await other.json('GET', '/activities/profile', { query: { activityId: query.activityId } })).body,
    ).toEqual([]);
    // The other district's PUT makes its own document, leaving this one alone.
    expect(
      (await other.call('PUT', '/activities/profile', { query, body: { district: 'other' } })).status,
    ).toBe(204);
    expect((await mine.json('GET', '/activities/profile', { query })).body).toEqual({ district: 'mine' });
    expect((await other.call('DELETE', '/activities/profile', { query })).status).toBe(204);
    expect((await mine.json('GET', '/activities/profile', { query })).body).toEqual({ district: 'mine' });
  });

  it('lets read-only credentials read but not write, and refuses revoked or missing credentials', async () => {
    const writer = await lrsClient(world);
    const reader = await lrsClient(world, ['xapi:read:own'], writer.districtId);
    const query = { activityId: activity(), profileId: 'r' };
    await writer.call('PUT', '/activities/profile', { query, body: { r: 1 } });
    expect((await reader.json('GET', '/activities/profile', { query })).body).toEqual({ r: 1 });
    expect(
      (await reader.call('PUT', '/activities/profile', { query: { ...query, profileId: 'w' }, body: {} }))
        .status,
    ).toBe(403);
    expect((await reader.call('DELETE', '/activities/profile', { query })).status).toBe(403);
    expect(
      (await writer.call('GET', '/activities/profile', { query, headers: { authorization: undefined } }))
        .status,
    ).toBe(401);
    expect(
      (
        await writer.call('GET', '/activities/profile', {
          query,
          headers: { 'x-experience-api-version': undefined },
        })
      ).status,
    ).toBe(400);
  });

  it('refuses a document larger than its limit with 413', async () => {
    const lrs = await lrsClient(world);
    const query = { activityId: activity(), profileId: 'big' };
    const big = 'x'.repeat(1024 * 1024 + 1);
    const response = await lrs.call('PUT', '/activities/profile', {
      query,
      raw: big,
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(413);
    expect((await lrs.call('GET', '/activities/profile', { query })).status).toBe(404);
  });

  it('takes documents in the alternate request syntax', async () => {
    const lrs = await lrsClient(world);
    const activityId = activity();
    const who = agent();
    const form = new URLSearchParams({
      activityId,
      agent: who,
      stateId: 'alt',
      'Content-Type': 'application/json',
      'X-Experience-API-Version': '1.0.3',
      Authorization: lrs.authorization,
      content: JSON.stringify({ via: 'form' }),
    });
    const response = await lrs.call('POST', '/activities/state', {
      query: { method: 'PUT' },
      raw: form.toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: undefined,
        'x-experience-api-version': undefined,
      },
    });
    expect(response.status).toBe(204);
    expect(
      (await lrs.json('GET', '/activities/state', { query: { activityId, agent: who, stateId: 'alt' } }))
        .body,
    ).toEqual({
      via: 'form',
    });
  });
});
