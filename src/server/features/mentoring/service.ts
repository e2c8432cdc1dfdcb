import { sql } from 'drizzle-orm';
import { munkres } from 'munkres';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { peopleTold } from '#server/features/notifications/index.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { ConflictError, ForbiddenError, NotFoundError, invalidField } from '#server/platform/errors.ts';
import type {
  CheckInBody,
  CohortMatchBody,
  CoordinatorView,
  EndMentorshipBody,
  GoalBody,
  MeetingBody,
  MentorProfile,
  MentorProfileBody,
  MentoringHome,
  MentoringRequest,
  MentoringRequestBody,
  MentoringSettingsBody,
  Mentorship,
  MentorshipAbilities,
  MentorshipDetail,
  Suggestion,
} from '#shared/contracts/mentoring.ts';
import type { z } from 'zod';
import {
  CONFIRMED,
  ENDED,
  MATCHED,
  MEETING_OBJECT,
  MENTORED,
  MENTORSHIP_OBJECT,
  RECEIVED_MENTORING,
  REQUEST_OBJECT,
  STALLED,
} from './activity.ts';
import {
  type MentorshipAccess,
  abilitiesOf,
  canReadPrivate,
  canSee,
  canWritePrivate,
  coordinatedDistrictSql,
  isApprover,
  isCoordinator,
} from './policy.ts';
import * as q from './queries.ts';

const NO_MENTORSHIP = 'No such mentorship.';
const NO_REQUEST = 'No such mentoring request.';
/** How many suggestions a request shows, and how many candidates each request of a cohort weighs. */
const SUGGESTIONS = 10;
const COHORT_CANDIDATES = 25;

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string }).code === '23505' ||
  (error as { cause?: { code?: string } }).cause?.code === '23505';

// ─── Home, offers and settings ──────────────────────────────────────────────────────────────────

/** What the mentoring page shows the signed-in person: their requests, mentorships and mentor offer. */
export async function getMentoringHome(args: { db: Db; actor: Actor }): Promise<MentoringHome> {
  const { db, actor } = args;
  const [requests, mentorships, mentorProfile] = await Promise.all([
    q.listOwnRequests(db, actor.userId),
    q.listOwnMentorships(db, actor.userId),
    q.readMentorProfile(db, actor.userId),
  ]);
  return { requests, mentorships, mentorProfile, coordinator: isCoordinator(actor) };
}

/** A mentor says how many people they take on, whether they take anyone new, how and when they meet. */
export async function saveMentorProfile(args: {
  db: Db;
  actor: Actor;
  body: z.output<typeof MentorProfileBody>;
}): Promise<MentorProfile> {
  const { actor, body } = args;
  return args.db.transaction(async (tx) => {
    await q.saveMentorProfile(tx, {
      userId: actor.userId,
      districtId: actor.districtId,
      capacity: body.capacity,
      accepting: body.accepting,
      meetingModes: [...new Set(body.meetingModes)],
      topics: [...new Set(body.topics)],
      availability: body.availability,
    });
    const profile = await q.readMentorProfile(tx, actor.userId);
    if (!profile) throw new NotFoundError('No mentor offer.');
    return profile;
  });
}

/** A district's administrators name its evaluator roles; a network's decide whether districts approve. */
export async function saveMentoringSettings(args: {
  db: Db;
  actor: Actor;
  organizationId: string;
  body: z.output<typeof MentoringSettingsBody>;
}) {
  const { actor, organizationId, body } = args;
  const isDistrict = organizationId === actor.districtId;
  const isNetwork = actor.networkAdminOf.includes(organizationId);
  if (!isDistrict && !isNetwork && !actor.networkIds.includes(organizationId))
    throw new NotFoundError('No such district or network.');
  if (isDistrict && !actor.roles.includes('district_admin'))
    throw new ForbiddenError("Only the district's administrators may set how it runs mentoring.");
  if (!isDistrict && !isNetwork)
    throw new ForbiddenError("Only the network's administrators may set how it runs mentoring.");
  if (isDistrict && body.menteeDistrictApproves !== undefined)
    throw invalidField('/body/menteeDistrictApproves', 'is decided by a network, not a district');
  if (!isDistrict && body.evaluatorRoles !== undefined)
    throw invalidField('/body/evaluatorRoles', 'are named by a district, not a network');
  return args.db.transaction(async (tx) => {
    await q.saveSettings(tx, organizationId, body);
    return { organizationId, ...(await q.readSettings(tx, organizationId)) };
  });
}

// ─── Requests ─────────────────────────────────────────────────────────────────────────────────────

/** A teacher asks for a mentor with what they need; one open request at a time. */
export async function createMentoringRequest(args: {
  db: Db;
  actor: Actor;
  body: z.output<typeof MentoringRequestBody>;
}): Promise<MentoringRequest> {
  const { actor, body } = args;
  const id = uuidv7();
  return args.db.transaction(async (tx) => {
    const created = await q.insertRequest(tx, {
      id,
      menteeId: actor.userId,
      districtId: actor.districtId,
      subject: body.subject,
      gradeBand: body.gradeBand,
      topics: [...new Set(body.topics)],
      meetingMode: body.meetingMode,
      note: body.note,
    });
    if (!created)
      throw new ConflictError('You have an open request for a mentor already; withdraw it first.');
    await recordActivity(tx, {
      actor,
      verb: 'requested',
      object: { type: REQUEST_OBJECT, id, name: `Mentor in ${body.subject}, ${body.gradeBand}` },
    });
    const request = await q.findRequest(tx, id);
    if (!request) throw new NotFoundError(NO_REQUEST);
    return request;
  });
}

type FoundRequest = NonNullable<Awaited<ReturnType<typeof q.findRequest>>>;

/** The request and whether the viewer is its teacher or coordinates their district; 404 to anyone else. */
async function loadRequest(
  tx: Pick<Tx, 'execute'>,
  actor: Actor,
  requestId: string,
): Promise<{ request: FoundRequest; mentee: boolean; coordinator: boolean }> {
  const request = await q.findRequest(tx, requestId);
  if (!request) throw new NotFoundError(NO_REQUEST);
  const mentee = request.menteeId === actor.userId;
  const coordinator = await q.coordinatesRequestDistrict(tx, actor, request.districtId);
  if (!mentee && !coordinator) throw new NotFoundError(NO_REQUEST);
  return { request, mentee, coordinator };
}

export async function getMentoringRequest(args: { db: Db; actor: Actor; requestId: string }) {
  return (await loadRequest(args.db, args.actor, args.requestId)).request;
}

/** The teacher withdraws their open request; proposals for it are declined. */
export async function withdrawMentoringRequest(args: { db: Db; actor: Actor; requestId: string }) {
  const { actor, requestId } = args;
  await args.db.transaction(async (tx) => {
    const { request, mentee } = await loadRequest(tx, actor, requestId);
    if (!mentee) throw new ForbiddenError('Only the teacher who asked may withdraw the request.');
    if (!(await q.setRequestStatus(tx, requestId, 'withdrawn', ['open'])))
      throw new ConflictError('This request is not open.');
    await tx.execute(
      sql`update mentorships set status = 'declined' where request_id = ${requestId} and status = 'proposed'`,
    );
    await recordActivity(tx, {
      actor,
      verb: 'withdrew',
      object: { type: REQUEST_OBJECT, id: request.id, name: `Mentor in ${request.subject}` },
    });
  });
}

// ─── Suggestions and matching ─────────────────────────────────────────────────────────────────────

/**
 * The districts a coordinator may match into: their own and those of the networks they administer.
 * A mentee's own reach (policy in `findCandidates`) narrows it further.
 */
const coordinatorReach = (actor: Actor) =>
  sql`select o.id from organizations o where o.kind = 'district' and ${coordinatedDistrictSql(actor, sql`o.id`)}
      union select nd.district_id from network_districts nd
       where nd.network_id = any(${sql.param(actor.networkAdminOf)}::uuid[])
      union select b.district_id from network_districts a join network_districts b on b.network_id = a.network_id
       where a.district_id = ${actor.districtId}`;

const suggestionOf = (c: q.Candidate): Suggestion => ({
  mentor: c.mentor,
  ...q.scoreOf(c.fits),
  load: c.load,
  capacity: c.capacity,
  meetingModes: c.meetingModes,
  availability: c.availability,
});

/** Mentors Trellis suggests for a request, best first, each with the weights that made its score. */
export async function suggestMentors(args: {
  db: Db;
  actor: Actor;
  requestId: string;
}): Promise<Suggestion[]> {
  const { db, actor } = args;
  const { request, mentee } = await loadRequest(db, actor, args.requestId);
  if (request.status !== 'open') return [];
  const candidates = await q.findCandidates(db, request, {
    limit: SUGGESTIONS,
    within: mentee ? undefined : coordinatorReach(actor),
  });
  return candidates.map(suggestionOf);
}

/**
 * A mentor is chosen for a request: by its teacher, who confirms at once, or by a coordinator, who
 * proposes (and confirms when `confirm`). The mentor must be one Trellis would suggest: reachable,
 * visible to the mentee, with room, not their evaluator.
 */
export async function chooseMentor(args: {
  db: Db;
  actor: Actor;
  requestId: string;
  mentorId: string;
  confirm: boolean;
}): Promise<string> {
  const { actor, requestId, mentorId } = args;
  return args.db.transaction(async (tx) => {
    const { request, mentee } = await loadRequest(tx, actor, requestId);
    if (request.status !== 'open') throw new ConflictError('This request is not open.');
    const [candidate] = await q.findCandidates(tx, request, {
      limit: 1,
      only: mentorId,
      within: mentee ? undefined : coordinatorReach(actor),
    });
    if (!candidate)
      throw invalidField('/body/mentorId', 'is not a mentor Trellis may suggest for this request');
    const id = await propose(tx, actor, request, candidate);
    if (mentee || args.confirm) await accept(tx, actor, id);
    return id;
  });
}

/** Writes a proposal and tells the mentee. */
async function propose(
  tx: Tx,
  actor: Actor,
  request: FoundRequest,
  candidate: Pick<q.Candidate, 'mentor' | 'districtId' | 'fits'>,
  scored = q.scoreOf(candidate.fits),
): Promise<string> {
  const id = uuidv7();
  await q.insertMentorship(tx, {
    id,
    requestId: request.id,
    menteeId: request.menteeId,
    mentorId: candidate.mentor.id,
    menteeDistrictId: request.districtId,
    mentorDistrictId: candidate.districtId,
    score: scored.score,
    reasons: scored.reasons,
    proposedBy: actor.userId,
  });
  await recordActivity(tx, {
    actor,
    verb: MATCHED,
    object: { type: MENTORSHIP_OBJECT, id, name: `Mentorship in ${request.subject}` },
    context: { districtId: request.districtId },
    notify:
      request.menteeId === actor.userId
        ? []
        : [
            {
              kind: 'mentoring_proposed',
              to: [request.menteeId],
              data: { mentorshipId: id, mentorName: candidate.mentor.name },
            },
          ],
  });
  return id;
}

/**
 * A proposal is accepted: never above the mentor's capacity (their offer is locked while counting),
 * never a second accepted mentor for the mentee (checked, and held by a unique index). Across
 * districts it waits for the mentee's district unless the network waived that or the one confirming
 * is its administrator; otherwise it is active at once.
 */
async function accept(tx: Tx, actor: Actor, mentorshipId: string): Promise<void> {
  const access = await q.mentorshipAccess(tx, actor, mentorshipId, true);
  if (!access || !canSee(access)) throw new NotFoundError(NO_MENTORSHIP);
  if (access.status !== 'proposed')
    throw new ConflictError('This mentorship is not waiting to be confirmed.');
  if (!abilitiesOf(access).confirm)
    throw new ForbiddenError('Only the mentee or a coordinator may confirm a proposed mentor.');
  const room = await q.lockMentorCapacity(tx, access.mentorId);
  if (!room || room.accepted >= room.capacity)
    throw new ConflictError('This mentor has no room left: their mentees fill their capacity.');
  const approval = await q.needsApproval(tx, access.menteeDistrictId, access.mentorDistrictId);
  const active = !approval || isApprover(actor, access.menteeDistrictId);
  try {
    await tx.transaction(async (sp) => {
      await q.setMentorshipStatus(
        sp,
        mentorshipId,
        active ? 'active' : 'awaiting_approval',
        ['proposed'],
        actor.userId,
        {
          confirm: true,
          approve: active,
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('This teacher has a mentor already.');
    throw error;
  }
  await q.declineOtherProposals(tx, access.menteeId, mentorshipId);
  await q.setRequestStatus(tx, access.requestId, 'matched', ['open']);
  await recordConfirmed(tx, actor, access, active);
}

async function recordConfirmed(tx: Tx, actor: Actor, access: MentorshipAccess, active: boolean) {
  const [mentee, mentor] = await Promise.all([
    q.personContext(tx, access.menteeId),
    q.personContext(tx, access.mentorId),
  ]);
  const pairNotice = (to: string, other: string | undefined) => ({
    kind: 'mentoring_started',
    to: [to],
    data: { mentorshipId: access.id, otherName: other ?? '' },
  });
  const approvers = active ? [] : await q.districtAdmins(tx, access.menteeDistrictId);
  await recordActivity(tx, {
    actor,
    verb: CONFIRMED,
    object: { type: MENTORSHIP_OBJECT, id: access.id, name: 'Mentorship' },
    context: { districtId: access.menteeDistrictId },
    result: { completion: active },
    notify: active
      ? [pairNotice(access.menteeId, mentor?.name), pairNotice(access.mentorId, mentee?.name)]
      : [
          {
            kind: 'mentoring_approval',
            to: approvers,
            data: { mentorshipId: access.id, menteeName: mentee?.name ?? '', mentorName: mentor?.name ?? '' },
          },
        ],
  });
}

/**
 * A coordinator matches a cohort of open requests at once by optimal assignment (Hungarian
 * algorithm): each mentor is as many columns as they have room, each later place of one mentor
 * scored with the load it would then carry, and pairs Trellis may not suggest cost more than any
 * real match, so they are dropped rather than made (decision 088).
 */
export async function matchCohort(args: {
  db: Db;
  actor: Actor;
  body: z.output<typeof CohortMatchBody>;
}): Promise<{ proposed: Mentorship[]; unmatched: string[] }> {
  const { actor, body } = args;
  if (!isCoordinator(actor)) throw new ForbiddenError('Only a mentoring coordinator may match a cohort.');
  return args.db.transaction(async (tx) => {
    const requests = await q.listCoordinatedOpenRequests(tx, actor, body.requestIds);
    if (body.requestIds) {
      const found = new Set(requests.map((r) => r.id));
      const missing = body.requestIds.findIndex((id) => !found.has(id));
      if (missing >= 0)
        throw invalidField(
          `/body/requestIds/${missing}`,
          'is not an open request you coordinate without a proposal',
        );
    }
    const within = coordinatorReach(actor);
    const options = await Promise.all(
      requests.map((r) => q.findCandidates(tx, r, { limit: COHORT_CANDIDATES, within })),
    );
    const assignment = assignCohort(options);
    const ids: string[] = [];
    const unmatched: string[] = [];
    for (const [i, request] of requests.entries()) {
      const pick = assignment[i];
      if (!pick) {
        unmatched.push(request.id);
        continue;
      }
      const id = await propose(tx, actor, request, pick.candidate, q.scoreOf(pick.fits));
      if (body.confirm) await accept(tx, actor, id);
      ids.push(id);
    }
    return { proposed: await q.readMentorships(tx, ids), unmatched };
  });
}

/**
 * The optimal assignment of requests to mentors' free places: `options[i]` are request i's
 * candidates. Returns, per request, the candidate and the fits it was scored with at that place, or
 * null when it is left unmatched. Pure, so tests check capacity on generated networks directly.
 */
export function assignCohort(
  options: q.Candidate[][],
): Array<{ candidate: q.Candidate; fits: q.Fits } | null> {
  const mentors = new Map<string, { capacity: number; load: number }>();
  for (const list of options)
    for (const c of list) mentors.set(c.mentor.id, { capacity: c.capacity, load: c.load });
  // Each mentor's free places, at most one per request (no mentor takes more than the cohort).
  const places: { mentorId: string; extra: number }[] = [];
  for (const [mentorId, m] of mentors)
    for (let extra = 0; extra < Math.min(m.capacity - m.load, options.length); extra++)
      places.push({ mentorId, extra });
  if (!options.length || !places.length) return options.map(() => null);
  const W = q.WEIGHTS;
  const maxScore = Object.values(W).reduce((a, b) => a + b, 0);
  const IMPOSSIBLE = maxScore * 10;
  const fitsAt = (c: q.Candidate, extra: number): q.Fits => ({
    ...c.fits,
    load: Math.max(0, 1 - (c.load + extra) / c.capacity),
  });
  const byMentor = options.map((list) => new Map(list.map((c) => [c.mentor.id, c])));
  const cost = options.map((_, i) =>
    places.map((place) => {
      const c = byMentor[i].get(place.mentorId);
      return c ? maxScore - q.scoreOf(fitsAt(c, place.extra)).score : IMPOSSIBLE;
    }),
  );
  const result: Array<{ candidate: q.Candidate; fits: q.Fits } | null> = options.map(() => null);
  for (const [row, col] of munkres(cost)) {
    if (col < 0 || col >= places.length || cost[row][col] >= IMPOSSIBLE) continue;
    const place = places[col];
    const candidate = byMentor[row].get(place.mentorId);
    if (candidate) result[row] = { candidate, fits: fitsAt(candidate, place.extra) };
  }
  return result;
}

// ─── Mentorships ──────────────────────────────────────────────────────────────────────────────────

async function loadMentorship(tx: Pick<Tx, 'execute'>, actor: Actor, id: string, lock = false) {
  const access = await q.mentorshipAccess(tx, actor, id, lock);
  if (!access || !canSee(access)) throw new NotFoundError(NO_MENTORSHIP);
  return access;
}

/** A mentorship as the viewer may see it: the pair with their private space, a coordinator without it. */
export async function getMentorship(args: {
  db: Db;
  actor: Actor;
  mentorshipId: string;
}): Promise<{ data: MentorshipDetail; abilities: MentorshipAbilities }> {
  const { db, actor, mentorshipId } = args;
  const access = await loadMentorship(db, actor, mentorshipId);
  const pair = canReadPrivate(access);
  const [mentorship, goals, meetings, checkIns, totalMinutes] = await Promise.all([
    q.readMentorship(db, mentorshipId),
    pair ? q.listGoals(db, mentorshipId) : [],
    q.listMeetings(db, mentorshipId, pair),
    pair ? q.listCheckIns(db, mentorshipId) : [],
    q.totalMinutes(db, mentorshipId),
  ]);
  if (!mentorship) throw new NotFoundError(NO_MENTORSHIP);
  return {
    data: { ...mentorship, goals, meetings, checkIns, totalMinutes },
    abilities: abilitiesOf(access),
  };
}

/** The mentee or a coordinator confirms a proposed mentor. */
export async function confirmMentorship(args: { db: Db; actor: Actor; mentorshipId: string }) {
  await args.db.transaction((tx) => accept(tx, args.actor, args.mentorshipId));
}

/** The mentee's district approves a mentor from another district: the mentorship begins. */
export async function approveMentorship(args: { db: Db; actor: Actor; mentorshipId: string }) {
  const { actor, mentorshipId } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadMentorship(tx, actor, mentorshipId, true);
    if (!access.approver)
      throw new ForbiddenError("Only the mentee's district's administrators may approve this mentor.");
    if (
      !(await q.setMentorshipStatus(tx, mentorshipId, 'active', ['awaiting_approval'], actor.userId, {
        approve: true,
      }))
    )
      throw new ConflictError('This mentorship is not waiting for approval.');
    await recordConfirmed(tx, actor, access, true);
  });
}

/** A proposal is declined (mentee or coordinator), or an approval refused: the request is open again. */
export async function declineMentorship(args: { db: Db; actor: Actor; mentorshipId: string }) {
  const { actor, mentorshipId } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadMentorship(tx, actor, mentorshipId, true);
    if (!abilitiesOf(access).decline) {
      if (access.status === 'proposed' || access.status === 'awaiting_approval')
        throw new ForbiddenError('You may not decline this mentorship.');
      throw new ConflictError('This mentorship is not waiting for a decision.');
    }
    await q.setMentorshipStatus(
      tx,
      mentorshipId,
      'declined',
      ['proposed', 'awaiting_approval'],
      actor.userId,
    );
    if (access.status === 'awaiting_approval') await reopenRequest(tx, access.requestId);
    await recordActivity(tx, {
      actor,
      verb: 'declined',
      object: { type: MENTORSHIP_OBJECT, id: mentorshipId, name: 'Mentorship' },
      context: { districtId: access.menteeDistrictId },
    });
  });
}

/** Opens a matched request again; a teacher who has asked anew meanwhile keeps their new request. */
async function reopenRequest(tx: Tx, requestId: string): Promise<void> {
  try {
    await tx.transaction(async (sp) => {
      if (!(await q.setRequestStatus(sp, requestId, 'open', ['matched', 'open'])))
        throw new ConflictError('The teacher withdrew this request.');
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('This teacher has another open request already.');
    throw error;
  }
}

async function endAccepted(tx: Tx, actor: Actor, access: MentorshipAccess, reason: string) {
  if (
    !(await q.setMentorshipStatus(tx, access.id, 'ended', ['active', 'awaiting_approval'], actor.userId, {
      end: true,
      reason,
    }))
  )
    throw new ConflictError('This mentorship has ended already.');
  const other =
    access.pair === 'mentee' ? access.mentorId : access.pair === 'mentor' ? access.menteeId : null;
  await recordActivity(tx, {
    actor,
    verb: ENDED,
    object: { type: MENTORSHIP_OBJECT, id: access.id, name: 'Mentorship' },
    context: { districtId: access.menteeDistrictId },
    notify: [
      {
        kind: 'mentoring_ended',
        to: other ? [other] : [access.menteeId, access.mentorId],
        data: { mentorshipId: access.id },
      },
    ],
  });
}

/** Either of the pair ends the mentorship. */
export async function endMentorship(args: {
  db: Db;
  actor: Actor;
  mentorshipId: string;
  body: z.output<typeof EndMentorshipBody>;
}) {
  const { actor, mentorshipId } = args;
  await args.db.transaction(async (tx) => {
    const access = await loadMentorship(tx, actor, mentorshipId, true);
    if (!access.pair) throw new ForbiddenError('Only the mentee or the mentor may end a mentorship.');
    await endAccepted(tx, actor, access, args.body.reason);
  });
}

/**
 * A coordinator re-matches: the mentorship ends (when it still runs) and its request is open again,
 * for a new suggestion or the cohort's next matching.
 */
export async function rematchMentorship(args: {
  db: Db;
  actor: Actor;
  mentorshipId: string;
}): Promise<MentoringRequest> {
  const { actor, mentorshipId } = args;
  return args.db.transaction(async (tx) => {
    const access = await loadMentorship(tx, actor, mentorshipId, true);
    if (!abilitiesOf(access).rematch) {
      if (!access.coordinator) throw new ForbiddenError('Only a mentoring coordinator may re-match.');
      throw new ConflictError('Confirm or decline the proposal instead.');
    }
    if (access.status === 'active' || access.status === 'awaiting_approval')
      await endAccepted(tx, actor, access, 'Re-matched by a coordinator');
    await reopenRequest(tx, access.requestId);
    const request = await q.findRequest(tx, access.requestId);
    if (!request) throw new NotFoundError(NO_REQUEST);
    return request;
  });
}

// ─── The pair's space ─────────────────────────────────────────────────────────────────────────────

async function loadForWriting(tx: Tx, actor: Actor, mentorshipId: string) {
  const access = await loadMentorship(tx, actor, mentorshipId);
  if (!access.pair) throw new NotFoundError(NO_MENTORSHIP);
  if (!canWritePrivate(access)) throw new ConflictError('This mentorship is not active.');
  return access;
}

export async function addGoal(args: {
  db: Db;
  actor: Actor;
  mentorshipId: string;
  body: z.output<typeof GoalBody>;
}) {
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    await loadForWriting(tx, args.actor, args.mentorshipId);
    await q.insertGoal(tx, {
      id,
      mentorshipId: args.mentorshipId,
      title: args.body.title,
      by: args.actor.userId,
    });
  });
  return id;
}

export async function updateGoal(args: {
  db: Db;
  actor: Actor;
  mentorshipId: string;
  goalId: string;
  done: boolean;
}) {
  await args.db.transaction(async (tx) => {
    await loadForWriting(tx, args.actor, args.mentorshipId);
    if (!(await q.setGoalDone(tx, args.mentorshipId, args.goalId, args.done)))
      throw new NotFoundError('No such goal.');
  });
}

/**
 * One of the pair logs a meeting: its notes stay the pair's; its length goes to both learning logs,
 * the mentor's as mentoring given and the mentee's as mentoring received (decision 090).
 */
export async function logMeeting(args: {
  db: Db;
  actor: Actor;
  mentorshipId: string;
  body: z.output<typeof MeetingBody>;
}): Promise<string> {
  const { actor, body, mentorshipId } = args;
  const today = new Date().toISOString().slice(0, 10);
  if (body.heldOn > today) throw invalidField('/body/heldOn', 'must not be in the future');
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    const access = await loadForWriting(tx, actor, mentorshipId);
    await q.insertMeeting(tx, { id, mentorshipId, ...body, by: actor.userId });
    const [mentor, mentee] = await Promise.all([
      q.personContext(tx, access.mentorId),
      q.personContext(tx, access.menteeId),
    ]);
    const object = { type: MEETING_OBJECT, id, name: `Mentoring meeting on ${body.heldOn}` };
    const result = { duration: `PT${body.minutes}M`, completion: true };
    const context = { extensions: { 'https://trellis.dev/xapi/extensions/mentorship': mentorshipId } };
    for (const [person, verb] of [
      [mentor, MENTORED],
      [mentee, RECEIVED_MENTORING],
    ] as const)
      if (person)
        await recordActivity(tx, {
          actor: {
            userId: person.userId,
            name: person.name,
            districtId: person.districtId,
            schoolId: person.schoolId,
          },
          verb,
          object,
          result,
          context,
        });
  });
  return id;
}

export async function addCheckIn(args: {
  db: Db;
  actor: Actor;
  mentorshipId: string;
  body: z.output<typeof CheckInBody>;
}): Promise<string> {
  const id = uuidv7();
  await args.db.transaction(async (tx) => {
    await loadForWriting(tx, args.actor, args.mentorshipId);
    await q.insertCheckIn(tx, {
      id,
      mentorshipId: args.mentorshipId,
      authorId: args.actor.userId,
      rating: args.body.rating,
      body: args.body.body,
    });
  });
  return id;
}

// ─── The coordinator's view ───────────────────────────────────────────────────────────────────────

/** Open requests, pairs with whether they meet (never what they wrote), mentors' load, approvals. */
export async function getCoordinatorView(args: { db: Db; actor: Actor }): Promise<CoordinatorView> {
  const { db, actor } = args;
  if (!isCoordinator(actor)) throw new ForbiddenError('Only a mentoring coordinator may see this.');
  const [openRequests, pairs, mentors, awaitingApproval] = await Promise.all([
    q.listCoordinatedOpenRequests(db, actor),
    q.listPairOverviews(db, actor),
    q.listMentorLoads(db, actor),
    isApprover(actor, actor.districtId) ? q.listAwaitingApproval(db, actor.districtId) : [],
  ]);
  return {
    openRequests: openRequests.map(({ menteeId: _m, districtId: _d, ...r }) => r),
    pairs,
    mentors,
    awaitingApproval,
  };
}

/**
 * Tells the coordinators (the mentee's district's administrators) of each pair with no meeting in 30
 * days, once per stall: a meeting ends it, and a later quiet is told again. Never the pair's notes.
 */
export async function tellStalledPairs(db: Db): Promise<number> {
  let told = 0;
  for (const pair of await q.listStalledPairs(db)) {
    told += await db.transaction(async (tx) => {
      const key = { mentorshipId: pair.id, since: pair.since };
      const already = new Set(await peopleTold(tx, 'mentoring_stalled', key));
      const to = (await q.districtAdmins(tx, pair.mentee_district_id)).filter((id) => !already.has(id));
      if (to.length === 0) return 0;
      await recordActivity(tx, {
        actor: null,
        verb: STALLED,
        object: { type: MENTORSHIP_OBJECT, id: pair.id, name: 'Mentorship' },
        context: { districtId: pair.mentee_district_id },
        notify: [
          {
            kind: 'mentoring_stalled',
            to,
            data: { ...key, menteeName: pair.mentee_name, mentorName: pair.mentor_name },
          },
        ],
      });
      return to.length;
    });
  }
  return told;
}
