import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import type { Actor } from './auth.ts';

/**
 * A kind of search document a feature contributes (decision 015). The feature's migration defines
 * a view that turns its rows into documents (how a row becomes a document: its weighted words, its
 * facets and the keys of who may find it, by the same rules as the feature's policy) and triggers
 * that rewrite a row's documents in the same transaction as every change to it. The declaration
 * names the kinds and the view, so that search can ask for them and the platform can rebuild them.
 */
export interface SearchDocumentKind {
  /** The kinds of documents the view produces (`search_documents.kind`). */
  kinds: readonly string[];
  /**
   * The view with the documents of every row that should be found, in the columns of
   * `search_documents`; a row without a document (deleted, hidden) is simply not in it.
   */
  view: string;
}

type Viewer = Pick<Actor, 'userId' | 'districtId' | 'schoolIds' | 'networkIds'>;

/**
 * The keys a viewer holds, to match a document's `readers` with `&&` (`readableBy`). Mirrors the
 * policies the documents were keyed by: everyone signed in (`*`), the person (`u:`), their district,
 * schools and networks (`o:`), the communities they are an active member of (`m:`) and those they are
 * invited to (`i:`, which show the community itself, never its content). Read afresh for every
 * search, so a removed member stops finding a community's content at the commit that removed them.
 *
 * The keys travel as one array parameter rather than a subquery: planned with the values in hand,
 * PostgreSQL knows how much of the table the viewer may read, and so whether to walk the newest
 * documents (a common word) or ask the GIN index (a rare one). Behind a subquery it guesses, and
 * guessed wrong for two common words (2.5 s instead of 50 ms on 5,000,000 documents).
 */
export async function viewerKeys(db: Db | Tx, viewer: Viewer): Promise<string[]> {
  const { rows } = await db.execute<{ key: string }>(sql`
    select case m.status when 'active' then 'm:' else 'i:' end || m.community_id as key
      from community_members m
     where m.user_id = ${viewer.userId} and m.status in ('active', 'invited')`);
  return [...keysBeyondMemberships(viewer), ...rows.map((r) => r.key)];
}

/** The keys a viewer holds whatever their memberships: everyone's, their own, and their organizations'. */
export function keysBeyondMemberships(viewer: Viewer): string[] {
  const orgs = [viewer.districtId, ...viewer.schoolIds, ...viewer.networkIds].map((id) => `o:${id}`);
  return ['*', `u:${viewer.userId}`, ...orgs];
}

/** SQL condition on a search_documents alias: someone holding these keys may find the document. */
export function readableBy(alias: string, keys: string[]): SQL {
  return sql`${sql.raw(alias)}.readers && ${sql.param(keys)}::text[]`;
}

/** The quoted name of a declared view, refusing anything that is not a plain identifier. */
function viewName(view: string): SQL {
  if (!/^[a-z_][a-z0-9_]*$/.test(view)) throw new Error(`Not a view name: ${view}`);
  return sql.raw(`"${view}"`);
}

/**
 * Writes every document of the declared kinds afresh from their views, removing documents whose
 * rows no longer have one: for data loaded around the triggers (bulk generators, restores) and to
 * repair. Runs in one transaction per kind, writing in id order: the newest-first walk of a common
 * word then reads neighbouring pages (decision 015).
 */
export async function rebuildSearchDocuments(db: Db, declared: readonly SearchDocumentKind[]): Promise<void> {
  for (const kind of declared) {
    const view = viewName(kind.view);
    await db.transaction(async (tx: Tx) => {
      await tx.execute(sql`delete from search_documents d
        where d.kind = any(${sql.param([...kind.kinds])}::text[]) and not exists (select 1 from ${view} v where v.id = d.id)`);
      await tx.execute(sql`insert into search_documents as d
          (id, kind, community_id, title, facets, readers, search, created_at)
        select v.id, v.kind, v.community_id, v.title, v.facets, v.readers, v.search, v.created_at
          from ${view} v
         order by v.id
        on conflict (id) do update set kind = excluded.kind, community_id = excluded.community_id,
          title = excluded.title, facets = excluded.facets,
          readers = excluded.readers, search = excluded.search, created_at = excluded.created_at
        where (d.kind, d.community_id, d.title, d.facets, d.readers, d.search, d.created_at)
          is distinct from (excluded.kind, excluded.community_id, excluded.title, excluded.facets,
                            excluded.readers, excluded.search, excluded.created_at)`);
    });
  }
}
