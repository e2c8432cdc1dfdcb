/**
 * Which schools a person belongs to. A school is an assignment, not a profile choice: the roster
 * decides for rostered staff (every import overrides changes made by hand), a district admin for
 * everyone else, and a person may ask for a change that a district admin approves or declines.
 * School-only resources, home shares and the school audience follow every school a person belongs to.
 */
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { refreshProfileSearch } from '#server/features/profiles/index.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { ConflictError, ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import type {
  OwnSchools,
  PersonSchools,
  SchoolChangeRequest,
  SchoolChangeRequestBody,
} from '#shared/contracts/school-membership.ts';
import { canAdministerDistrict } from './admin-policy.ts';
import * as q from './school-membership-queries.ts';

function administeredDistrict(actor: Actor): string {
  if (!canAdministerDistrict(actor, actor.districtId))
    throw new ForbiddenError('Only district administrators may do this.');
  return actor.districtId;
}

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/** Checks that every id is an open school of the district; names the first one that is not. */
async function openSchoolsOrInvalid(tx: Tx, districtId: string, ids: string[], field: string) {
  const open = new Set((await q.findOpenSchools(tx, districtId, ids)).map((s) => s.id));
  const bad = ids.findIndex((id) => !open.has(id));
  if (bad >= 0) throw invalidField(`${field}/${bad}`, 'is not an open school of your district');
}

/**
 * Makes these schools the person's schools (the first their main one), with the directory's search
 * vectors and the audit entry, inside the caller's transaction. The roster import calls this too.
 */
export async function setPersonSchools(
  tx: Tx,
  args: {
    actorId: string;
    districtId: string;
    userId: string;
    schoolIds: string[];
    source: 'admin' | 'request' | 'roster-import' | 'roster-sync';
  },
): Promise<void> {
  const before = await q.findPersonSchools(tx, { districtId: args.districtId, userId: args.userId });
  if (!before) throw new NotFoundError('No such staff member.');
  const same =
    before.schools.length === args.schoolIds.length &&
    before.schools.every((s, i) => s.id === args.schoolIds[i]);
  if (same) return;
  await q.replaceSchoolMemberships(tx, { userId: args.userId, schoolIds: args.schoolIds });
  // School names are part of what the directory searches for each person.
  await refreshProfileSearch(tx, [args.userId]);
  const names = await q.namedSchools(tx, args.schoolIds);
  await recordAudit(tx, {
    actorId: args.actorId,
    action: 'user.schools_changed',
    target: { type: 'user', id: args.userId },
    districtId: args.districtId,
    details: {
      from: before.schools.map((s) => s.name),
      to: args.schoolIds.map((id) => names.get(id) ?? id),
      source: args.source,
    },
  });
}

/** A district admin assigns a person of their district to schools (none: district-wide). */
export async function assignSchools(args: {
  db: Db;
  actor: Actor;
  userId: string;
  schoolIds: string[];
}): Promise<PersonSchools> {
  const districtId = administeredDistrict(args.actor);
  return args.db.transaction(async (tx) => {
    const person = await q.findPersonSchools(tx, { districtId, userId: args.userId, forUpdate: true });
    if (!person) throw new NotFoundError('No such staff member.');
    await openSchoolsOrInvalid(tx, districtId, args.schoolIds, '/body/schoolIds');
    await setPersonSchools(tx, {
      actorId: args.actor.userId,
      districtId,
      userId: person.id,
      schoolIds: args.schoolIds,
      source: 'admin',
    });
    const after = await q.findPersonSchools(tx, { districtId, userId: person.id });
    return { userId: person.id, schools: after?.schools ?? [], rostered: person.rostered };
  });
}

async function presentRequest(tx: Tx, row: q.SchoolRequestRow): Promise<SchoolChangeRequest> {
  const names = await q.namedSchools(tx, row.school_ids);
  return {
    id: row.id,
    person: { id: row.user_id, name: row.user_name },
    schools: row.school_ids.map((id) => ({ id, name: names.get(id) ?? 'A school no longer in Trellis' })),
    currentSchools: row.current_schools,
    note: row.note,
    status: row.status,
    createdAt: iso(row.created_at),
    decidedAt: row.decided_at === null ? null : iso(row.decided_at),
  };
}

/** One's own schools, whether the roster sets them, and one's latest request. */
export async function getOwnSchools(args: { db: Db; actor: Actor }): Promise<OwnSchools> {
  const { db, actor } = args;
  const person = await q.findPersonSchools(db, { districtId: actor.districtId, userId: actor.userId });
  if (!person) throw new NotFoundError('No such person.');
  const latest = await q.findLatestRequest(db, actor.userId);
  return {
    schools: person.schools,
    rostered: person.rostered,
    request: latest && latest.status !== 'withdrawn' ? await presentRequest(db, latest) : null,
  };
}

const ROSTERED = 'Your schools come from your district’s roster; ask your district to change them there.';

/** A person asks to belong to other schools; a pending request of theirs is replaced. */
export async function requestSchoolChange(args: {
  db: Db;
  actor: Actor;
  body: SchoolChangeRequestBody;
}): Promise<SchoolChangeRequest> {
  const { db, actor, body } = args;
  return db.transaction(async (tx) => {
    const person = await q.findPersonSchools(tx, {
      districtId: actor.districtId,
      userId: actor.userId,
      forUpdate: true,
    });
    if (!person) throw new NotFoundError('No such person.');
    if (person.rostered) throw new ConflictError(ROSTERED);
    await openSchoolsOrInvalid(tx, actor.districtId, body.schoolIds, '/body/schoolIds');
    const same =
      person.schools.length === body.schoolIds.length &&
      person.schools.every((s, i) => s.id === body.schoolIds[i]);
    if (same) throw invalidField('/body/schoolIds', 'are already your schools');
    await q.withdrawPendingRequest(tx, actor.userId);
    const id = uuidv7();
    await q.insertRequest(tx, {
      id,
      userId: actor.userId,
      districtId: actor.districtId,
      schoolIds: body.schoolIds,
      note: body.note || null,
    });
    const row = await q.findRequest(tx, { districtId: actor.districtId, id });
    if (!row) throw new NotFoundError('No such request.');
    return presentRequest(tx, row);
  });
}

/** The district's pending requests, oldest first, for its administrators. */
export async function listSchoolChangeRequests(args: {
  db: Db;
  actor: Actor;
}): Promise<SchoolChangeRequest[]> {
  const districtId = administeredDistrict(args.actor);
  const found = await q.listPendingRequests(args.db, districtId);
  return Promise.all(found.map((row) => presentRequest(args.db, row)));
}

/** A district admin approves a pending request (the person's schools become the ones asked for) or declines it. */
export async function decideSchoolChangeRequest(args: {
  db: Db;
  actor: Actor;
  id: string;
  approve: boolean;
}): Promise<SchoolChangeRequest> {
  const districtId = administeredDistrict(args.actor);
  return args.db.transaction(async (tx) => {
    const row = await q.findRequest(tx, { districtId, id: args.id, forUpdate: true });
    if (!row) throw new NotFoundError('No such request.');
    if (row.status !== 'pending') throw new ConflictError(`This request was already ${row.status}.`);
    if (args.approve) {
      const person = await q.findPersonSchools(tx, { districtId, userId: row.user_id, forUpdate: true });
      if (!person) throw new NotFoundError('No such staff member.');
      if (person.rostered)
        throw new ConflictError('This person’s schools come from the roster; change them there.');
      const open = new Set((await q.findOpenSchools(tx, districtId, row.school_ids)).map((s) => s.id));
      if (row.school_ids.some((id) => !open.has(id)))
        throw new ConflictError('A school in this request has been archived since; decline it instead.');
      await setPersonSchools(tx, {
        actorId: args.actor.userId,
        districtId,
        userId: row.user_id,
        schoolIds: row.school_ids,
        source: 'request',
      });
    } else {
      await recordAudit(tx, {
        actorId: args.actor.userId,
        action: 'user.school_request_declined',
        target: { type: 'user', id: row.user_id },
        districtId,
      });
    }
    await q.decideRequest(tx, {
      id: row.id,
      status: args.approve ? 'approved' : 'declined',
      decidedBy: args.actor.userId,
    });
    const decided = await q.findRequest(tx, { districtId, id: row.id });
    if (!decided) throw new NotFoundError('No such request.');
    return presentRequest(tx, decided);
  });
}
