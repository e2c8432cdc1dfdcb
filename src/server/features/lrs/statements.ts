import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { namedByText } from '#server/db/named-query.ts';
import { AppError, NotFoundError } from '#server/platform/errors.ts';
import { statementBaseUrl } from '#server/platform/statements.ts';
import {
  acceptedLanguages,
  agentKey,
  filterKey,
  formatStatement,
  normalizeContextActivities,
  type Obj,
  statementActivities,
} from './format.ts';
import {
  badRequest,
  ClientChanged,
  clientStillSql,
  mediaType,
  requireScope,
  type XapiRequest,
  type XapiResource,
} from './http.ts';
import { boundaryOf, buildMultipart, parseMultipart } from './multipart.ts';
import { checkSignature } from './signature.ts';
import {
  type AttachmentData,
  CONSISTENT_THROUGH,
  clientAuthority,
  returnedStatement,
  storeStatements,
} from './store.ts';
import {
  isIri,
  isTimestamp,
  parseAgentParameter,
  SIGNATURE_USAGE,
  StatementError,
  toInstant,
  UUID,
  validateStatement,
} from './validate.ts';

/**
 * The Statements resource (xAPI 1.0.3 Communication 2.1): PUT one statement by id, POST one or a
 * batch, GET one by `statementId` / `voidedStatementId` or a filtered, paged StatementResult.
 */

/** Largest attachment the LRS keeps; a larger one is refused with 413. */
export const ATTACHMENT_LIMIT = 10 * 1024 * 1024;
/** Most statements one page returns (`limit=0` asks for this many). */
export const PAGE_LIMIT = 500;
/** Largest batch one request may store. */
export const BATCH_LIMIT = 1000;

/** The object types of Trellis's own statements a district reader may ever see (decision 049). */
export const SHARED_TRELLIS_OBJECT_TYPES = ['resource', 'collection', 'micro_credential'] as const;

const DISTRICT_WIDE = sql.raw(`('district', 'network', 'public')`);
/**
 * The shared object types written into the statement, so the condition matches the partial index of
 * Trellis's shared statements (`statements_lrs_shared_idx`, decision 057) under any plan.
 */
const SHARED_TYPES = sql.raw(`(${SHARED_TRELLIS_OBJECT_TYPES.map((t) => `'${t}'`).join(', ')})`);
/** Trellis's own statements of a kind a district reader may ever see, as the index has them. */
const trellisShared = (alias: string) => {
  const s = sql.raw(alias);
  return sql`${s}.client_id is null and ${s}.xapi_id is null and ${s}.object_type in ${SHARED_TYPES}`;
};
const uuidOf = (column: SQL) =>
  sql`case when ${column} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then ${column}::uuid end`;

/**
 * Which of Trellis's own statements a client with `xapi:read:district` reads, decided at read time
 * from the object as it is now: a resource or collection whose audience is the district, network or
 * public and that is not deleted, and a micro-credential earned (an issued award, itself a public
 * credential). Never a private, community or school resource, nor the earning steps of a
 * credential (submissions and reviews are a pair's), nor anything else Trellis records.
 */
function sharedTrellis(alias: string): SQL {
  const s = sql.raw(alias);
  return sql`((${s}.object_type = 'resource' and exists (select 1 from resources r where r.id = ${uuidOf(sql`${s}.object_id`)}
                 and r.deleted_at is null and r.audience in ${DISTRICT_WIDE}))
           or (${s}.object_type = 'collection' and exists (select 1 from collections c where c.id = ${uuidOf(sql`${s}.object_id`)}
                 and c.deleted_at is null and c.audience in ${DISTRICT_WIDE}))
           or (${s}.object_type = 'micro_credential' and ${s}.verb = 'http://id.tincanapi.com/verb/earned'))`;
}

const GET_PARAMETERS = [
  'statementId',
  'voidedStatementId',
  'agent',
  'verb',
  'activity',
  'registration',
  'related_activities',
  'related_agents',
  'since',
  'until',
  'limit',
  'format',
  'attachments',
  'ascending',
  'more',
] as const;

const statementError = (error: unknown) =>
  error instanceof StatementError ? badRequest(error.message, `/body${error.path}`) : error;

function boolean(value: string | undefined, name: string): boolean {
  if (value === undefined) return false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest(`The parameter ${name} must be true or false.`, `/query/${name}`);
}

/** Reads the statements and attachment parts of a PUT or POST. */
function readContent(request: XapiRequest): { json: unknown; parts: Map<string, AttachmentData> } {
  const type = mediaType(request.headers['content-type']);
  const body = request.body;
  if (!body || body.length === 0) throw badRequest('The request has no content.', '/body');
  const parse = (text: string) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw badRequest('The statements are not valid JSON.', '/body');
    }
    // A NUL character cannot be stored; refused as bad input, not failed as a database error.
    if (text.includes('\\u0000') || text.includes('\u0000'))
      throw badRequest('The statements must not contain the NUL character (\\u0000).', '/body');
    return json;
  };
  if (type === 'application/json') return { json: parse(body.toString('utf8')), parts: new Map() };
  if (type !== 'multipart/mixed')
    throw badRequest('Statements are sent as application/json or multipart/mixed.', '/headers/content-type');
  const boundary = boundaryOf(request.headers['content-type'] ?? '');
  const parts = boundary ? parseMultipart(body, boundary) : null;
  if (!parts || parts.length === 0)
    throw badRequest('The multipart/mixed content is not well formed.', '/body');
  const [first, ...rest] = parts;
  if (mediaType(first.headers['content-type']) !== 'application/json')
    throw badRequest(
      'The first part of multipart/mixed content must be the statements as application/json.',
      '/body/0',
    );
  const attachments = new Map<string, AttachmentData>();
  rest.forEach((part, i) => {
    const hash = part.headers['x-experience-api-hash'];
    if (!hash)
      throw badRequest('Each attachment part needs an X-Experience-API-Hash header.', `/body/${i + 1}`);
    if ((part.headers['content-transfer-encoding'] ?? '').toLowerCase() !== 'binary')
      throw badRequest('Each attachment part needs Content-Transfer-Encoding: binary.', `/body/${i + 1}`);
    if (part.body.length > ATTACHMENT_LIMIT)
      throw new AppError(
        413,
        'payload_too_large',
        'Payload too large',
        `An attachment may be at most ${ATTACHMENT_LIMIT / 1024 / 1024} MB.`,
        [{ path: `/body/${i + 1}`, message: 'attachment too large' }],
      );
    const algorithm = { 56: 'sha224', 64: 'sha256', 96: 'sha384', 128: 'sha512' }[hash.length];
    const actual = algorithm ? createHash(algorithm).update(part.body).digest('hex') : '';
    if (actual !== hash.toLowerCase())
      throw badRequest('An attachment’s X-Experience-API-Hash does not match its content.', `/body/${i + 1}`);
    attachments.set(actual, {
      sha2: actual,
      contentType: part.headers['content-type'] ?? 'application/octet-stream',
      content: part.body,
    });
  });
  return { json: parse(first.body.toString('utf8')), parts: attachments };
}

function allAttachments(statement: Obj): Obj[] {
  const own = Array.isArray(statement.attachments) ? (statement.attachments as Obj[]) : [];
  const object = statement.object as Obj | undefined;
  const sub =
    object?.objectType === 'SubStatement' && Array.isArray(object.attachments)
      ? (object.attachments as Obj[])
      : [];
  return [...own, ...sub];
}

async function write(db: Db, request: XapiRequest, reply: FastifyReply, put: boolean) {
  requireScope(request, 'xapi:write');
  let statementId: string | undefined;
  if (put) {
    statementId = request.query.statementId;
    if (statementId === undefined)
      throw badRequest('PUT needs the statementId parameter.', '/query/statementId');
    if (!UUID.test(statementId)) throw badRequest('statementId must be a UUID.', '/query/statementId');
  }
  const { json, parts } = readContent(request);
  if (put && Array.isArray(json)) throw badRequest('PUT stores one statement, not an array.', '/body');
  const list = (Array.isArray(json) ? json : [json]) as Obj[];
  if (list.length > BATCH_LIMIT)
    throw new AppError(
      413,
      'payload_too_large',
      'Payload too large',
      `A batch may hold at most ${BATCH_LIMIT} statements.`,
      [{ path: '/body', message: 'too many statements' }],
    );
  list.forEach((statement, i) => {
    try {
      validateStatement(statement, Array.isArray(json) ? `/${i}` : '');
    } catch (error) {
      throw statementError(error);
    }
  });
  if (put && list[0].id !== undefined && String(list[0].id).toLowerCase() !== statementId!.toLowerCase())
    throw badRequest('The statement’s id differs from the statementId parameter.', '/body/id');

  const seen = new Set<string>();
  const incoming = list.map((statement) => {
    const id = String(statement.id ?? statementId ?? uuidv7()).toLowerCase();
    if (seen.has(id)) throw badRequest(`The batch holds the id ${id} more than once.`, '/body');
    seen.add(id);
    return { statement, id };
  });

  // Attachments: each either points at a fileUrl or arrives as a part with its hash; signatures verified.
  const used = new Set<string>();
  for (const [index, { statement }] of incoming.entries()) {
    for (const attachment of allAttachments(statement)) {
      const sha2 = String(attachment.sha2).toLowerCase();
      const part = parts.get(sha2);
      if (part) used.add(sha2);
      else if (attachment.fileUrl === undefined)
        throw badRequest(
          'An attachment without a fileUrl must arrive as a multipart/mixed part with its hash.',
          `/body/${index}/attachments`,
        );
      if (attachment.usageType === SIGNATURE_USAGE) {
        if (!part)
          throw badRequest('A signature attachment must arrive as a part.', `/body/${index}/attachments`);
        const refusal = await checkSignature(statement, attachment, part.content);
        if (refusal)
          throw badRequest(`The statement’s signature is refused: ${refusal}.`, `/body/${index}/attachments`);
      }
    }
  }
  for (const sha2 of parts.keys())
    if (!used.has(sha2))
      throw badRequest('An attachment part matches no attachment of the statements.', '/body');

  const authority = clientAuthority(request.client);
  const prepared = incoming.map(({ statement, id }) => {
    const copy: Obj = structuredClone(statement);
    copy.id = statement.id ?? id;
    copy.authority = authority;
    copy.version ??= '1.0.0';
    delete copy.stored;
    normalizeContextActivities(copy);
    return { statement: copy, id };
  });
  const { ids, through } = await storeStatements(
    db,
    request.client,
    prepared,
    [...parts.values()].filter((p) => used.has(p.sha2)),
  );
  consistencyHeaders(reply, through);
  if (put) return reply.status(204).send();
  return reply.type('application/json').send(ids);
}

function consistencyHeaders(reply: FastifyReply, through: Date | string, lastModified?: Date): void {
  reply.header('x-experience-api-consistent-through', new Date(through).toISOString());
  if (lastModified) reply.header('last-modified', lastModified.toUTCString());
}

interface Row extends Record<string, unknown> {
  id: string;
  xapi_id: string | null;
  /** The stored body as PostgreSQL prints it: parsed only where a format or attachments need it. */
  body: string;
  stored: Date;
  stored_text?: string;
}

const parsedBodies = new WeakMap<Row, Obj>();
/** A row's body as an object, parsed once. */
function bodyOf(row: Row): Obj {
  let body = parsedBodies.get(row);
  if (!body) {
    body = JSON.parse(row.body) as Obj;
    parsedBodies.set(row, body);
  }
  return body;
}

/**
 * A stored statement as the LRS returns it in the exact format, as JSON text: a client's statement
 * is its stored body with `stored` written in front, never parsed nor written again (at 25 a page
 * that was a good part of the Node time an LRS read cost). Trellis's own statements, which take an
 * id and authority besides, go through `returnedStatement`.
 */
function statementText(row: Row): string {
  // The write path never stores `stored` in a body; one that has it all the same is rebuilt.
  if (!row.xapi_id || row.body.includes('"stored"'))
    return JSON.stringify(returnedStatement({ ...row, body: bodyOf(row) }));
  const stored = `"stored":"${new Date(row.stored).toISOString()}"`;
  return row.body === '{}' ? `{${stored}}` : `{${stored},${row.body.slice(1)}`;
}

/** Who may see what: the client's own statements, or with the district scope the district's too. */
function visibility(request: XapiRequest, alias: string): SQL {
  const s = sql.raw(alias);
  const client = request.client;
  if (client.scopes.includes('xapi:read:district'))
    return sql`${s}.district_id = ${client.districtId} and (${s}.client_id is not null or (${trellisShared(alias)} and ${sharedTrellis(alias)}))`;
  return sql`${s}.client_id = ${client.id}`;
}

async function getOne(db: Db, request: XapiRequest, reply: FastifyReply) {
  const { statementId, voidedStatementId } = request.query;
  const id = (statementId ?? voidedStatementId)!;
  const name = statementId !== undefined ? 'statementId' : 'voidedStatementId';
  if (!UUID.test(id)) throw badRequest(`${name} must be a UUID.`, `/query/${name}`);
  const format = readFormat(request);
  const attachments = boolean(request.query.attachments, 'attachments');
  const { rows } = await db.execute<Row & { voided: boolean; through: Date; client_ok: boolean }>(sql`
    select ${CONSISTENT_THROUGH} as through, ${clientStillSql(request)} as client_ok, x.* from (select 1) one left join lateral (
      select s.id, s.xapi_id, s.body::text as body, s.stored, s.voided from statements s
       where ((s.district_id = ${request.client.districtId} and s.xapi_id = ${id.toLowerCase()})
              or (s.id = ${id.toLowerCase()} and s.xapi_id is null and s.client_id is null))
         and ${visibility(request, 's')}
       limit 1) x on true`);
  if (!rows[0].client_ok) throw new ClientChanged();
  consistencyHeaders(reply, rows[0].through);
  const row = rows[0].id ? rows[0] : undefined;
  if (!row || row.voided !== (name === 'voidedStatementId'))
    throw new NotFoundError(
      row && name === 'statementId'
        ? 'This statement is voided; ask for it with voidedStatementId.'
        : 'No such statement.',
    );
  reply.header('last-modified', new Date(row.stored).toUTCString());
  const statement = await present(db, request, [row], format);
  return send(db, request, reply, statement[0], statement, attachments);
}

function readFormat(request: XapiRequest): 'exact' | 'ids' | 'canonical' {
  const format = request.query.format ?? 'exact';
  if (format !== 'exact' && format !== 'ids' && format !== 'canonical')
    throw badRequest('format must be ids, exact or canonical.', '/query/format');
  return format;
}

async function present(
  db: Db,
  request: XapiRequest,
  rows: Row[],
  format: 'exact' | 'ids' | 'canonical',
): Promise<Obj[]> {
  const statements = rows.map((row) => returnedStatement({ ...row, body: bodyOf(row) }));
  let canonical = new Map<string, Obj>();
  if (format === 'canonical') {
    const ids = new Set<string>();
    for (const statement of statements) {
      for (const activity of statementActivities(statement)) ids.add(activity.id);
    }
    if (ids.size > 0) {
      const hashes = [...ids].map((id) => createHash('sha256').update(id).digest('hex'));
      const { rows: definitions } = await db.execute<{ activity_id: string; definition: Obj }>(
        sql`select activity_id, definition from lrs_activities where district_id = ${request.client.districtId} and id_hash = any(${sql.param(hashes)}::text[])`,
      );
      canonical = new Map(definitions.map((d) => [d.activity_id, d.definition]));
    }
  }
  const ranges = acceptedLanguages(request.raw.headers['accept-language'] as string | undefined);
  return statements.map((statement) => formatStatement(statement, format, (id) => canonical.get(id), ranges));
}

async function send(
  db: Db,
  request: XapiRequest,
  reply: FastifyReply,
  json: unknown,
  statements: Obj[],
  attachments: boolean,
) {
  if (!attachments) return reply.type('application/json').send(json);
  const hashes = new Set<string>();
  for (const statement of statements)
    for (const a of allAttachments(statement)) hashes.add(String(a.sha2).toLowerCase());
  let found: AttachmentData[] = [];
  if (hashes.size > 0) {
    const { rows } = await db.execute<{ sha2: string; content_type: string; content: Buffer }>(
      sql`select sha2, content_type, content from lrs_attachments where district_id = ${request.client.districtId} and sha2 = any(${sql.param([...hashes])}::text[])`,
    );
    found = rows.map((r) => ({ sha2: r.sha2, contentType: r.content_type, content: r.content }));
  }
  const { contentType, body } = buildMultipart(json, found);
  return reply.type(contentType).send(body);
}

interface Cursor {
  /** The client the link was made for. */
  c: string;
  /** The query's parameters. */
  q: Record<string, string>;
  /** The upper bound of `stored` fixed by the first page, so later statements never shift the pages. */
  b: string;
  /** The last statement returned: its stored time and row id. */
  s: string;
  i: string;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decodeCursor(text: string, clientId: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (cursor.c !== clientId) throw new Error('other client');
    if (typeof cursor.b !== 'string' || typeof cursor.s !== 'string' || !UUID.test(cursor.i))
      throw new Error('bad');
    return cursor;
  } catch {
    throw badRequest('The more link is not one this LRS gave these credentials.', '/query/more');
  }
}

async function list(db: Db, request: XapiRequest, reply: FastifyReply) {
  let query = request.query;
  let cursor: Cursor | null = null;
  if (query.more !== undefined) {
    if (Object.keys(query).length > 1) throw badRequest('A more link takes no other parameter.', '/query');
    cursor = decodeCursor(query.more, request.client.id);
    query = cursor.q;
  }
  const format = readFormat({ ...request, query });
  const attachments = boolean(query.attachments, 'attachments');
  const ascending = boolean(query.ascending, 'ascending');
  const relatedAgents = boolean(query.related_agents, 'related_agents');
  const relatedActivities = boolean(query.related_activities, 'related_activities');
  let limit = PAGE_LIMIT;
  if (query.limit !== undefined) {
    if (!/^\d+$/.test(query.limit)) throw badRequest('limit must be a whole number.', '/query/limit');
    const asked = Number(query.limit);
    limit = asked === 0 ? PAGE_LIMIT : Math.min(asked, PAGE_LIMIT);
  }
  for (const name of ['since', 'until'] as const)
    if (query[name] !== undefined && !isTimestamp(query[name]!))
      throw badRequest(`${name} must be an ISO 8601 timestamp.`, `/query/${name}`);
  const keys: string[] = [];
  let trellisActor: string | null | undefined;
  if (query.registration !== undefined) {
    if (!UUID.test(query.registration))
      throw badRequest('registration must be a UUID.', '/query/registration');
    keys.push(filterKey('r', query.registration.toLowerCase()));
  }
  if (query.agent !== undefined) {
    let agent: Obj;
    try {
      agent = parseAgentParameter(query.agent, 'agent');
    } catch (error) {
      throw error instanceof StatementError ? badRequest(error.message, '/query/agent') : error;
    }
    const key = agentKey(agent);
    if (!key) throw badRequest('agent must name an Agent or identified Group.', '/query/agent');
    keys.push(filterKey(relatedAgents ? 'A' : 'a', key));
    const account = agent.account as Obj | undefined;
    trellisActor =
      account && account.homePage === statementBaseUrl() && UUID.test(String(account.name))
        ? String(account.name)
        : null;
  }
  if (query.activity !== undefined) {
    if (!isIri(query.activity)) throw badRequest('activity must be an IRI.', '/query/activity');
    keys.push(filterKey(relatedActivities ? 'O' : 'o', query.activity));
  }
  if (query.verb !== undefined) {
    if (!isIri(query.verb)) throw badRequest('verb must be an IRI.', '/query/verb');
    keys.push(filterKey('v', query.verb));
  }

  const bound = cursor ? sql`${cursor.b}::timestamptz` : sql`now()`;
  const since = query.since ? new Date(toInstant(query.since)) : null;
  const until = query.until ? new Date(toInstant(query.until)) : null;
  const order = ascending ? sql`asc` : sql`desc`;
  const after = (stored: SQL, id: SQL) =>
    cursor
      ? ascending
        ? sql`and (${stored}, ${id}) > (${cursor.s}::timestamptz, ${cursor.i}::uuid)`
        : sql`and (${stored}, ${id}) < (${cursor.s}::timestamptz, ${cursor.i}::uuid)`
      : sql``;
  const range = (stored: SQL) =>
    sql`${stored} <= ${bound} ${since ? sql`and ${stored} > ${since.toISOString()}::timestamptz` : sql``}
        ${until ? sql`and ${stored} <= ${until.toISOString()}::timestamptz` : sql``}`;

  const district = request.client.districtId;
  const ownOnly = !request.client.scopes.includes('xapi:read:district');
  const branches: SQL[] = [];
  if (keys.length > 0) {
    const [drive, ...others] = keys;
    const also = others.map(
      (key) =>
        sql`and exists (select 1 from lrs_statement_keys k2 where k2.district_id = k.district_id and k2.key = ${key}
                          and k2.stored = k.stored and k2.statement_id = k.statement_id)`,
    );
    branches.push(sql`(select s.id, s.xapi_id, s.body::text as body, s.stored, s.stored::text as stored_text from lrs_statement_keys k join statements s on s.id = k.statement_id
        where k.district_id = ${district} and k.key = ${drive} and ${range(sql`k.stored`)}
          ${ownOnly ? sql`and k.client_id = ${request.client.id}` : sql``}
          ${after(sql`k.stored`, sql`k.statement_id`)} ${sql.join(also, sql` `)}
          and not s.voided
        order by k.stored ${order}, k.statement_id ${order} limit ${limit + 1})`);
    // Trellis's own statements of the district, for the filters they can meet.
    if (!ownOnly && query.registration === undefined && trellisActor !== null) {
      const conditions: SQL[] = [];
      if (trellisActor) conditions.push(sql`and s.actor_id = ${trellisActor}`);
      if (query.verb !== undefined) conditions.push(sql`and s.verb = ${query.verb}`);
      let possible = true;
      if (query.activity !== undefined) {
        const prefix = `${statementBaseUrl()}/xapi/activities/`;
        const [type, id, ...extra] = query.activity.startsWith(prefix)
          ? query.activity.slice(prefix.length).split('/')
          : [];
        if (type && id && extra.length === 0)
          conditions.push(sql`and s.object_type = ${type} and s.object_id = ${id}`);
        else possible = false;
      }
      if (possible)
        branches.push(sql`(select s.id, s.xapi_id, s.body::text as body, s.stored, s.stored::text as stored_text from statements s
            where s.district_id = ${district} and ${trellisShared('s')} and ${sharedTrellis('s')}
              and ${range(sql`s.stored`)} ${after(sql`s.stored`, sql`s.id`)} ${sql.join(conditions, sql` `)}
            order by s.stored ${order}, s.id ${order} limit ${limit + 1})`);
    }
  } else if (ownOnly) {
    branches.push(sql`(select s.id, s.xapi_id, s.body::text as body, s.stored, s.stored::text as stored_text from statements s
        where ${visibility(request, 's')} and ${range(sql`s.stored`)} ${after(sql`s.stored`, sql`s.id`)} and not s.voided
        order by s.stored ${order}, s.id ${order} limit ${limit + 1})`);
  } else {
    // A district reader without filters: the district's LRS statements client by client
    // (statements_client_idx) and Trellis's shared ones verb by verb (statements_lrs_shared_idx, its
    // verbs found by a skip scan), each read in order only as far as the page. Walking the
    // district's statements by time instead passed every post, thread and claim Trellis recorded,
    // which a reader never sees, before the page was full.
    const page = (
      where: SQL,
    ) => sql`select s.id, s.xapi_id, s.body::text as body, s.stored, s.stored::text as stored_text
        from statements s where ${where} and ${range(sql`s.stored`)} ${after(sql`s.stored`, sql`s.id`)} and not s.voided
        order by s.stored ${order}, s.id ${order} limit ${limit + 1}`;
    branches.push(sql`(select x.* from api_clients ac cross join lateral (
        ${page(sql`s.client_id = ac.id and s.district_id = ${district}`)}) x
        where ac.district_id = ${district})`);
    branches.push(sql`(with recursive verbs (verb) as (
          (select s.verb from statements s where s.district_id = ${district} and ${trellisShared('s')}
            order by s.verb limit 1)
          union all
          select (select s.verb from statements s where s.district_id = ${district} and ${trellisShared('s')}
                   and s.verb > v.verb order by s.verb limit 1)
            from verbs v where v.verb is not null)
        select x.* from verbs v cross join lateral (
          ${page(sql`s.district_id = ${district} and s.verb = v.verb and ${trellisShared('s')} and ${sharedTrellis('s')}`)}) x
        where v.verb is not null)`);
  }
  // One round trip: the page, the bound it was read under, the consistent-through time and whether
  // the client remembered from an earlier request is still as it was (decision 094).
  const inner =
    branches.length === 1
      ? branches[0]
      : sql`select * from (${sql.join(branches, sql` union all `)}) u order by stored ${order}, id ${order} limit ${limit + 1}`;
  // Named per shape of the query (decision 057): planning it cost more than running it.
  const answered = await namedByText<Row & { bound_text: string; through: Date; client_ok: boolean }>(
    db,
    'lrs-statements',
    sql`
    select now()::text as bound_text, ${CONSISTENT_THROUGH} as through, ${clientStillSql(request)} as client_ok, x.*
      from (select 1) one left join lateral (${inner}) x on true
     order by x.stored ${order}, x.id ${order}`,
  );
  if (!answered[0].client_ok) throw new ClientChanged();
  const boundText = cursor ? cursor.b : answered[0].bound_text;
  const rows = answered.filter((row) => row.id);
  let page = rows.slice(0, limit);
  let hasMore = rows.length > limit;
  if (attachments) {
    // A page with attachments stops at a byte budget (at least one statement); the rest follow by `more`.
    const kept = await withinAttachmentBudget(db, request.client.districtId, page);
    if (kept < page.length) {
      page = page.slice(0, kept);
      hasMore = true;
    }
  }
  let more = '';
  if (hasMore) {
    const last = page[page.length - 1];
    // The cursor keeps the exact stored time (microseconds for Trellis's own statements).
    more = `/xapi/statements?more=${encodeCursor({
      c: request.client.id,
      q: Object.fromEntries(Object.entries(query).filter(([k]) => k !== 'more')) as Record<string, string>,
      b: boundText,
      s: last.stored_text ?? new Date(last.stored).toISOString(),
      i: last.id,
    })}`;
  }
  const newest = page.reduce<Date | undefined>((latest, row) => {
    const stored = new Date(row.stored);
    return !latest || stored > latest ? stored : latest;
  }, undefined);
  consistencyHeaders(reply, answered[0].through, newest ?? new Date(answered[0].through));
  if (format === 'exact' && !attachments)
    return reply
      .type('application/json')
      .send(`{"statements":[${page.map(statementText).join(',')}],"more":${JSON.stringify(more)}}`);
  const statements = await present(db, request, page, format);
  return send(db, request, reply, { statements, more }, statements, attachments);
}

/** Largest total of attachment content one multipart page carries. */
export const ATTACHMENT_PAGE_BUDGET = 50 * 1024 * 1024;

/** How many of the page's statements fit the attachment budget, in order (always at least one). */
async function withinAttachmentBudget(db: Db, districtId: string, page: Row[]): Promise<number> {
  const hashesOf = page.map((row) => allAttachments(bodyOf(row)).map((a) => String(a.sha2).toLowerCase()));
  const all = [...new Set(hashesOf.flat())];
  if (all.length === 0) return page.length;
  const { rows } = await db.execute<{ sha2: string; length: number }>(
    sql`select sha2, length from lrs_attachments where district_id = ${districtId} and sha2 = any(${sql.param(all)}::text[])`,
  );
  const sizes = new Map(rows.map((r) => [r.sha2, Number(r.length)]));
  const counted = new Set<string>();
  let total = 0;
  for (const [index, hashes] of hashesOf.entries()) {
    for (const hash of hashes)
      if (!counted.has(hash)) {
        counted.add(hash);
        total += sizes.get(hash) ?? 0;
      }
    if (total > ATTACHMENT_PAGE_BUDGET) return Math.max(1, index);
  }
  return page.length;
}

async function read(db: Db, request: XapiRequest, reply: FastifyReply) {
  requireScope(request, 'xapi:read:own', 'xapi:read:district');
  const { statementId, voidedStatementId } = request.query;
  if (statementId !== undefined && voidedStatementId !== undefined)
    throw badRequest('Give statementId or voidedStatementId, not both.', '/query');
  if (statementId !== undefined || voidedStatementId !== undefined) {
    const others = Object.keys(request.query).filter(
      (key) => !['statementId', 'voidedStatementId', 'attachments', 'format'].includes(key),
    );
    if (others.length > 0)
      throw badRequest(
        `A single statement is asked for with attachments and format only, not ${others.join(', ')}.`,
        '/query',
      );
    return getOne(db, request, reply);
  }
  return list(db, request, reply);
}

export function statementsResource(db: Db): XapiResource {
  return {
    path: '/statements',
    parameters: { GET: GET_PARAMETERS, PUT: ['statementId'], POST: [] },
    // A read asks whether its remembered client is still valid in the statement that reads the page.
    checksClient: ['GET'],
    handlers: {
      GET: (request, reply) => read(db, request, reply),
      PUT: (request, reply) => write(db, request, reply, true),
      POST: (request, reply) => write(db, request, reply, false),
    },
  };
}
