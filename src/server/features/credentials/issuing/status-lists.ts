/**
 * Bitstring Status Lists (revocation) of issuing organizations: allocating an entry per award, and
 * the signed BitstringStatusListCredential published at /status/<listId>, re-signed when an entry
 * changes.
 */
import { createCredential, createList, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';

/** Entries per list: at least 131,072 (16 KB), so that a list does not single anyone out. */
export const STATUS_LIST_LENGTH = 131_072;

/** The public address of a status list credential. */
export const statusListUrl = (publicUrl: string, listId: string) => `${publicUrl}/status/${listId}`;

/** A place in an organization's status list. */
export interface StatusEntry {
  listId: string;
  index: number;
}

/**
 * Takes `count` unused entries from the organization's revocation lists, starting a new list when
 * one is full. The list rows stay locked until the caller's transaction ends, so two awards never
 * share an entry.
 */
export async function allocateStatusEntries(tx: Tx, orgId: string, count: number): Promise<StatusEntry[]> {
  const entries: StatusEntry[] = [];
  while (entries.length < count) {
    const { rows } = await tx.execute<{ id: string; length: number; next_index: number }>(sql`
      select id, length, next_index from status_lists
       where org_id = ${orgId} and purpose = 'revocation' and next_index < length
       order by next_index desc, id limit 1 for update`);
    const list = rows[0] ?? (await startList(tx, orgId));
    const take = Math.min(count - entries.length, list.length - list.next_index);
    await tx.execute(sql`update status_lists set next_index = next_index + ${take} where id = ${list.id}`);
    for (let i = 0; i < take; i++) entries.push({ listId: list.id, index: list.next_index + i });
  }
  return entries;
}

async function startList(tx: Tx, orgId: string) {
  const { rows } = await tx.execute<{ id: string; length: number; next_index: number }>(sql`
    insert into status_lists (id, org_id, purpose, length, next_index)
    values (${uuidv7()}, ${orgId}, 'revocation', ${STATUS_LIST_LENGTH}, 0)
    returning id, length, next_index`);
  return rows[0];
}

/** The multibase (base64url, 'u'-prefixed) GZIP-compressed bitstring with these bits set. */
export async function encodeStatusBits(length: number, setIndexes: number[]): Promise<string> {
  const list = await createList({ length });
  for (const index of setIndexes) list.setStatus(index, true);
  return list.encode();
}

/** Whether the bit at `index` is set in an encodedList. */
export async function statusBitIsSet(encodedList: string, index: number): Promise<boolean> {
  const list = await decodeList({ encodedList });
  return list.getStatus(index);
}

/**
 * The unsigned BitstringStatusListCredential of a list (VC 2.0), issued by `issuerDid`, with the
 * bits of its revoked awards set.
 */
export async function unsignedStatusListCredential(args: {
  publicUrl: string;
  listId: string;
  issuerDid: string;
  length: number;
  revokedIndexes: number[];
  validFrom: string;
}): Promise<Record<string, unknown>> {
  const list = await createList({ length: args.length });
  for (const index of args.revokedIndexes) list.setStatus(index, true);
  const id = statusListUrl(args.publicUrl, args.listId);
  const credential = await createCredential({ id, list, statusPurpose: 'revocation' });
  return { ...credential, issuer: args.issuerDid, validFrom: args.validFrom };
}

export type StatusListRow = {
  id: string;
  org_id: string;
  length: number;
  credential: Record<string, unknown> | null;
  updated_at: Date | string;
};

export async function findStatusList(tx: Tx, listId: string, lock = false): Promise<StatusListRow | null> {
  const { rows } = await tx.execute<StatusListRow>(sql`
    select id, org_id, length, credential, updated_at from status_lists where id = ${listId}
    ${lock ? sql`for update` : sql``}`);
  return rows[0] ?? null;
}

/** The entries of a list whose awards are revoked. */
export async function revokedIndexes(tx: Tx, listId: string): Promise<number[]> {
  const { rows } = await tx.execute<{ status_index: number }>(sql`
    select status_index from awards where status_list_id = ${listId} and revoked_at is not null`);
  return rows.map((r) => r.status_index);
}

export async function saveStatusListCredential(tx: Tx, listId: string, credential: Record<string, unknown>) {
  await tx.execute(sql`
    update status_lists set credential = ${JSON.stringify(credential)}::jsonb, updated_at = now()
     where id = ${listId}`);
}
