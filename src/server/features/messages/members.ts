import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { CONVERSATION_MAX_PEOPLE, type MessagePerson } from '#shared/contracts/messages.ts';
import { ADDED } from './activity.ts';
import * as q from './queries.ts';

type Participant = Awaited<ReturnType<typeof q.participantsOf>>[number];

/**
 * Who may remove people from a group (decision 096): the person who started it while they are in
 * it, then whoever has been in it longest.
 */
export function keeperOf(row: Pick<q.ConversationRow, 'created_by'>, people: Participant[]): string | null {
  if (people.some((p) => p.id === row.created_by)) return row.created_by;
  return people[0]?.id ?? null;
}

const present = (people: Participant[]): MessagePerson[] =>
  people.map((p) => ({ id: p.id, name: p.name, districtName: p.district_name }));

/** The group the actor takes part in, locked for a member change; 404 when they take no part in it. */
async function lockedGroup(tx: Tx, actor: Actor, conversationId: string) {
  await q.lockConversation(tx, conversationId);
  const row = await q.findConversation(tx, actor.userId, conversationId);
  if (!row) throw new NotFoundError('No such conversation.');
  if (!row.is_group)
    throw new ConflictError('A conversation of two keeps its two people; start a group to write to more.');
  return { row, people: await q.participantsOf(tx, row.id) };
}

/**
 * Adds people to a group the actor may write in. Each must be someone the actor may message, able
 * to see and be seen by everyone in it, with no block between them and anyone in it, and the group
 * stays at most ten. They read what is sent from now on, never what came before; they are told,
 * and everyone's open page hears of it. One transaction: all are added, or none.
 */
export async function addPeople(args: {
  db: Db;
  actor: Actor;
  conversationId: string;
  participantIds: string[];
  mayWrite: (tx: Tx, row: q.ConversationRow, others: Participant[]) => Promise<boolean>;
}): Promise<MessagePerson[]> {
  const { db, actor } = args;
  return db.transaction(async (tx) => {
    const { row, people } = await lockedGroup(tx, actor, args.conversationId);
    const others = people.filter((p) => p.id !== actor.userId);
    if (!(await args.mayWrite(tx, row, others)))
      throw new ForbiddenError('You cannot add people to a conversation you cannot write in.');
    const named = args.participantIds.map((id) => id.toLowerCase());
    const members = new Set(people.map((p) => p.id));
    const at = (id: string) => named.indexOf(id);
    for (const [i, id] of named.entries()) {
      if (members.has(id)) throw invalidField(`/body/participantIds/${i}`, 'is already in this conversation');
      if (at(id) !== i) throw invalidField(`/body/participantIds/${i}`, 'is named twice');
    }
    if (people.length + named.length > CONVERSATION_MAX_PEOPLE)
      throw invalidField(
        '/body/participantIds',
        `a conversation holds at most ${CONVERSATION_MAX_PEOPLE} people; ${people.length} are in it`,
      );
    const seen = new Set((await q.reachablePeople(tx, actor, named)).map((p) => p.id));
    const unseen = named.findIndex((id) => !seen.has(id));
    if (unseen >= 0) throw invalidField(`/body/participantIds/${unseen}`, 'is not someone you may message');
    const everyone = [...members, ...named];
    const apart = await q.unreachablePair(tx, named, everyone);
    if (apart)
      throw invalidField(
        `/body/participantIds/${at(apart.id)}`,
        `cannot be in one conversation with ${apart.otherName}: they may not message each other`,
      );
    const blocked = await q.blockedPair(tx, named, everyone);
    if (blocked)
      throw invalidField(
        `/body/participantIds/${at(blocked.id)}`,
        `cannot be in one conversation with ${blocked.otherName}`,
      );
    await q.insertParticipants(tx, row.id, named);
    await recordActivity(tx, {
      actor,
      verb: ADDED,
      object: { type: 'conversation', id: row.id },
      notify: [
        { kind: 'conversation_added', to: named, data: { conversationId: row.id, actorName: actor.name } },
      ],
      signals: [
        { topic: `conversation:${row.id}`, type: 'members' },
        ...everyone.map((userId) => ({ topic: `user:${userId}` as const, type: 'messages' })),
      ],
    });
    return present(await q.participantsOf(tx, row.id));
  });
}

/**
 * Takes a person out of a group: the actor themself (leaving), or, by its keeper, someone else.
 * Whoever is taken out reads nothing of it from then on (its messages, files, search hits, emails
 * still to be sent) and their open pages stop hearing it at once. One transaction with its activity.
 */
export async function removePerson(args: {
  db: Db;
  actor: Actor;
  conversationId: string;
  userId: string;
}): Promise<MessagePerson[]> {
  const { db, actor } = args;
  const userId = args.userId.toLowerCase();
  const leaving = userId === actor.userId;
  return db.transaction(async (tx) => {
    const { row, people } = await lockedGroup(tx, actor, args.conversationId);
    if (!people.some((p) => p.id === userId)) throw new NotFoundError('They are not in this conversation.');
    if (!leaving && keeperOf(row, people) !== actor.userId)
      throw new ForbiddenError('Only the person who started this conversation may remove people from it.');
    await q.deleteParticipant(tx, row.id, userId);
    const staying = people.filter((p) => p.id !== userId).map((p) => p.id);
    await recordActivity(tx, {
      actor,
      verb: leaving ? 'left' : 'removed',
      object: { type: 'conversation', id: row.id },
      notify: leaving
        ? []
        : [{ kind: 'conversation_removed', to: [userId], data: { actorName: actor.name } }],
      signals: [
        // Their open streams check their topics again and drop this conversation's at once.
        { topic: `user:${userId}`, type: 'access' },
        { topic: `conversation:${row.id}`, type: 'members' },
        ...[userId, ...staying].map((id) => ({ topic: `user:${id}` as const, type: 'messages' })),
      ],
    });
    return present(await q.participantsOf(tx, row.id));
  });
}
