import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { Tx } from '#server/db/client.ts';
import { AppError, NotFoundError, PayloadTooLargeError } from '#server/platform/errors.ts';
import type { LrsDocumentKind } from '#shared/contracts/lrs-documents.ts';
import {
  badRequest,
  mediaType,
  requireScope,
  type XapiMethod,
  type XapiRequest,
  type XapiResource,
} from '../http.ts';
import { actorKey, type XapiActor } from '../identities.ts';
import { isIri, isTimestamp, StatementError, toInstant, UUID, validateAgent } from '../validate.ts';

/**
 * The State, Activity Profile and Agent Profile resources of xAPI 1.0.3 (Communication 2.2–2.7,
 * 3.1; decision 050). A document is kept per district as sent, with its content type, and addressed
 * by its kind, activity IRI, agent (its canonical IFI key), registration (State only) and id. Every
 * GET answers with an ETag (the quoted SHA-1 of the content) and Last-Modified; If-Match and
 * If-None-Match are honoured on PUT, POST and DELETE (412 when they fail), and a PUT to an existing
 * profile document that sends neither is refused with 409. POST merges JSON objects' top-level
 * properties. Each district sees only its own documents.
 */

/** The largest document Trellis keeps (the `/xapi` plugin itself takes bodies up to 20 MB). */
export const DOCUMENT_LIMIT = 1024 * 1024;

interface ResourceSpec {
  kind: LrsDocumentKind;
  path: string;
  idParameter: 'stateId' | 'profileId';
  activity: boolean;
  agent: boolean;
  registration: boolean;
  /** A PUT to an existing document without If-Match or If-None-Match is a 409 (profiles, not State: 3.1). */
  putNeedsPrecondition: boolean;
  /** A GET or DELETE without the id acts on every document of the scope (DELETE: State only). */
  deleteMany: boolean;
}

const SPECS: ResourceSpec[] = [
  {
    kind: 'state',
    path: '/activities/state',
    idParameter: 'stateId',
    activity: true,
    agent: true,
    registration: true,
    putNeedsPrecondition: false,
    deleteMany: true,
  },
  {
    kind: 'activity_profile',
    path: '/activities/profile',
    idParameter: 'profileId',
    activity: true,
    agent: false,
    registration: false,
    putNeedsPrecondition: true,
    deleteMany: false,
  },
  {
    kind: 'agent_profile',
    path: '/agents/profile',
    idParameter: 'profileId',
    activity: false,
    agent: true,
    registration: false,
    putNeedsPrecondition: true,
    deleteMany: false,
  },
];

interface Address {
  districtId: string;
  kind: LrsDocumentKind;
  activityId: string;
  agentKey: string;
  /** Lower case; empty when none was given. */
  registration: string;
  /** Every document of the kind, activity and agent, whatever its registration. */
  scopeHash: string;
}

interface DocumentRow {
  id: string;
  document_id: string;
  content_type: string;
  content: Buffer;
  etag: string;
  updated_at: Date;
}

const sha256 = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');
const sha1 = (content: Buffer) => createHash('sha1').update(content).digest('hex');
const addressHash = (address: Address, documentId: string) =>
  sha256(address.scopeHash, address.registration, documentId);

function required(request: XapiRequest, name: string): string {
  const value = request.query[name];
  if (value === undefined || value === '')
    throw badRequest(`The ${name} parameter is required.`, `/query/${name}`);
  return value;
}

/** Reads and checks the parameters that place a document: activity, agent and registration. */
function addressOf(spec: ResourceSpec, request: XapiRequest): Address {
  let activityId = '';
  let agentKey = '';
  let registration = '';
  if (spec.activity) {
    activityId = required(request, 'activityId');
    if (!isIri(activityId))
      throw badRequest(
        'The activityId parameter must be an IRI (an absolute IRI with a scheme).',
        '/query/activityId',
      );
  }
  if (spec.agent) {
    const text = required(request, 'agent');
    let agent: unknown;
    try {
      agent = JSON.parse(text);
    } catch {
      throw badRequest('The agent parameter must be an Agent as JSON.', '/query/agent');
    }
    try {
      validateAgent(agent, '/query/agent');
    } catch (error) {
      if (error instanceof StatementError)
        throw badRequest(`The agent parameter is not a valid Agent: ${error.message}`, error.path);
      throw error;
    }
    const key = actorKey(agent as XapiActor);
    if (!key) throw badRequest('The agent parameter must be an Agent with one identifier.', '/query/agent');
    agentKey = key;
  }
  if (spec.registration && request.query.registration !== undefined) {
    registration = request.query.registration.toLowerCase();
    if (!UUID.test(registration))
      throw badRequest('The registration parameter must be a UUID.', '/query/registration');
  }
  return {
    districtId: request.client.districtId,
    kind: spec.kind,
    activityId,
    agentKey,
    registration,
    scopeHash: sha256(spec.kind, activityId, agentKey),
  };
}

function sinceOf(request: XapiRequest): string | null {
  const since = request.query.since;
  if (since === undefined) return null;
  if (!isTimestamp(since))
    throw badRequest('The since parameter must be an ISO 8601 timestamp.', '/query/since');
  return toInstant(since);
}

/** The entity tags a precondition header lists: `*`, or quoted (possibly weak) tags; unquoted are taken too. */
function entityTags(header: string): string[] {
  return header
    .split(',')
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase(),
    )
    .filter((tag) => tag.length > 0);
}

const preconditionFailed = (detail: string) =>
  new AppError(412, 'precondition_failed', 'Precondition failed', detail);

/** RFC 2616 If-Match and If-None-Match against the document as it is (null: none). */
function checkPreconditions(request: XapiRequest, current: DocumentRow | null): void {
  const ifMatch = request.headers['if-match'];
  if (ifMatch !== undefined) {
    const tags = entityTags(ifMatch);
    const matches = current !== null && (tags.includes('*') || tags.includes(current.etag));
    if (!matches)
      throw preconditionFailed(
        current
          ? 'The document has changed since the ETag in If-Match was read; fetch it again and retry with its current ETag.'
          : 'If-Match names a document that does not exist.',
      );
  }
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined && current !== null) {
    const tags = entityTags(ifNoneMatch);
    if (tags.includes('*') || tags.includes(current.etag))
      throw preconditionFailed(
        'The document already exists (If-None-Match); fetch it and retry with If-Match.',
      );
  }
}

async function lockAddress(tx: Tx, address: Address, documentId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`lrs-document:${address.districtId}:${addressHash(address, documentId)}`}))`,
  );
}

async function readDocument(tx: Tx, address: Address, documentId: string): Promise<DocumentRow | null> {
  const { rows } = await tx.execute<DocumentRow & Record<string, unknown>>(sql`
    select id, document_id, content_type, content, etag, updated_at from lrs_documents
     where district_id = ${address.districtId} and address_hash = ${addressHash(address, documentId)}`);
  return rows[0] ?? null;
}

async function writeDocument(
  tx: Tx,
  request: XapiRequest,
  address: Address,
  documentId: string,
  content: Buffer,
  contentType: string,
): Promise<string> {
  const etag = sha1(content);
  await tx.execute(sql`
    insert into lrs_documents (id, district_id, kind, activity_id, agent_key, registration, document_id,
                               scope_hash, address_hash, content_type, content, etag, client_id)
    values (gen_random_uuid(), ${address.districtId}, ${address.kind}, ${address.activityId}, ${address.agentKey},
            ${address.registration}, ${documentId}, ${address.scopeHash}, ${addressHash(address, documentId)},
            ${contentType}, ${content}, ${etag}, ${request.client.id})
    on conflict (district_id, address_hash) do update
       set content = excluded.content, content_type = excluded.content_type, etag = excluded.etag,
           client_id = excluded.client_id, updated_at = clock_timestamp()`);
  return etag;
}

function contentOf(request: XapiRequest): { content: Buffer; contentType: string } {
  const content = request.body ?? Buffer.alloc(0);
  if (content.length > DOCUMENT_LIMIT) throw new PayloadTooLargeError('/body', DOCUMENT_LIMIT);
  return { content, contentType: request.headers['content-type']?.trim() || 'application/octet-stream' };
}

const isJsonType = (contentType: string) => mediaType(contentType) === 'application/json';

/** The content as a JSON object, or null when it is not one. */
function jsonObject(content: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(content.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function readScope(request: XapiRequest): void {
  requireScope(request, 'xapi:write', 'xapi:read:own', 'xapi:read:district');
}

function send(
  reply: FastifyReply,
  request: XapiRequest,
  status: number,
  body: Buffer | string,
  contentType: string,
) {
  reply.status(status).type(contentType);
  return request.head ? reply.header('content-length', Buffer.byteLength(body)).send() : reply.send(body);
}

function resource(spec: ResourceSpec): XapiResource {
  const base = [
    ...(spec.activity ? ['activityId'] : []),
    ...(spec.agent ? ['agent'] : []),
    ...(spec.registration ? ['registration'] : []),
  ];
  const one = [...base, spec.idParameter];
  const parameters: Partial<Record<XapiMethod, readonly string[]>> = {
    GET: [...one, 'since'],
    PUT: one,
    POST: one,
    DELETE: one,
  };

  return {
    path: spec.path,
    parameters,
    handlers: {
      async GET(request, reply) {
        readScope(request);
        const address = addressOf(spec, request);
        const since = sinceOf(request);
        const db = request.raw.server.db;
        const documentId = request.query[spec.idParameter];
        if (documentId !== undefined) {
          const row = await readDocument(db, address, documentId);
          if (!row) throw new NotFoundError('No document has that id here.');
          reply
            .header('etag', `"${row.etag}"`)
            .header('last-modified', new Date(row.updated_at).toUTCString());
          return send(reply, request, 200, row.content, row.content_type);
        }
        const { rows } = await db.execute<{ document_id: string; updated_at: Date }>(sql`
          select document_id, updated_at from lrs_documents
           where district_id = ${address.districtId} and scope_hash = ${address.scopeHash}
             ${address.registration ? sql`and registration = ${address.registration}` : sql``}
             ${since ? sql`and updated_at > ${since}::timestamptz` : sql``}
           order by updated_at, document_id`);
        const ids = [...new Set(rows.map((r) => r.document_id))];
        const body = JSON.stringify(ids);
        const last = rows.reduce<Date | null>((max, r) => {
          const at = new Date(r.updated_at);
          return !max || at > max ? at : max;
        }, null);
        reply.header('etag', `"${sha1(Buffer.from(body))}"`);
        if (last) reply.header('last-modified', last.toUTCString());
        return send(reply, request, 200, body, 'application/json');
      },

      async PUT(request, reply) {
        requireScope(request, 'xapi:write');
        const address = addressOf(spec, request);
        const documentId = required(request, spec.idParameter);
        const { content, contentType } = contentOf(request);
        const etag = await request.raw.server.db.transaction(async (tx) => {
          await lockAddress(tx, address, documentId);
          const current = await readDocument(tx, address, documentId);
          checkPreconditions(request, current);
          if (
            current &&
            spec.putNeedsPrecondition &&
            request.headers['if-match'] === undefined &&
            request.headers['if-none-match'] === undefined
          )
            throw new AppError(
              409,
              'conflict',
              'Conflict',
              'This document already exists. Check its current state with GET, then send the PUT again with If-Match set to its current ETag (or If-None-Match: * to write only a new document).',
            );
          return writeDocument(tx, request, address, documentId, content, contentType);
        });
        return reply.status(204).header('etag', `"${etag}"`).send();
      },

      async POST(request, reply) {
        requireScope(request, 'xapi:write');
        const address = addressOf(spec, request);
        const documentId = required(request, spec.idParameter);
        const { content, contentType } = contentOf(request);
        const posted = isJsonType(contentType) ? jsonObject(content) : null;
        if (isJsonType(contentType) && !posted)
          throw badRequest('A document posted as application/json must be a JSON object.', '/body');
        const etag = await request.raw.server.db.transaction(async (tx) => {
          await lockAddress(tx, address, documentId);
          const current = await readDocument(tx, address, documentId);
          checkPreconditions(request, current);
          if (!current) return writeDocument(tx, request, address, documentId, content, contentType);
          const existing = isJsonType(current.content_type) ? jsonObject(current.content) : null;
          if (!posted || !existing)
            throw badRequest(
              'POST merges JSON: both the stored document and the one posted must be JSON objects sent as application/json. Use PUT to replace the document.',
              '/body',
            );
          const merged = Buffer.from(JSON.stringify({ ...existing, ...posted }), 'utf8');
          if (merged.length > DOCUMENT_LIMIT) throw new PayloadTooLargeError('/body', DOCUMENT_LIMIT);
          return writeDocument(tx, request, address, documentId, merged, current.content_type);
        });
        return reply.status(204).header('etag', `"${etag}"`).send();
      },

      async DELETE(request, reply) {
        requireScope(request, 'xapi:write');
        const address = addressOf(spec, request);
        const documentId = request.query[spec.idParameter];
        const db = request.raw.server.db;
        if (documentId === undefined) {
          if (!spec.deleteMany)
            throw badRequest(`The ${spec.idParameter} parameter is required.`, `/query/${spec.idParameter}`);
          await db.execute(sql`
            delete from lrs_documents
             where district_id = ${address.districtId} and scope_hash = ${address.scopeHash}
               ${address.registration ? sql`and registration = ${address.registration}` : sql``}`);
          return reply.status(204).send();
        }
        await db.transaction(async (tx) => {
          await lockAddress(tx, address, documentId);
          const current = await readDocument(tx, address, documentId);
          checkPreconditions(request, current);
          if (current) await tx.execute(sql`delete from lrs_documents where id = ${current.id}`);
        });
        return reply.status(204).send();
      },
    },
  };
}

/** The three document resources, for the `/xapi` plugin. */
export const documentResourceList: readonly XapiResource[] = SPECS.map(resource);
