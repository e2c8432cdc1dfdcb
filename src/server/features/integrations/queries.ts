import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import { users } from '#server/db/schema.ts';
import { apiClients } from './schema.ts';

export type ApiClientRow = typeof apiClients.$inferSelect & { createdByName: string | null };

const columns = {
  id: apiClients.id,
  districtId: apiClients.districtId,
  name: apiClients.name,
  key: apiClients.key,
  scopes: apiClients.scopes,
  secretHash: apiClients.secretHash,
  secretCreatedAt: apiClients.secretCreatedAt,
  previousSecretHash: apiClients.previousSecretHash,
  previousSecretCreatedAt: apiClients.previousSecretCreatedAt,
  createdBy: apiClients.createdBy,
  createdAt: apiClients.createdAt,
  lastUsedAt: apiClients.lastUsedAt,
  revokedAt: apiClients.revokedAt,
  createdByName: users.name,
};

/** A district's clients, newest first, one past the limit. */
export async function listDistrictApiClients(
  tx: Tx,
  districtId: string,
  limit: number,
  beforeId?: string,
): Promise<ApiClientRow[]> {
  return tx
    .select(columns)
    .from(apiClients)
    .leftJoin(users, eq(users.id, apiClients.createdBy))
    .where(and(eq(apiClients.districtId, districtId), beforeId ? lt(apiClients.id, beforeId) : undefined))
    .orderBy(desc(apiClients.id))
    .limit(limit + 1);
}

/** One client of a district, locked for an update when asked; undefined for another district's. */
export async function findDistrictApiClient(
  tx: Tx,
  districtId: string,
  id: string,
  lock = false,
): Promise<ApiClientRow | undefined> {
  const query = tx
    .select(columns)
    .from(apiClients)
    .leftJoin(users, eq(users.id, apiClients.createdBy))
    .where(and(eq(apiClients.id, id), eq(apiClients.districtId, districtId)));
  const [row] = lock ? await query.for('update', { of: apiClients }) : await query;
  return row;
}

export async function insertApiClient(tx: Tx, values: typeof apiClients.$inferInsert): Promise<string> {
  const [row] = await tx.insert(apiClients).values(values).returning({ id: apiClients.id });
  return row.id;
}

/** The new secret becomes current; the current one stays valid as the previous until it is retired. */
export async function rotateApiClientSecret(tx: Tx, id: string, secretHash: string): Promise<void> {
  await tx
    .update(apiClients)
    .set({
      previousSecretHash: apiClients.secretHash,
      previousSecretCreatedAt: apiClients.secretCreatedAt,
      secretHash,
      secretCreatedAt: new Date(),
    })
    .where(and(eq(apiClients.id, id), isNull(apiClients.revokedAt)));
}

export async function retirePreviousApiClientSecret(tx: Tx, id: string): Promise<void> {
  await tx
    .update(apiClients)
    .set({ previousSecretHash: null, previousSecretCreatedAt: null })
    .where(eq(apiClients.id, id));
}

export async function revokeApiClient(tx: Tx, id: string): Promise<void> {
  await tx
    .update(apiClients)
    .set({ revokedAt: new Date(), previousSecretHash: null, previousSecretCreatedAt: null })
    .where(and(eq(apiClients.id, id), isNull(apiClients.revokedAt)));
}
