/**
 * A person's right to be erased: they ask from Settings; where their district's records rules
 * require it (the default), an administrator approves or declines, otherwise the erasure is carried
 * out at once. Either way it is the same erasure as for someone who left (the data-class hooks),
 * audited, and the person is told the outcome by email (once erased, they have no account to read
 * it in).
 */
import type { FastifyBaseLogger } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { isFormerMember } from '#server/platform/data-erasure.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import type { Mailer } from '#server/platform/mail.ts';
import type { Storage } from '#server/platform/storage.ts';
import type {
  ErasureDecisionBody,
  ErasureRequest,
  ErasureRequestBody,
  PrivacySettings,
} from '#shared/contracts/privacy.ts';
import { lockDistrictAdmins } from '#server/features/accounts/index.ts';
import * as q from './queries.ts';
import { allData } from './registry.ts';
import { eraseLockedPerson, removeErasedFiles } from './service.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function presentRequest(row: q.ErasureRequestRow): ErasureRequest {
  const erased = row.status === 'completed' || !row.email || isFormerMember(row.email);
  return {
    id: row.id,
    status: row.status,
    person: erased ? null : { id: row.user_id, name: row.name ?? '', email: row.email ?? '' },
    note: row.note,
    decisionNote: row.decision_note,
    createdAt: iso(row.created_at) as string,
    decidedAt: iso(row.decided_at),
  };
}

interface Effects {
  db: Db;
  storage: Storage;
  mailer: Mailer;
  log: FastifyBaseLogger;
}

/** Tells a person by email; a message that cannot be sent is logged, the outcome stands. */
async function tell(effects: Effects, to: string, subject: string, text: string): Promise<void> {
  await effects.mailer
    .send({ to, subject, text })
    .catch((error: unknown) => effects.log.error({ err: error }, 'an erasure outcome could not be mailed'));
}

const ERASED_TEXT = `Your Trellis account was erased, as you asked.

Your account, profile, sign-ins, settings, notifications, memberships and the work that was yours
alone are deleted. What you wrote or shared with colleagues stays, shown as by "Former member",
and nothing in Trellis links it to you any more.

This is the last message Trellis sends you.`;

/** The signed-in person's latest request, and whether their district must approve one. */
export async function readMyErasure(args: { db: Db; actor: Actor }) {
  const [request, needsApproval] = await Promise.all([
    q.latestErasureRequest(args.db, args.actor.userId),
    q.erasureNeedsApproval(args.db, args.actor.districtId),
  ]);
  return { request: request ? presentRequest(request) : null, needsApproval };
}

/**
 * The signed-in person asks to be erased, typing their address to confirm. Waits for an
 * administrator where the district requires it; otherwise the person is erased now and signed out.
 */
export async function requestErasure(
  args: Effects & { actor: Actor; body: ErasureRequestBody },
): Promise<ErasureRequest> {
  const { actor } = args;
  if (args.body.confirm.toLowerCase() !== actor.email.toLowerCase())
    throw invalidField('/body/confirm', 'Type your email address exactly as shown to confirm.');
  const data = await allData();
  const id = uuidv7();
  const outcome = await args.db.transaction(async (tx) => {
    const person = await q.findPersonForErasure(tx, { districtId: actor.districtId, userId: actor.userId });
    if (!person) throw new NotFoundError('No such person.');
    await lockDistrictAdmins(tx, actor.districtId);
    if (await q.isLastActiveAdmin(tx, { districtId: actor.districtId, userId: actor.userId }))
      throw new ConflictError(
        'You are the district’s only active administrator: make someone else an administrator first.',
      );
    const pending = await q.latestErasureRequest(tx, actor.userId);
    if (pending?.status === 'pending')
      throw new ConflictError('Your request is already waiting for a decision.');
    const note = args.body.note ? args.body.note : null;
    if (await q.erasureNeedsApproval(tx, actor.districtId)) {
      await q.insertErasureRequest(tx, {
        id,
        districtId: actor.districtId,
        userId: actor.userId,
        status: 'pending',
        note,
      });
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'user.erasure_requested',
        target: { type: 'erasure_request', id },
        districtId: actor.districtId,
      });
      return {
        erased: null,
        admins: await q.activeAdminEmails(tx, { districtId: actor.districtId, except: actor.userId }),
      };
    }
    await q.insertErasureRequest(tx, {
      id,
      districtId: actor.districtId,
      userId: actor.userId,
      status: 'completed',
      note,
    });
    const erased = await eraseLockedPerson(tx, {
      data,
      personId: actor.userId,
      districtId: actor.districtId,
      actorId: actor.userId,
      details: { request: id, approval: 'not required' },
    });
    return { erased, email: person.email };
  });
  if (outcome.erased) {
    await removeErasedFiles(args.storage, outcome.erased.filesToRemove, args.log);
    await tell(args, outcome.email, 'Your Trellis account was erased', ERASED_TEXT);
  }
  // The district's administrators hear that a request waits for one of them.
  else
    for (const admin of outcome.admins)
      await tell(
        args,
        admin,
        'A request to be erased waits for your decision',
        `${actor.name} asked to have their Trellis account erased. Your district's records rules ask an administrator to approve or decline it: see Administration, then Data and privacy.`,
      );
  // The request as it stands now, naming a Former member once the person is erased.
  return presentRequest((await q.findErasureRequest(args.db, id))!);
}

/** The signed-in person withdraws their waiting request. */
export async function withdrawErasureRequest(args: { db: Db; actor: Actor }): Promise<ErasureRequest> {
  return args.db.transaction(async (tx) => {
    const latest = await q.latestErasureRequest(tx, args.actor.userId);
    if (latest?.status !== 'pending') throw new NotFoundError('You have no request waiting.');
    const withdrawn = await q.decideErasureRequest(tx, {
      id: latest.id,
      status: 'withdrawn',
      decidedBy: null,
      decisionNote: null,
    });
    if (!withdrawn) throw new ConflictError('Your request was decided already.');
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'user.erasure_withdrawn',
      target: { type: 'erasure_request', id: latest.id },
      districtId: args.actor.districtId,
    });
    return presentRequest({ ...latest, status: 'withdrawn', decided_at: new Date() });
  });
}

/** The district's requests: those waiting, then the latest decided. */
export async function listErasureRequests(args: { db: Db; actor: Actor }): Promise<ErasureRequest[]> {
  return (await q.listErasureRequests(args.db, args.actor.districtId)).map(presentRequest);
}

/**
 * An administrator approves (the person is erased now, and told by email) or declines (the person
 * is told why, by email, and reads it in Settings) a request of their district.
 */
export async function decideErasure(
  args: Effects & { actor: Actor; id: string; body: ErasureDecisionBody },
): Promise<ErasureRequest> {
  const { actor, body } = args;
  const data = await allData();
  const outcome = await args.db.transaction(async (tx) => {
    const request = await q.findErasureRequestForDecision(tx, { id: args.id, districtId: actor.districtId });
    if (!request) throw new NotFoundError('No such request in your district.');
    if (request.status !== 'pending') throw new ConflictError('This request was decided already.');
    if (request.user_id === actor.userId)
      throw new ForbiddenError('Another administrator must decide on your own request.');
    const email = request.email ?? '';
    if (body.decision === 'decline') {
      const note = body.note?.trim() || null;
      const declined = await q.decideErasureRequest(tx, {
        id: request.id,
        status: 'declined',
        decidedBy: actor.userId,
        decisionNote: note,
      });
      if (!declined) throw new ConflictError('This request was decided or withdrawn already.');
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'user.erasure_declined',
        target: { type: 'erasure_request', id: request.id },
        districtId: actor.districtId,
      });
      return { declined: true as const, email, note };
    }
    const person = await q.findPersonForErasure(tx, {
      districtId: actor.districtId,
      userId: request.user_id,
    });
    if (!person) throw new NotFoundError('No such person in your district.');
    await lockDistrictAdmins(tx, actor.districtId);
    if (await q.isLastActiveAdmin(tx, { districtId: actor.districtId, userId: person.id }))
      throw new ConflictError('This person is the district’s only active administrator.');
    const approved = await q.decideErasureRequest(tx, {
      id: request.id,
      status: 'completed',
      decidedBy: actor.userId,
      decisionNote: null,
    });
    if (!approved) throw new ConflictError('This request was decided or withdrawn already.');
    const erased = await eraseLockedPerson(tx, {
      data,
      personId: person.id,
      districtId: actor.districtId,
      actorId: actor.userId,
      details: { request: request.id, approval: 'approved' },
    });
    return { declined: false as const, email, erased };
  });
  if (outcome.declined)
    await tell(
      args,
      outcome.email,
      'Your request to erase your Trellis account was declined',
      `Your district's administrators declined your request to erase your Trellis account.${
        outcome.note ? `\n\nTheir reason: ${outcome.note}` : ''
      }\n\nYour account stays as it is. You can read this in Settings, and ask your administrators if you have questions.`,
    );
  else {
    await removeErasedFiles(args.storage, outcome.erased.filesToRemove, args.log);
    await tell(args, outcome.email, 'Your Trellis account was erased', ERASED_TEXT);
  }
  return presentRequest((await q.findErasureRequest(args.db, args.id))!);
}

/** The district's records rules. */
export async function readPrivacySettings(args: { db: Db; actor: Actor }): Promise<PrivacySettings> {
  return { erasureNeedsApproval: await q.erasureNeedsApproval(args.db, args.actor.districtId) };
}

/** Sets the district's records rules, audited. */
export async function updatePrivacySettings(args: {
  db: Db;
  actor: Actor;
  body: PrivacySettings;
}): Promise<PrivacySettings> {
  await args.db.transaction(async (tx) => {
    await q.savePrivacySettings(tx, {
      districtId: args.actor.districtId,
      erasureNeedsApproval: args.body.erasureNeedsApproval,
      userId: args.actor.userId,
    });
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'district.records_rules_changed',
      target: { type: 'district', id: args.actor.districtId },
      districtId: args.actor.districtId,
      details: { erasureNeedsApproval: args.body.erasureNeedsApproval },
    });
  });
  return readPrivacySettings(args);
}
