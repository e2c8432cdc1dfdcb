import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { ConflictError, NotFoundError } from '#server/platform/errors.ts';
import type { DraftKind, DraftView, SaveDraftBody } from '#shared/contracts/reading.ts';
import { isParticipant } from '../messages/index.ts';
import { assertParticipant, readableCommunity, readableThread } from './access.ts';
import { iso } from './present.ts';

type DraftRow = {
  kind: DraftKind;
  target_id: string;
  title: string | null;
  thread_type: DraftView['threadType'];
  body_md: string;
  version: number;
  updated_at: Date | string;
};

const present = (row: DraftRow): DraftView => ({
  kind: row.kind,
  targetId: row.target_id,
  body: row.body_md,
  title: row.title,
  threadType: row.thread_type,
  version: row.version,
  updatedAt: iso(row.updated_at),
});

/** A save written over a version another device has replaced: the current draft travels with it. */
export class DraftConflict extends ConflictError {
  constructor(readonly current: DraftView | null) {
    super(
      current
        ? 'This draft was changed on another device since you last saved it.'
        : 'This draft was sent or discarded on another device.',
    );
  }
}

/**
 * The place a draft is of must be one the person may read (a thread), post in (a community) or
 * takes part in (a conversation), or 404/403.
 */
async function assertDraftPlace(db: Db, actor: Actor, kind: DraftKind, id: string, writing: boolean) {
  if (kind === 'conversation') {
    if (!(await isParticipant(db, actor.userId, id))) throw new NotFoundError('No such conversation.');
  } else if (kind === 'thread') {
    const { community } = await readableThread(db, actor, id);
    if (writing) assertParticipant(community);
  } else {
    const community = await readableCommunity(db, actor, id);
    if (writing) assertParticipant(community);
  }
}

async function currentDraft(db: Db, actor: Actor, kind: DraftKind, id: string) {
  const { rows } = await db.execute<DraftRow>(
    sql`select kind, target_id, title, thread_type, body_md, version, updated_at from discussion_drafts
         where user_id = ${actor.userId} and kind = ${kind} and target_id = ${id}`,
  );
  return rows[0] ? present(rows[0]) : null;
}

/** The person's own draft of a reply in a thread or a new thread in a community, if any. */
export async function getDraft(args: { db: Db; actor: Actor; kind: DraftKind; id: string }) {
  await assertDraftPlace(args.db, args.actor, args.kind, args.id, false);
  return currentDraft(args.db, args.actor, args.kind, args.id);
}

/**
 * Saves the draft over the version the writer last saw. Another device's later save is never
 * overwritten: the save is refused with the draft as it now is, for the writer to choose.
 */
export async function saveDraft(args: {
  db: Db;
  actor: Actor;
  kind: DraftKind;
  id: string;
  body: SaveDraftBody;
}): Promise<DraftView> {
  const { db, actor, kind, id, body } = args;
  await assertDraftPlace(db, actor, kind, id, true);
  const title = kind === 'community' ? (body.title ?? null) : null;
  const threadType = kind === 'community' ? (body.threadType ?? null) : null;
  const { rows } =
    body.baseVersion === 0
      ? await db.execute<DraftRow>(
          sql`insert into discussion_drafts (user_id, kind, target_id, title, thread_type, body_md, version)
              values (${actor.userId}, ${kind}, ${id}, ${title}, ${threadType}, ${body.body}, 1)
              on conflict do nothing
              returning kind, target_id, title, thread_type, body_md, version, updated_at`,
        )
      : await db.execute<DraftRow>(
          sql`update discussion_drafts
                 set body_md = ${body.body}, title = ${title}, thread_type = ${threadType},
                     version = version + 1, updated_at = now()
               where user_id = ${actor.userId} and kind = ${kind} and target_id = ${id}
                 and version = ${body.baseVersion}
              returning kind, target_id, title, thread_type, body_md, version, updated_at`,
        );
  if (rows[0]) return present(rows[0]);
  throw new DraftConflict(await currentDraft(db, actor, kind, id));
}

/** Discards the draft once sent, unless another device has saved a later version since. */
export async function discardDraft(args: {
  db: Db;
  actor: Actor;
  kind: DraftKind;
  id: string;
  version: number;
}) {
  const { db, actor, kind, id, version } = args;
  const { rows } = await db.execute<{ version: number }>(
    sql`delete from discussion_drafts
         where user_id = ${actor.userId} and kind = ${kind} and target_id = ${id} and version = ${version}
        returning version`,
  );
  if (rows[0]) return;
  const current = await currentDraft(db, actor, kind, id);
  if (current) throw new DraftConflict(current);
}
