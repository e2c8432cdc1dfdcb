/**
 * The learning log's SQL: a person's entries read newest first down `learning_entries_user_idx`,
 * with each page's competencies, evidence and merged entries read in the same statement, and the
 * totals of a period in one aggregate.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { CreditStatusFilter, LearningEntryStatus, LearningSource } from '#shared/contracts/learning.ts';

export type EntryRow = {
  id: string;
  user_id: string;
  district_id: string;
  source: LearningSource;
  kind: string;
  title: string;
  occurred_at: string;
  duration_minutes: number | null;
  provider: string;
  link: string | null;
  will_try: string;
  practice_change: string;
  competency_ids: string[];
  status: LearningEntryStatus;
  statement_id: string | null;
  object_type: string | null;
  object_id: string | null;
  result: Record<string, unknown> | null;
  merged_into_id: string | null;
  voided_at: string | null;
  credit_status: 'pending' | 'changes_requested' | 'approved' | 'declined' | null;
  credit_locked: boolean;
  created_at: string;
  updated_at: string;
  /** The competencies it names that still exist, in the order named. */
  competencies: Array<{ id: string; code: string; statement: string }>;
  evidence: EvidenceRow[];
  merged: Array<{ id: string; title: string }>;
};

export type EvidenceRow = {
  id: string;
  type: 'file' | 'link' | 'resource' | 'thread';
  file_key: string | null;
  filename: string | null;
  content_type: string | null;
  byte_size: number | null;
  url: string | null;
  title: string;
  resource_id: string | null;
  thread_id: string | null;
  /** The community of a thread, for its address. */
  community_id: string | null;
};

/** An entry that shows in the log: not merged into another, not voided by its source. */
const SHOWN = sql`e.merged_into_id is null and e.voided_at is null`;

/** The columns of an entry `e`, with its competencies, evidence and merged entries as json. */
const ENTRY_COLUMNS = sql`e.*,
  coalesce((select json_agg(json_build_object('id', c.id, 'code', c.code, 'statement', c.statement)
                            order by array_position(e.competency_ids, c.id))
              from competencies c where c.id = any(e.competency_ids)), '[]') as competencies,
  coalesce((select json_agg(json_build_object('id', v.id, 'type', v.type, 'file_key', v.file_key,
                                              'filename', v.filename, 'content_type', f.content_type,
                                              'byte_size', f.byte_size, 'url', v.url, 'title', v.title,
                                              'resource_id', v.resource_id, 'thread_id', v.thread_id,
                                              'community_id', (select t.community_id from threads t where t.id = v.thread_id))
                            order by v.position, v.id)
              from learning_evidence v left join files f on f.key = v.file_key
             where v.entry_id = e.id), '[]') as evidence,
  coalesce((select json_agg(json_build_object('id', m.id, 'title', m.title) order by m.occurred_at, m.id)
              from learning_entries m where m.merged_into_id = e.id), '[]') as merged`;

export interface ListFilters {
  from?: string;
  to?: string;
  kind?: string;
  source?: LearningSource;
  competency?: string;
  credit?: CreditStatusFilter;
  status?: LearningEntryStatus;
}

/** The filters as SQL over `e` (dates are whole UTC days, `to` included). */
function filterSql(filters: ListFilters): SQL {
  const parts: SQL[] = [];
  if (filters.from) parts.push(sql`e.occurred_at >= ${filters.from}::date`);
  if (filters.to) parts.push(sql`e.occurred_at < ${filters.to}::date + 1`);
  if (filters.kind) parts.push(sql`e.kind = ${filters.kind}`);
  if (filters.source) parts.push(sql`e.source = ${filters.source}`);
  if (filters.competency) parts.push(sql`${filters.competency}::uuid = any(e.competency_ids)`);
  if (filters.credit === 'none') parts.push(sql`e.credit_status is null`);
  else if (filters.credit) parts.push(sql`e.credit_status = ${filters.credit}`);
  if (filters.status) parts.push(sql`e.status = ${filters.status}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/** The filters a list or totals statement is made of, as its name: each shape is planned once per connection. */
function shapeOf(filters: ListFilters, after: boolean): string {
  const parts: string[] = (['from', 'to', 'kind', 'source', 'competency', 'status'] as const).filter(
    (f) => filters[f],
  );
  if (filters.credit) parts.push(filters.credit === 'none' ? 'uncredited' : 'credit');
  if (after) parts.push('after');
  return parts.join('-') || 'all';
}

/**
 * A page of a person's log, newest first, one past the limit: read down the person's index range
 * (time, id) with the filters applied to the rows as they come, and the page's details in the same
 * statement. A named statement per shape of filters: planning it cost more than running it.
 * `cursor_at` is the time as PostgreSQL prints it, microseconds kept, for the next page's cursor.
 */
export async function listEntryRows(
  db: Db,
  userId: string,
  filters: ListFilters,
  page: { after?: { at: string; id: string }; limit: number },
): Promise<Array<EntryRow & { cursor_at: string }>> {
  const after = page.after
    ? sql`and (e.occurred_at, e.id) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)`
    : sql``;
  return namedQuery<EntryRow & { cursor_at: string }>(
    db,
    `learning-entries-${shapeOf(filters, page.after !== undefined)}`,
    sql`
    select ${ENTRY_COLUMNS}, e.occurred_at::text as cursor_at
      from (select * from learning_entries e
             where e.user_id = ${userId} and ${SHOWN} and ${filterSql(filters)} ${after}
             order by e.occurred_at desc, e.id desc
             limit ${page.limit + 1}) e
     order by e.occurred_at desc, e.id desc`,
  );
}

/** One entry with its details, whoever's it is (callers decide who may see it); merged and voided ones too. */
export async function findEntryRow(tx: Tx, id: string, lock = false): Promise<EntryRow | null> {
  if (lock) await tx.execute(sql`select 1 from learning_entries where id = ${id} for update`);
  const { rows } = await tx.execute<EntryRow>(
    sql`select ${ENTRY_COLUMNS} from learning_entries e where e.id = ${id}`,
  );
  return rows[0] ?? null;
}

export type TotalsRow = {
  by: 'kind' | 'competency';
  key: string;
  code: string | null;
  statement: string | null;
  minutes: number;
  entries: number;
};

/**
 * Minutes and entries of a person's logged learning in a period, by kind and by competency, in one
 * aggregate over the person's index range (drafts, merged and voided entries count nowhere).
 */
export async function totalsRows(db: Db, userId: string, period: { from?: string; to?: string }) {
  return namedQuery<TotalsRow>(
    db,
    `learning-totals-${shapeOf(period, false)}`,
    sql`
    with e as (
      select e.kind, coalesce(e.duration_minutes, 0) as minutes, e.competency_ids
        from learning_entries e
       where e.user_id = ${userId} and ${SHOWN} and e.status = 'logged'
         and ${filterSql({ from: period.from, to: period.to })})
    select 'kind' as by, kind as key, null as code, null as statement,
           sum(minutes)::int as minutes, count(*)::int as entries
      from e group by kind
    union all
    select 'competency', c.id::text, c.code, c.statement, sum(e.minutes)::int, count(*)::int
      from e cross join lateral unnest(e.competency_ids) as ec(id)
      join competencies c on c.id = ec.id
     group by c.id, c.code, c.statement`,
  );
}

/** The competencies of the frameworks the person's district and networks own, by framework. */
export async function frameworkRows(tx: Tx, orgIds: string[]) {
  const { rows } = await tx.execute<{
    id: string;
    title: string;
    competencies: Array<{ id: string; code: string; statement: string }>;
  }>(sql`
    select f.id, f.title,
           coalesce((select json_agg(json_build_object('id', c.id, 'code', c.code, 'statement', c.statement)
                                     order by c.code, c.position, c.id)
                       from competencies c where c.framework_id = f.id), '[]') as competencies
      from competency_frameworks f
     where f.owner_org_id = any(${sql.param(orgIds)}::uuid[])
     order by f.title, f.id`);
  return rows;
}

/** Of the competency ids, those of frameworks the organizations own. */
export async function competenciesIn(tx: Tx, ids: string[], orgIds: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await tx.execute<{ id: string }>(sql`
    select c.id from competencies c join competency_frameworks f on f.id = c.framework_id
     where c.id = any(${sql.param(ids)}::uuid[]) and f.owner_org_id = any(${sql.param(orgIds)}::uuid[])`);
  return new Set(rows.map((r) => r.id));
}

/** The person's uploaded evidence files among the keys, with what was stored. */
export async function ownFiles(tx: Tx, userId: string, keys: string[]) {
  if (!keys.length) return new Map<string, { content_type: string; byte_size: number }>();
  const { rows } = await tx.execute<{ key: string; content_type: string; byte_size: number }>(sql`
    select key, content_type, byte_size from files where key = any(${sql.param(keys)}::text[]) and owner_id = ${userId}`);
  return new Map(rows.map((r) => [r.key, r]));
}
