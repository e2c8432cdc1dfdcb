/**
 * The audit log of a district, for its administrators: entries in words, filtered, paged, and
 * exported as CSV that streams (read in batches, written as it goes, never held whole in memory).
 */
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { decodeCursor, encodeCursor } from '#server/platform/cursor.ts';
import { csvRow } from '#server/platform/csv.ts';
import { ForbiddenError, invalidField } from '#server/platform/errors.ts';
import type { AuditEntry, AuditFilters, AuditQuery } from '#shared/contracts/audit.ts';
import { canAdministerDistrict } from './admin-policy.ts';
import { auditKindOf, describeAudit } from './audit-describe.ts';
import * as q from './audit-queries.ts';

/** The actor's district, once the policy agrees they administer it: no one sees another's log. */
function administeredDistrict(actor: Actor): string {
  if (!canAdministerDistrict(actor, actor.districtId))
    throw new ForbiddenError('Only district administrators may do this.');
  return actor.districtId;
}

function presentEntry(row: q.AuditEntryRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor_id && row.actor_name ? { id: row.actor_id, name: row.actor_name } : null,
    action: row.action,
    kind: auditKindOf(row.action),
    description: describeAudit({
      action: row.action,
      actorName: row.actor_name,
      targetType: row.target_type,
      targetName: row.target_name,
      details: row.details ?? {},
      communityName: row.community_name,
      schoolName: row.school_name,
    }),
    target: { type: row.target_type, id: row.target_id, name: row.target_name },
    details: row.details ?? {},
  };
}

/** The district's audit entries, newest first, filtered, a page at a time. */
export async function listAudit(args: {
  db: Db;
  actor: Actor;
  query: AuditQuery;
}): Promise<{ data: AuditEntry[]; nextCursor: string | null }> {
  const districtId = administeredDistrict(args.actor);
  const { cursor, limit, ...filters } = args.query;
  const beforeId = cursor
    ? (decodeCursor(cursor, 1, () =>
        invalidField('/querystring/cursor', 'is not a cursor this list gave'),
      )[0] as string)
    : null;
  const found = await q.listAuditEntries(args.db, { districtId, filters, beforeId, limit: limit + 1 });
  const page = found.slice(0, limit);
  return {
    data: page.map(presentEntry),
    nextCursor: found.length > limit ? encodeCursor([page[page.length - 1].id]) : null,
  };
}

/** The people who appear as actors in the district's log. */
export async function listAuditActors(args: {
  db: Db;
  actor: Actor;
}): Promise<Array<{ id: string; name: string }>> {
  return q.listAuditActors(args.db, administeredDistrict(args.actor));
}

const EXPORT_BATCH = 500;
export const AUDIT_CSV_HEADER = ['When (UTC)', 'Who', 'What happened', 'Kind', 'Action', 'Target'] as const;

/**
 * The district's audit log under the filters as CSV lines, newest first: the header, then a batch of
 * rows at a time read by keyset, so memory stays flat however long the log. Authorizes before the
 * first line, so a refusal is an ordinary error response.
 */
export function exportAuditCsv(args: {
  db: Db;
  actor: Actor;
  filters: AuditFilters;
}): AsyncGenerator<string> {
  const districtId = administeredDistrict(args.actor);
  return (async function* lines() {
    yield `\uFEFF${csvRow(AUDIT_CSV_HEADER)}`;
    let beforeId: string | null = null;
    for (;;) {
      const batch = await q.listAuditEntries(args.db, {
        districtId,
        filters: args.filters,
        beforeId,
        limit: EXPORT_BATCH,
      });
      if (batch.length === 0) return;
      let chunk = '';
      for (const row of batch) {
        const entry = presentEntry(row);
        chunk += csvRow([
          entry.at.replace('T', ' ').replace(/\.\d+Z$/, ''),
          entry.actor?.name ?? 'Trellis',
          entry.description,
          entry.kind ?? '',
          entry.action,
          entry.target.name ?? '',
        ]);
      }
      yield chunk;
      if (batch.length < EXPORT_BATCH) return;
      beforeId = batch[batch.length - 1].id;
    }
  })();
}
