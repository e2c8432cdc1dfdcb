import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildUser } from '#server/test/builders.ts';
import { buildResource } from '#server/test/resource-builders.ts';
import { buildMultipart } from './multipart.ts';
import { lrsClient, setupLrs } from './test-lrs.ts';

const world = setupLrs();

const uuid = () => crypto.randomUUID();
const verb = (name: string) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { 'en-US': name } });
function statement(overrides: Record<string, unknown> = {}) {
  return {
    actor: { objectType: 'Agent', name: 'Ana', mbox: `mailto:ana.${uuid()}@example.org` },
    verb: verb('experienced'),
    object: { objectType: 'Activity', id: `http://example.org/activities/${uuid()}` },
    ...overrides,
  };
}

describe('PUT and POST statements (Communication 2.1.1, 2.1.2)', () => {
  it('stores a statement by PUT with 204 and returns it with id, stored, authority and version set by the LRS', async () => {
    const client = await lrsClient(world);
    const id = uuid();
    const sent = statement({
      timestamp: '2026-03-01T10:00:00.123456+02:00',
      result: { duration: 'PT1H30M0.123S' },
    });
    const put = await client.call('PUT', '/statements', { query: { statementId: id }, body: sent });
    expect(put.status).toBe(204);
    expect(put.headers.get('x-experience-api-consistent-through')).toMatch(/^\d{4}-\d\d-\d\dT/);
    const { response, body } = await client.json('GET', '/statements', { query: { statementId: id } });
    expect(response.status).toBe(200);
    expect(body.id).toBe(id);
    expect(body.version).toBe('1.0.0');
    // Timestamps and durations are kept as sent.
    expect(body.timestamp).toBe('2026-03-01T10:00:00.123456+02:00');
    expect(body.result.duration).toBe('PT1H30M0.123S');
    expect(body.authority).toMatchObject({ objectType: 'Agent', account: { name: client.id } });
    expect(Date.parse(body.stored)).toBeGreaterThan(Date.now() - 60_000);
    expect(response.headers.get('last-modified')).toBe(new Date(body.stored).toUTCString());
  });

  it('treats the same statement again as a no-op and a different one with the same id as a 409, changing nothing', async () => {
    const client = await lrsClient(world);
    const id = uuid();
    const sent = statement({ timestamp: '2026-03-01T10:00:00Z' });
    expect((await client.call('PUT', '/statements', { query: { statementId: id }, body: sent })).status).toBe(
      204,
    );
    // Same content: the timestamp in another zone, contextActivities as one object or an array alike.
    const same = { ...sent, timestamp: '2026-03-01T12:00:00.000+02:00' };
    expect((await client.call('PUT', '/statements', { query: { statementId: id }, body: same })).status).toBe(
      204,
    );
    expect((await client.call('POST', '/statements', { body: { ...same, id } })).status).toBe(200);
    const other = { ...sent, verb: verb('completed') };
    expect(
      (await client.call('PUT', '/statements', { query: { statementId: id }, body: other })).status,
    ).toBe(409);
    expect((await client.call('POST', '/statements', { body: [statement(), { ...other, id }] })).status).toBe(
      409,
    );
    const { body } = await client.json('GET', '/statements', { query: { statementId: id } });
    expect(body.verb.id).toBe(sent.verb.id);
    const { body: all } = await client.json('GET', '/statements');
    expect(all.statements).toHaveLength(1);
  });

  it('answers POST with the ids in order, making ids for statements without one', async () => {
    const client = await lrsClient(world);
    const given = uuid();
    const { response, body } = await client.json('POST', '/statements', {
      body: [statement(), statement({ id: given }), statement()],
    });
    expect(response.status).toBe(200);
    expect(body).toHaveLength(3);
    expect(body[1]).toBe(given);
    for (const id of body) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const single = await client.json('POST', '/statements', { body: statement() });
    expect(single.body).toHaveLength(1);
  });

  it('refuses PUT without statementId, with an id that differs, a batch repeating an id, and other content types', async () => {
    const client = await lrsClient(world);
    expect((await client.call('PUT', '/statements', { body: statement() })).status).toBe(400);
    expect(
      (
        await client.call('PUT', '/statements', {
          query: { statementId: uuid() },
          body: statement({ id: uuid() }),
        })
      ).status,
    ).toBe(400);
    const id = uuid();
    expect(
      (await client.call('POST', '/statements', { body: [statement({ id }), statement({ id })] })).status,
    ).toBe(400);
    expect(
      (
        await client.call('POST', '/statements', {
          raw: JSON.stringify(statement()),
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await client.call('POST', '/statements', {
          raw: '{"actor":',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    const { body } = await client.json('GET', '/statements');
    expect(body.statements).toEqual([]);
  });

  it('refuses a client without xapi:write with 403 and one without a read scope on GET', async () => {
    const reader = await lrsClient(world, ['xapi:read:own']);
    expect((await reader.call('POST', '/statements', { body: statement() })).status).toBe(403);
    const writer = await lrsClient(world, ['xapi:write']);
    expect((await writer.call('POST', '/statements', { body: statement() })).status).toBe(200);
    expect((await writer.call('GET', '/statements')).status).toBe(403);
  });
});

describe('statement validation (Data 2.2, 2.4, 4.0): each malformed statement is a 400 and nothing is stored', () => {
  const base = statement();
  const bad: Array<[string, unknown]> = [
    ['no actor', { verb: base.verb, object: base.object }],
    ['no verb', { actor: base.actor, object: base.object }],
    ['no object', { actor: base.actor, verb: base.verb }],
    ['two IFIs', { ...base, actor: { mbox: 'mailto:a@example.org', openid: 'http://openid.example.org/a' } }],
    ['no IFI', { ...base, actor: { name: 'Nobody' } }],
    [
      'an authority Group of three',
      {
        ...base,
        authority: {
          objectType: 'Group',
          member: [
            { mbox: 'mailto:a@example.org' },
            { mbox: 'mailto:b@example.org' },
            { mbox: 'mailto:c@example.org' },
          ],
        },
      },
    ],
    ['a NUL character', { ...base, actor: { ...base.actor, name: 'A\u0000B' } }],
    ['mbox without mailto', { ...base, actor: { mbox: 'a@example.org' } }],
    ['mbox_sha1sum not hex', { ...base, actor: { mbox_sha1sum: 'xyz' } }],
    ['account without homePage', { ...base, actor: { account: { name: 'a' } } }],
    [
      'account homePage without scheme',
      { ...base, actor: { account: { homePage: 'example.org', name: 'a' } } },
    ],
    ['an Agent object without objectType', { ...base, object: { mbox: 'mailto:b@example.org' } }],
    ['anonymous Group without members', { ...base, actor: { objectType: 'Group', name: 'G' } }],
    [
      'Group inside a Group',
      {
        ...base,
        actor: { objectType: 'Group', member: [{ objectType: 'Group', mbox: 'mailto:g@example.org' }] },
      },
    ],
    ['id not a UUID', { ...base, id: 'not-a-uuid' }],
    ['verb id without scheme', { ...base, verb: { id: 'experienced' } }],
    [
      'verb display with a bad language tag',
      { ...base, verb: { id: base.verb.id, display: { 'not a tag': 'x' } } },
    ],
    ['activity id without scheme', { ...base, object: { id: 'activity' } }],
    ['a null value', { ...base, result: { success: null } }],
    ['a string where a boolean goes', { ...base, result: { completion: 'true' } }],
    ['a string where a number goes', { ...base, result: { score: { raw: '5' } } }],
    ['scaled score above 1', { ...base, result: { score: { scaled: 1.5 } } }],
    ['raw score above max', { ...base, result: { score: { raw: 11, min: 0, max: 10 } } }],
    ['a key in the wrong case', { actor: base.actor, Verb: base.verb, verb: base.verb, object: base.object }],
    ['an unknown property', { ...base, extra: true }],
    ['a bad timestamp', { ...base, timestamp: '2026-13-01T00:00:00Z' }],
    ['a timestamp with a negative zero offset', { ...base, timestamp: '2026-03-01T00:00:00-00:00' }],
    ['a duration in the alternative format', { ...base, result: { duration: 'P0001-02-03T04:05:06' } }],
    ['a duration that is not one', { ...base, result: { duration: '90 minutes' } }],
    ['version 2.0', { ...base, version: '2.0.0' }],
    ['extension key not an IRI', { ...base, result: { extensions: { notAnIri: 1 } } }],
    [
      'context revision with an Agent object',
      { ...base, object: { objectType: 'Agent', mbox: 'mailto:c@example.org' }, context: { revision: '1' } },
    ],
    [
      'context platform with a StatementRef',
      { ...base, object: { objectType: 'StatementRef', id: uuid() }, context: { platform: 'x' } },
    ],
    ['a context team that is not a Group', { ...base, context: { team: { mbox: 'mailto:t@example.org' } } }],
    [
      'an unknown contextActivities key',
      { ...base, context: { contextActivities: { sibling: { id: 'http://example.org/s' } } } },
    ],
    ['a registration that is not a UUID', { ...base, context: { registration: 'abc' } }],
    ['a bad context language', { ...base, context: { language: 'english please' } }],
    [
      'a SubStatement with an id',
      {
        ...base,
        object: {
          objectType: 'SubStatement',
          id: uuid(),
          actor: base.actor,
          verb: base.verb,
          object: base.object,
        },
      },
    ],
    [
      'a SubStatement inside a SubStatement',
      {
        ...base,
        object: {
          objectType: 'SubStatement',
          actor: base.actor,
          verb: base.verb,
          object: { objectType: 'SubStatement', actor: base.actor, verb: base.verb, object: base.object },
        },
      },
    ],
    ['a StatementRef without a UUID', { ...base, object: { objectType: 'StatementRef', id: 'x' } }],
    ['voiding an Activity', { ...base, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' } }],
    [
      'an unknown interactionType',
      { ...base, object: { id: 'http://example.org/q', definition: { interactionType: 'essay' } } },
    ],
    [
      'choices with true-false',
      {
        ...base,
        object: {
          id: 'http://example.org/q',
          definition: { interactionType: 'true-false', choices: [{ id: 'a', description: { en: 'A' } }] },
        },
      },
    ],
    [
      'interaction components repeating an id',
      {
        ...base,
        object: {
          id: 'http://example.org/q',
          definition: { interactionType: 'choice', choices: [{ id: 'a' }, { id: 'a' }] },
        },
      },
    ],
    [
      'a correctResponsesPattern without interactionType',
      { ...base, object: { id: 'http://example.org/q', definition: { correctResponsesPattern: ['a'] } } },
    ],
    [
      'an attachment without sha2',
      {
        ...base,
        attachments: [
          {
            usageType: 'http://example.org/u',
            display: { en: 'A' },
            contentType: 'text/plain',
            length: 1,
            fileUrl: 'http://example.org/a',
          },
        ],
      },
    ],
  ];
  it.each(bad)('refuses %s', async (_name, body) => {
    const client = await lrsClient(world);
    const response = await client.call('POST', '/statements', { body: [statement(), body] });
    expect(response.status).toBe(400);
    expect((await client.json('GET', '/statements')).body.statements).toEqual([]);
  });

  it('accepts what the specification allows: null inside extensions, 1.0.x versions, offsets, every object type', async () => {
    const client = await lrsClient(world);
    const target = uuid();
    const good = [
      statement({ id: target, result: { extensions: { 'http://example.org/ext': null } }, version: '1.0.3' }),
      statement({ timestamp: '2026-03-01T10:00:00+0530', version: '1.0' }),
      statement({
        authority: {
          objectType: 'Group',
          member: [
            { account: { homePage: 'http://oauth.example.org', name: 'app' } },
            { mbox: 'mailto:user@example.org' },
          ],
        },
      }),
      statement({ object: { objectType: 'Agent', mbox: 'mailto:b@example.org' } }),
      statement({ object: { objectType: 'Group', member: [{ mbox: 'mailto:c@example.org' }] } }),
      statement({ object: { objectType: 'StatementRef', id: target } }),
      statement({
        object: {
          objectType: 'SubStatement',
          actor: { mbox: 'mailto:d@example.org' },
          verb: verb('planned'),
          object: { id: 'http://example.org/x' },
        },
      }),
      statement({
        object: {
          id: 'http://example.org/q',
          definition: {
            name: { 'en-US': 'Q', 'zh-Hant-TW': '問' },
            interactionType: 'matching',
            correctResponsesPattern: ['a[.]b'],
            source: [{ id: 'a', description: { en: 'A' } }],
            target: [{ id: 'b' }],
          },
        },
        context: {
          registration: uuid(),
          revision: '2',
          platform: 'LMS',
          language: 'en-GB',
          contextActivities: { parent: { id: 'http://example.org/p' } },
        },
        result: {
          score: { scaled: -0.5, raw: 2, min: 0, max: 10 },
          success: false,
          completion: true,
          response: 'a[.]b',
          duration: 'P1DT2H3M4.5678S',
        },
      }),
    ];
    const { response, body } = await client.json('POST', '/statements', { body: good });
    expect(response.status).toBe(200);
    expect(body).toHaveLength(good.length);
    // Context activities are returned as arrays.
    const { body: last } = await client.json('GET', '/statements', { query: { statementId: body[7] } });
    expect(last.context.contextActivities.parent).toEqual([{ id: 'http://example.org/p' }]);
  });
});

describe('GET statements (Communication 2.1.3)', () => {
  it('filters by agent, verb, activity, registration, related agents and activities, since and until', async () => {
    const client = await lrsClient(world);
    const ana = { mbox: `mailto:ana.${uuid()}@example.org` };
    const ben = { mbox: `mailto:ben.${uuid()}@example.org` };
    const course = `http://example.org/course/${uuid()}`;
    const registration = uuid();
    const first = (
      await client.json('POST', '/statements', {
        body: [
          statement({ actor: ana, verb: verb('attended'), object: { id: course } }),
          statement({
            actor: ben,
            verb: verb('completed'),
            object: { id: 'http://example.org/other' },
            context: { registration, contextActivities: { parent: [{ id: course }] }, instructor: ana },
          }),
        ],
      })
    ).body as string[];
    await new Promise((resolve) => setTimeout(resolve, 20));
    const middle = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [third] = (
      await client.json('POST', '/statements', {
        body: statement({ actor: ben, object: { objectType: 'Agent', ...ana } }),
      })
    ).body as string[];
    const ids = async (query: Record<string, string>) =>
      ((await client.json('GET', '/statements', { query })).body.statements as Array<{ id: string }>).map(
        (s) => s.id,
      );
    expect(await ids({ agent: JSON.stringify(ana) })).toEqual([third, first[0]]);
    expect(await ids({ agent: JSON.stringify(ana), related_agents: 'true' })).toEqual([
      third,
      first[1],
      first[0],
    ]);
    expect(await ids({ verb: 'http://adlnet.gov/expapi/verbs/completed' })).toEqual([first[1]]);
    expect(await ids({ activity: course })).toEqual([first[0]]);
    expect(await ids({ activity: course, related_activities: 'true' })).toEqual([first[1], first[0]]);
    expect(await ids({ registration })).toEqual([first[1]]);
    expect(
      await ids({ agent: JSON.stringify(ben), verb: 'http://adlnet.gov/expapi/verbs/completed' }),
    ).toEqual([first[1]]);
    expect(await ids({ since: middle })).toEqual([third]);
    expect(await ids({ until: middle })).toEqual([first[1], first[0]]);
    expect(await ids({ ascending: 'true' })).toEqual([first[0], first[1], third]);
    // Bad parameter values are 400s.
    const badQueries: Record<string, string>[] = [
      { agent: '{"name":"x"}' },
      { agent: 'nope' },
      { verb: 'completed' },
      { since: 'yesterday' },
      { limit: '-1' },
      { format: 'full' },
      { ascending: 'yes' },
      { registration: 'x' },
    ];
    for (const query of badQueries)
      expect((await client.call('GET', '/statements', { query })).status, JSON.stringify(query)).toBe(400);
    expect(
      (await client.call('GET', '/statements', { query: { statementId: first[0], verb: 'http://x.org/v' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await client.call('GET', '/statements', {
          query: { statementId: first[0], voidedStatementId: first[1] },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await client.call('GET', '/statements', {
          query: { statementId: first[0], format: 'ids', attachments: 'false' },
        })
      ).status,
    ).toBe(200);
  });

  it('pages with more links that stay correct while statements keep arriving', async () => {
    const client = await lrsClient(world);
    const sent: string[] = [];
    for (let i = 0; i < 3; i++)
      sent.push(
        ...((await client.json('POST', '/statements', { body: [statement(), statement()] }))
          .body as string[]),
      );
    const expected = [...sent].reverse();
    const seen: string[] = [];
    let page = await client.json('GET', '/statements', { query: { limit: 2 } });
    while (true) {
      seen.push(...page.body.statements.map((s: { id: string }) => s.id));
      // New statements arrive between pages; the pages already begun do not shift.
      await client.call('POST', '/statements', { body: statement() });
      if (!page.body.more) break;
      expect(page.body.more).toMatch(/^\/xapi\/statements\?more=/);
      const url = new URL(page.body.more, world.base());
      page = await client.json('GET', '/statements', { query: Object.fromEntries(url.searchParams) });
      expect(page.response.status).toBe(200);
    }
    expect(seen).toEqual(expected);
    // Another client cannot follow this client's more link.
    const other = await lrsClient(world);
    const first = await client.json('GET', '/statements', { query: { limit: 1 } });
    const url = new URL(first.body.more, world.base());
    expect(
      (await other.call('GET', '/statements', { query: Object.fromEntries(url.searchParams) })).status,
    ).toBe(400);
    // limit=0 is the server's own maximum.
    expect((await client.json('GET', '/statements', { query: { limit: 0 } })).body.statements.length).toBe(9);
  });

  it('returns formats ids, exact and canonical, the canonical one in the reader’s language', async () => {
    const client = await lrsClient(world);
    const activity = `http://example.org/a/${uuid()}`;
    const [id] = (
      await client.json('POST', '/statements', {
        body: statement({
          actor: { objectType: 'Agent', name: 'Ana', mbox: 'mailto:ana@example.org' },
          verb: {
            id: 'http://adlnet.gov/expapi/verbs/attended',
            display: { 'en-US': 'attended', 'fr-FR': 'a assisté' },
          },
          object: { id: activity, definition: { name: { 'en-US': 'Workshop', 'fr-FR': 'Atelier' } } },
        }),
      })
    ).body;
    await client.call('POST', '/statements', {
      body: statement({
        object: { id: activity, definition: { description: { 'en-US': 'A day', 'fr-FR': 'Un jour' } } },
      }),
    });
    const ids = (await client.json('GET', '/statements', { query: { statementId: id, format: 'ids' } })).body;
    expect(ids.actor).toEqual({ objectType: 'Agent', mbox: 'mailto:ana@example.org' });
    expect(ids.verb).toEqual({ id: 'http://adlnet.gov/expapi/verbs/attended' });
    expect(ids.object).toEqual({ id: activity });
    const exact = (await client.json('GET', '/statements', { query: { statementId: id, format: 'exact' } }))
      .body;
    expect(exact.object.definition).toEqual({ name: { 'en-US': 'Workshop', 'fr-FR': 'Atelier' } });
    const canonical = (
      await client.json('GET', '/statements', {
        query: { statementId: id, format: 'canonical' },
        headers: { 'accept-language': 'fr-FR, en;q=0.5' },
      })
    ).body;
    expect(canonical.object.definition).toEqual({
      name: { 'fr-FR': 'Atelier' },
      description: { 'fr-FR': 'Un jour' },
    });
    expect(canonical.actor.name).toBe('Ana');
    // The Activities resource serves the merged definition.
    const { body: served } = await client.json('GET', '/activities', { query: { activityId: activity } });
    expect(served).toEqual({
      objectType: 'Activity',
      id: activity,
      definition: {
        name: { 'en-US': 'Workshop', 'fr-FR': 'Atelier' },
        description: { 'en-US': 'A day', 'fr-FR': 'Un jour' },
      },
    });
    expect((await client.call('GET', '/activities')).status).toBe(400);
    expect(
      (await client.json('GET', '/activities', { query: { activityId: 'http://example.org/unknown' } })).body,
    ).toEqual({
      objectType: 'Activity',
      id: 'http://example.org/unknown',
    });
  });
});

describe('voiding and statement references (Data 2.3.2, Communication 2.1.3–2.1.4)', () => {
  it('hides a voided statement from queries, serves it by voidedStatementId and still returns statements that target it', async () => {
    const client = await lrsClient(world);
    const ana = { mbox: `mailto:ana.${uuid()}@example.org` };
    const original = uuid();
    await client.call('PUT', '/statements', {
      query: { statementId: original },
      body: statement({ actor: ana }),
    });
    const [reference] = (
      await client.json('POST', '/statements', {
        body: statement({
          actor: { mbox: 'mailto:reviewer@example.org' },
          object: { objectType: 'StatementRef', id: original },
        }),
      })
    ).body;
    const voiding = uuid();
    const voided = await client.call('PUT', '/statements', {
      query: { statementId: voiding },
      body: statement({
        actor: { mbox: 'mailto:admin@example.org' },
        verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
        object: { objectType: 'StatementRef', id: original },
      }),
    });
    expect(voided.status).toBe(204);
    expect((await client.call('GET', '/statements', { query: { statementId: original } })).status).toBe(404);
    const byVoided = await client.json('GET', '/statements', { query: { voidedStatementId: original } });
    expect(byVoided.response.status).toBe(200);
    expect(byVoided.body.id).toBe(original);
    expect((await client.call('GET', '/statements', { query: { voidedStatementId: voiding } })).status).toBe(
      404,
    );
    // The agent filter matches the statements that target Ana's statement, never the voided one.
    const byAgent = (
      await client.json('GET', '/statements', { query: { agent: JSON.stringify(ana) } })
    ).body.statements.map((s: { id: string }) => s.id);
    expect(byAgent).toEqual([voiding, reference]);
    // A voiding statement cannot be voided.
    const again = await client.call('POST', '/statements', {
      body: statement({
        verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
        object: { objectType: 'StatementRef', id: voiding },
      }),
    });
    expect(again.status).toBe(400);
    expect((await client.call('GET', '/statements', { query: { statementId: voiding } })).status).toBe(200);
  });

  it('voids a statement that arrives after its voiding statement', async () => {
    const client = await lrsClient(world);
    const later = uuid();
    await client.call('POST', '/statements', {
      body: statement({
        verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
        object: { objectType: 'StatementRef', id: later },
      }),
    });
    await client.call('PUT', '/statements', { query: { statementId: later }, body: statement() });
    expect((await client.call('GET', '/statements', { query: { statementId: later } })).status).toBe(404);
    expect((await client.call('GET', '/statements', { query: { voidedStatementId: later } })).status).toBe(
      200,
    );
  });
});

/** A multipart/mixed request body with the statements first and each attachment after. */
function multipart(
  statements: unknown,
  parts: Array<{ content: Buffer; contentType: string; hash?: string; encoding?: string }>,
) {
  const boundary = 'trellis-test-boundary';
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(statements)}`),
  ];
  for (const part of parts) {
    const hash = part.hash ?? createHash('sha256').update(part.content).digest('hex');
    chunks.push(
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Type: ${part.contentType}\r\nContent-Transfer-Encoding: ${part.encoding ?? 'binary'}\r\nX-Experience-API-Hash: ${hash}\r\n\r\n`,
      ),
      part.content,
    );
  }
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return {
    raw: new Uint8Array(Buffer.concat(chunks)),
    headers: { 'content-type': `multipart/mixed; boundary=${boundary}` },
  };
}

describe('attachments (Communication 1.5.2, Data 2.4.11)', () => {
  const attachment = (content: Buffer, extra: Record<string, unknown> = {}) => ({
    usageType: 'http://id.tincanapi.com/attachment/certificate-of-completion',
    display: { 'en-US': 'Certificate' },
    contentType: 'text/plain',
    length: content.length,
    sha2: createHash('sha256').update(content).digest('hex'),
    ...extra,
  });

  it('stores attachment parts matched by their hash and returns them with attachments=true', async () => {
    const client = await lrsClient(world);
    const content = Buffer.from('Certificate of completion: Ana');
    const body = statement({ attachments: [attachment(content)] });
    const stored = await client.call(
      'POST',
      '/statements',
      multipart([body], [{ content, contentType: 'text/plain' }]),
    );
    expect(stored.status).toBe(200);
    const [id] = await stored.json();
    const response = await client.call('GET', '/statements', {
      query: { statementId: id, attachments: 'true' },
    });
    expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary=/);
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    expect(text).toContain('Certificate of completion: Ana');
    expect(text).toContain(`X-Experience-API-Hash: ${createHash('sha256').update(content).digest('hex')}`);
    const plain = await client.call('GET', '/statements', {
      query: { statementId: id, attachments: 'false' },
    });
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    // Round trip through the LRS's own multipart writer.
    expect(buildMultipart({}, []).contentType).toMatch(/^multipart\/mixed/);
  });

  it('accepts fileUrl-only attachments as JSON, and refuses missing parts, wrong hashes, extra parts and oversized ones', async () => {
    const client = await lrsClient(world);
    const content = Buffer.from('data');
    const withUrl = statement({
      attachments: [attachment(content, { fileUrl: 'https://files.example.org/a.txt' })],
    });
    expect((await client.call('POST', '/statements', { body: withUrl })).status).toBe(200);
    const without = statement({ attachments: [attachment(content)] });
    expect((await client.call('POST', '/statements', { body: without })).status).toBe(400);
    expect((await client.call('POST', '/statements', multipart([without], []))).status).toBe(400);
    expect(
      (
        await client.call(
          'POST',
          '/statements',
          multipart([without], [{ content, contentType: 'text/plain', hash: 'ab'.repeat(32) }]),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await client.call(
          'POST',
          '/statements',
          multipart([without], [{ content, contentType: 'text/plain', encoding: 'base64' }]),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await client.call(
          'POST',
          '/statements',
          multipart([withUrl], [{ content: Buffer.from('stray'), contentType: 'text/plain' }]),
        )
      ).status,
    ).toBe(400);
    const big = Buffer.alloc(11 * 1024 * 1024, 1);
    const oversized = await client.call(
      'POST',
      '/statements',
      multipart(
        [statement({ attachments: [attachment(big)] })],
        [{ content: big, contentType: 'text/plain' }],
      ),
    );
    expect(oversized.status).toBe(413);
    expect((await client.json('GET', '/statements')).body.statements).toHaveLength(1);
  });
});

describe('who sees which statements (decision 049)', () => {
  it('keeps each district’s statements to itself and a client with xapi:read:own to its own', async () => {
    const writer = await lrsClient(world);
    const [id] = (await writer.json('POST', '/statements', { body: statement() })).body;
    const sameDistrictOwn = await lrsClient(world, ['xapi:write', 'xapi:read:own'], writer.districtId);
    expect((await sameDistrictOwn.call('GET', '/statements', { query: { statementId: id } })).status).toBe(
      404,
    );
    expect((await sameDistrictOwn.json('GET', '/statements')).body.statements).toEqual([]);
    const districtReader = await lrsClient(world, ['xapi:read:district'], writer.districtId);
    expect((await districtReader.call('GET', '/statements', { query: { statementId: id } })).status).toBe(
      200,
    );
    const elsewhere = await lrsClient(world, ['xapi:write', 'xapi:read:district']);
    expect((await elsewhere.call('GET', '/statements', { query: { statementId: id } })).status).toBe(404);
    // The same id in another district is another statement, not a conflict.
    expect(
      (await elsewhere.call('PUT', '/statements', { query: { statementId: id }, body: statement() })).status,
    ).toBe(204);
  });

  it('shows a district reader Trellis’s own statements on district-wide resources and earned credentials only', async () => {
    const reader = await lrsClient(world, ['xapi:read:district']);
    const db = world.t.database.db;
    const teacher = await buildUser(db, { districtId: reader.districtId });
    const open = await buildResource(db, {
      ownerId: teacher.id,
      districtId: reader.districtId,
      audience: 'district',
      title: 'Open',
    });
    const mine = await buildResource(db, {
      ownerId: teacher.id,
      districtId: reader.districtId,
      audience: 'private',
      title: 'Only me',
    });
    const record = async (type: string, objectId: string, verbIri: string) => {
      const id = crypto.randomUUID();
      await db.execute(sql`insert into statements (id, actor_id, verb, object_type, object_id, district_id, body)
        values (${id}, ${teacher.id}, ${verbIri}, ${type}, ${objectId}, ${reader.districtId},
                ${JSON.stringify({ actor: { objectType: 'Agent', account: { homePage: 'http://trellis.test', name: teacher.id } }, verb: { id: verbIri }, object: { objectType: 'Activity', id: `http://trellis.test/xapi/activities/${type}/${objectId}` }, version: '1.0.3' })}::jsonb)`);
      return id;
    };
    const tried = 'https://trellis.dev/xapi/verbs/tried';
    const shared = await record('resource', open.id, tried);
    const hidden = [
      await record('resource', mine.id, tried),
      await record('credit_claim', crypto.randomUUID(), 'http://activitystrea.ms/schema/1.0/submit'),
      await record('micro_credential', crypto.randomUUID(), 'http://activitystrea.ms/schema/1.0/submit'),
      await record('post', crypto.randomUUID(), 'http://activitystrea.ms/schema/1.0/post'),
    ];
    const earned = await record(
      'micro_credential',
      crypto.randomUUID(),
      'http://id.tincanapi.com/verb/earned',
    );
    const all = (await reader.json('GET', '/statements')).body.statements.map((s: { id: string }) => s.id);
    expect(all).toEqual([earned, shared]);
    const byActor = await reader.json('GET', '/statements', {
      query: {
        agent: JSON.stringify({ account: { homePage: 'http://trellis.test', name: teacher.id } }),
        verb: tried,
      },
    });
    expect(byActor.body.statements.map((s: { id: string }) => s.id)).toEqual([shared]);
    expect(byActor.body.statements[0].authority.name).toBe('Trellis');
    for (const id of hidden)
      expect((await reader.call('GET', '/statements', { query: { statementId: id } })).status).toBe(404);
    // A resource made private later is no longer shared.
    await db.execute(sql`update resources set audience = 'private' where id = ${open.id}`);
    expect((await reader.call('GET', '/statements', { query: { statementId: shared } })).status).toBe(404);
  });

  it('lets a client void only its own district’s statements and learning entries', async () => {
    const victim = await lrsClient(world);
    const other = await lrsClient(world);
    const db = world.t.database.db;
    const teacher = await buildUser(db, { districtId: victim.districtId });
    const id = crypto.randomUUID();
    await victim.call('PUT', '/statements', {
      query: { statementId: id },
      body: statement({
        actor: { mbox: `mailto:${teacher.email}` },
        verb: verb('completed'),
        result: { completion: true },
      }),
    });
    const voiding = await other.call('POST', '/statements', {
      body: statement({
        verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
        object: { objectType: 'StatementRef', id },
      }),
    });
    expect(voiding.status).toBe(200);
    expect((await victim.call('GET', '/statements', { query: { statementId: id } })).status).toBe(200);
    const { rows } = await db.execute<{ voided: boolean }>(
      sql`select voided_at is not null as voided from learning_entries where statement_id = ${id}`,
    );
    expect(rows).toEqual([{ voided: false }]);
  });
});

describe('the Agents resource (Communication 2.4)', () => {
  it('returns a Person combining the agent’s identifiers with the Trellis account it matches', async () => {
    const client = await lrsClient(world, ['xapi:write', 'xapi:read:district']);
    const teacher = await buildUser(world.t.database.db, {
      districtId: client.districtId,
      name: 'Rosa Parks',
    });
    const { response, body } = await client.json('GET', '/agents', {
      query: { agent: JSON.stringify({ mbox: `mailto:${teacher.email}` }) },
    });
    expect(response.status).toBe(200);
    expect(body.objectType).toBe('Person');
    expect(body.name).toContain('Rosa Parks');
    expect(body.mbox).toContain(`mailto:${teacher.email}`);
    expect(body.account).toContainEqual({ homePage: 'http://trellis.test', name: teacher.id });
    const unknown = await client.json('GET', '/agents', {
      query: { agent: JSON.stringify({ mbox: 'mailto:nobody@example.org' }) },
    });
    expect(unknown.body).toEqual({ objectType: 'Person', mbox: ['mailto:nobody@example.org'] });
    expect((await client.call('GET', '/agents')).status).toBe(400);
    expect((await client.call('GET', '/agents', { query: { agent: '{"mbox":"nobody"}' } })).status).toBe(400);
  });
});
