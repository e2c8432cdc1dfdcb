import { randomBytes } from 'node:crypto';
import type { Db } from '#server/db/client.ts';
import { recordAudit } from '#server/platform/audit.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import {
  API_KEY_PREFIX,
  API_SCOPES,
  type ApiClient,
  type ApiScope,
  type CreateApiClientBody,
} from '#shared/contracts/integrations.ts';
import { apiClientAbilities, canManageApiClients } from './policy.ts';
import * as q from './queries.ts';

/** The administrator's own district, once the policy agrees they manage its clients. */
function managedDistrict(actor: Actor): string {
  if (!canManageApiClients(actor, actor.districtId))
    throw new ForbiddenError('Only district administrators manage API clients.');
  return actor.districtId;
}

function present(row: q.ApiClientRow): ApiClient {
  return {
    id: row.id,
    name: row.name,
    key: row.key,
    // A scope withdrawn from the list since the client was made is no longer shown (nor honoured).
    scopes: row.scopes.filter((s): s is ApiScope => s in API_SCOPES),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy && row.createdByName ? { id: row.createdBy, name: row.createdByName } : null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    secretCreatedAt: row.secretCreatedAt.toISOString(),
    previousSecretCreatedAt: row.previousSecretCreatedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** A client with a secret shown this once: Trellis keeps only the secret's hash. */
function withSecret(row: q.ApiClientRow, secret: string) {
  return {
    data: { ...present(row), secret, token: `${row.key}.${secret}` },
    abilities: apiClientAbilities(row),
  };
}

async function loadClient(tx: Parameters<typeof q.findDistrictApiClient>[0], districtId: string, id: string) {
  const row = await q.findDistrictApiClient(tx, districtId, id, true);
  // Another district's client does not exist for this administrator.
  if (!row) throw new NotFoundError('No such API client.');
  if (row.revokedAt) throw new ConflictError('This API client is revoked; create a new one.');
  return row;
}

const auditDetails = (row: Pick<q.ApiClientRow, 'name' | 'key' | 'scopes'>) => ({
  name: row.name,
  key: row.key,
  scopes: row.scopes.join(','),
});

/** Lists the district's API clients, newest first, revoked ones included. */
export async function listApiClients(args: { db: Db; actor: Actor; cursor?: string; limit: number }) {
  const districtId = managedDistrict(args.actor);
  const beforeId = args.cursor
    ? (decodeCursor(args.cursor, 1, () =>
        invalidField('/querystring/cursor', 'is not a cursor this list gave'),
      )[0] as string)
    : undefined;
  const rows = await q.listDistrictApiClients(args.db, districtId, args.limit, beforeId);
  const shown = rows.slice(0, args.limit);
  const last = shown.at(-1);
  return {
    data: shown.map((row) => ({ ...present(row), abilities: apiClientAbilities(row) })),
    nextCursor: rows.length > args.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** One of the district's API clients. */
export async function getApiClient(args: { db: Db; actor: Actor; id: string }) {
  const row = await q.findDistrictApiClient(args.db, managedDistrict(args.actor), args.id);
  if (!row) throw new NotFoundError('No such API client.');
  return { data: present(row), abilities: apiClientAbilities(row) };
}

/** Creates an API client of the administrator's district; its secret is returned this once. */
export async function createApiClient(args: { db: Db; actor: Actor; body: CreateApiClientBody }) {
  const districtId = managedDistrict(args.actor);
  const key = `${API_KEY_PREFIX}${randomBytes(16).toString('base64url')}`;
  const secret = newToken();
  return args.db.transaction(async (tx) => {
    const id = await q.insertApiClient(tx, {
      districtId,
      name: args.body.name,
      key,
      scopes: args.body.scopes,
      secretHash: hashToken(secret),
      createdBy: args.actor.userId,
    });
    const row = (await q.findDistrictApiClient(tx, districtId, id))!;
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'api_client.created',
      target: { type: 'api_client', id },
      districtId,
      details: auditDetails(row),
    });
    return withSecret(row, secret);
  });
}

/**
 * Gives a client a new secret, returned this once. The old one keeps working until it is retired,
 * so the other system can switch without a gap; one rotation at a time.
 */
export async function rotateApiClientSecret(args: { db: Db; actor: Actor; id: string }) {
  const districtId = managedDistrict(args.actor);
  const secret = newToken();
  return args.db.transaction(async (tx) => {
    const current = await loadClient(tx, districtId, args.id);
    if (current.previousSecretHash)
      throw new ConflictError(
        'This client still accepts its previous secret; retire it before rotating again.',
      );
    await q.rotateApiClientSecret(tx, current.id, hashToken(secret));
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'api_client.secret_rotated',
      target: { type: 'api_client', id: current.id },
      districtId,
      details: auditDetails(current),
    });
    const row = (await q.findDistrictApiClient(tx, districtId, current.id))!;
    return withSecret(row, secret);
  });
}

/** Stops accepting a client's previous secret, at once. */
export async function retirePreviousApiClientSecret(args: { db: Db; actor: Actor; id: string }) {
  const districtId = managedDistrict(args.actor);
  return args.db.transaction(async (tx) => {
    const current = await loadClient(tx, districtId, args.id);
    if (!current.previousSecretHash) throw new ConflictError('This client has no previous secret to retire.');
    await q.retirePreviousApiClientSecret(tx, current.id);
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'api_client.previous_secret_retired',
      target: { type: 'api_client', id: current.id },
      districtId,
      details: auditDetails(current),
    });
    const row = (await q.findDistrictApiClient(tx, districtId, current.id))!;
    return { data: present(row), abilities: apiClientAbilities(row) };
  });
}

/** Revokes a client: its next request, already, is refused. */
export async function revokeApiClient(args: { db: Db; actor: Actor; id: string }) {
  const districtId = managedDistrict(args.actor);
  return args.db.transaction(async (tx) => {
    const current = await loadClient(tx, districtId, args.id);
    await q.revokeApiClient(tx, current.id);
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'api_client.revoked',
      target: { type: 'api_client', id: current.id },
      districtId,
      details: auditDetails(current),
    });
    const row = (await q.findDistrictApiClient(tx, districtId, current.id))!;
    return { data: present(row), abilities: apiClientAbilities(row) };
  });
}
