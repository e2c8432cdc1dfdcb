/**
 * OneRoster staff import: a dry run that stores a plan, and the apply that carries it out in one
 * transaction. Applying recomputes the plan against the database first and refuses a stale one, so
 * what the admin previewed is exactly what happens.
 */
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { refreshProfileSearch } from '#server/features/profiles/index.ts';
import { memberships, organizations, profiles, rosterImports, users } from '#server/db/schema.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { type Actor, endOtherSessions } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { ConflictError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import {
  type RosterCounts,
  type RosterImportDetail,
  type RosterImportSummary,
  RosterPlan,
  type RosterSchoolPlan,
  type RosterUserPlan,
} from '#shared/contracts/roster.ts';
import { type RosterBundle, type RosterSchool, type RosterStaff, UNUSABLE_EMAIL } from './roster-parse.ts';
import { SCHOOL_MEMBERSHIP_ROLE } from './school-membership-queries.ts';
import { setPersonSchools } from './school-membership-service.ts';

/** What a plan is computed from: the parsed bundle, or the desired state kept in a stored plan. */
export type PlanInput = Pick<
  RosterBundle,
  'manifest' | 'district' | 'schools' | 'staff' | 'rejected' | 'studentsAndGuardiansSkipped'
> & {
  oneRosterVersion?: RosterBundle['oneRosterVersion'];
  /** Absent from plans stored before bulk deactivation existed: those deactivate no one missing. */
  listedSourcedIds?: string[];
};

const CHUNK = 500;
const chunks = <T>(items: T[], size = CHUNK): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Compares a roster with the district as it stands and says what importing it would do. */
export async function computePlan(tx: Tx, actor: Actor, input: PlanInput): Promise<RosterPlan> {
  const districtId = actor.districtId;

  // Schools: matched by sourcedId; a school created by hand with the same name is linked, not duplicated.
  const existingSchools = await tx
    .select({
      id: organizations.id,
      name: organizations.name,
      sourcedId: organizations.sourcedId,
      archivedAt: organizations.archivedAt,
    })
    .from(organizations)
    .where(and(eq(organizations.kind, 'school'), eq(organizations.districtId, districtId)));
  const schoolBySourced = new Map(existingSchools.filter((s) => s.sourcedId).map((s) => [s.sourcedId!, s]));
  const unlinkedByName = new Map(
    existingSchools
      .filter((s) => !s.sourcedId && !s.archivedAt)
      .map((s) => [s.name.trim().toLowerCase(), s] as const),
  );
  const schoolPlans: RosterSchoolPlan[] = input.schools.map((school: RosterSchool) => {
    const base = { row: school.row, sourcedId: school.sourcedId, name: school.name, active: school.active };
    const match = schoolBySourced.get(school.sourcedId);
    if (!school.active)
      return {
        ...base,
        action: 'skip',
        schoolId: match?.id ?? null,
        changes: [],
        reason: match
          ? 'Marked tobedeleted: archive schools on the Schools page, where their staff can be moved first.'
          : 'Marked tobedeleted and not in Trellis.',
      };
    if (match) {
      const changes = match.name === school.name ? [] : ['name'];
      return {
        ...base,
        action: changes.length ? 'update' : 'unchanged',
        schoolId: match.id,
        changes,
        reason: null,
      };
    }
    const byName = unlinkedByName.get(school.name.trim().toLowerCase());
    if (byName) {
      unlinkedByName.delete(school.name.trim().toLowerCase());
      const changes = byName.name === school.name ? ['sourcedId'] : ['sourcedId', 'name'];
      return { ...base, action: 'update', schoolId: byName.id, changes, reason: null };
    }
    return { ...base, action: 'create', schoolId: null, changes: [], reason: null };
  });
  const plannedSchool = new Map(schoolPlans.map((s) => [s.sourcedId, s]));
  // The district's own org: a delta's district-level roles may name it without carrying it.
  const [districtRow] = await tx
    .select({ sourcedId: organizations.sourcedId })
    .from(organizations)
    .where(eq(organizations.id, districtId));
  const districtSourcedId = input.district?.sourcedId ?? districtRow?.sourcedId ?? null;

  // Staff: matched by sourcedId, else by email among the district's accounts not yet linked to the roster.
  const districtUsers = await tx
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      sourcedId: users.sourcedId,
      schoolId: profiles.schoolId,
      hasProfile: sql<boolean>`${profiles.userId} is not null`,
    })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.districtId, districtId));
  const userBySourced = new Map(districtUsers.filter((u) => u.sourcedId).map((u) => [u.sourcedId!, u]));
  // Each person's schools today, main school first: school memberships and the profile's main school.
  const schoolRows = await tx.execute<{ user_id: string; school_id: string }>(sql`
    select m.user_id, m.organization_id as school_id from memberships m
      join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
     where u.district_id = ${districtId} and o.kind = 'school'`);
  const schoolsOf = new Map<string, Set<string>>();
  for (const r of schoolRows.rows) {
    if (!schoolsOf.has(r.user_id)) schoolsOf.set(r.user_id, new Set());
    schoolsOf.get(r.user_id)!.add(r.school_id);
  }
  const currentSchools = (u: { id: string; schoolId: string | null }) => {
    const all = new Set(schoolsOf.get(u.id) ?? []);
    if (u.schoolId) all.add(u.schoolId);
    return { main: u.schoolId, all };
  };
  const districtUserByEmail = new Map(districtUsers.map((u) => [u.email.toLowerCase(), u]));
  const roleRows = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.organizationId, districtId));
  const rolesOf = new Map<string, Set<string>>();
  for (const r of roleRows) {
    if (!rolesOf.has(r.userId)) rolesOf.set(r.userId, new Set());
    rolesOf.get(r.userId)!.add(r.role);
  }
  // Addresses already taken anywhere in Trellis (sign-in emails are unique across districts).
  const takenEmail = new Map<string, string>();
  for (const batch of chunks(input.staff.map((s) => s.email))) {
    const rows = await tx
      .select({ id: users.id, email: sql<string>`lower(${users.email})` })
      .from(users)
      .where(inArray(sql`lower(${users.email})`, batch));
    for (const r of rows) takenEmail.set(r.email, r.id);
  }

  /** A school the roster names, from the bundle (unless skipped) or, in a delta, one Trellis already holds. */
  const rosterSchool = (sourcedId: string) => {
    const planned = plannedSchool.get(sourcedId);
    if (planned) return planned.action === 'skip' ? null : { id: planned.schoolId, name: planned.name };
    const held = schoolBySourced.get(sourcedId);
    return held && !held.archivedAt ? { id: held.id, name: held.name } : null;
  };
  const claimed = new Map<string, number>();
  const userPlans: RosterUserPlan[] = input.staff.map((person: RosterStaff) => {
    const wanted = person.schoolSourcedIds ?? (person.schoolSourcedId ? [person.schoolSourcedId] : null);
    const placed = wanted?.filter((id) => rosterSchool(id) !== null) ?? null;
    const base = {
      row: person.row,
      sourcedId: person.sourcedId,
      name: person.name,
      email: person.email,
      role: person.role,
      schoolSourcedId: placed?.[0] ?? null,
      schoolName: placed?.length ? rosterSchool(placed[0])!.name : null,
      schoolSourcedIds: placed,
      schoolNames: placed?.map((id) => rosterSchool(id)!.name) ?? [],
      orgsOutsideBundle: person.orgsOutsideBundle ?? [],
      active: person.active,
    };
    const skip = (reason: string, userId: string | null = null): RosterUserPlan => ({
      ...base,
      action: 'skip',
      userId,
      changes: [],
      reason,
    });
    let match = userBySourced.get(person.sourcedId);
    let linking = false;
    if (!match) {
      const byEmail = districtUserByEmail.get(person.email);
      if (byEmail && !byEmail.sourcedId) {
        match = byEmail;
        linking = true;
      }
    }
    if (match) {
      const earlier = claimed.get(match.id);
      if (earlier !== undefined) return skip(`Matches the same Trellis account as line ${earlier}.`);
      claimed.set(match.id, person.row);
    }
    // A delta may name orgs it does not carry: Trellis must hold them (a school it imported before).
    const unknown = (person.orgsOutsideBundle ?? []).filter(
      (id) => !schoolBySourced.has(id) && id !== districtSourcedId,
    );
    if (unknown.length)
      return skip(
        `Names ${unknown.length === 1 ? 'an org' : 'orgs'} neither in orgs.csv nor in Trellis: ${unknown.join(', ').slice(0, 200)}.`,
        match?.id ?? null,
      );
    if (!person.active) {
      if (!match) return skip('Marked tobedeleted or disabled, and not in Trellis.');
      if (match.id === actor.userId)
        return skip('Your own account is not deactivated by an import.', match.id);
      if (match.status === 'deactivated')
        return { ...base, action: 'unchanged', userId: match.id, changes: [], reason: null };
      return { ...base, action: 'deactivate', userId: match.id, changes: ['status'], reason: null };
    }
    const owner = takenEmail.get(person.email);
    // Whose account holds the address is not the importer's to learn (it may be another district's):
    // the row reads exactly like any other address that cannot be used.
    if (owner && owner !== match?.id) return skip(UNUSABLE_EMAIL);
    if (!match) return { ...base, action: 'create', userId: null, changes: [], reason: null };
    // An import never reactivates someone a district admin deactivated in Trellis.
    if (match.status === 'deactivated')
      return skip('Deactivated in Trellis: reactivate the account on the People page first.', match.id);
    const changes: string[] = [];
    if (linking) changes.push('sourcedId');
    if (match.name !== person.name) changes.push('name');
    if (match.email.toLowerCase() !== person.email) changes.push('email');
    // Roles are only ever added: roles given in Trellis (a coach, an assessor) survive every import.
    if (!rolesOf.get(match.id)?.has(person.role)) changes.push('role');
    // The roster decides a rostered person's schools (a bundle that says nothing of them leaves them be).
    if (placed !== null) {
      const ids = placed.map((id) => rosterSchool(id)!.id);
      const now = currentSchools(match);
      const differs =
        ids.some((id) => id === null) ||
        ids.length !== now.all.size ||
        ids.some((id) => !now.all.has(id!)) ||
        (ids[0] ?? null) !== now.main;
      if (!match.hasProfile || differs) changes.push('school');
    } else if (!match.hasProfile) changes.push('school');
    return {
      ...base,
      action: changes.length ? 'update' : 'unchanged',
      userId: match.id,
      changes,
      reason: null,
    };
  });

  // A bulk users.csv is the whole staff: rostered people it no longer lists are deactivated, on confirmation.
  const notes: string[] = [];
  if (input.manifest.users === 'bulk' && input.listedSourcedIds) {
    const listed = new Set(input.listedSourcedIds);
    const missing = districtUsers.filter(
      (u) =>
        u.sourcedId &&
        !listed.has(u.sourcedId) &&
        !claimed.has(u.id) &&
        u.status === 'active' &&
        u.id !== actor.userId,
    );
    const unreadable = input.rejected.some((r) => (r.file === 'users' || r.file === 'roles') && !r.sourcedId);
    if (missing.length && unreadable)
      notes.push(
        `${missing.length} rostered ${missing.length === 1 ? 'person is' : 'people are'} not in users.csv, but some rows could not be read: no one is deactivated until those rows are fixed.`,
      );
    else
      for (const u of missing)
        userPlans.push({
          row: 0,
          sourcedId: u.sourcedId!,
          name: u.name,
          email: u.email,
          role: rolesOf.get(u.id)?.has('district_admin') ? 'district_admin' : 'teacher',
          schoolSourcedId: null,
          schoolName: null,
          active: false,
          absent: true,
          action: 'deactivate',
          userId: u.id,
          changes: ['status'],
          reason: 'No longer in users.csv, which the manifest sends in bulk (the whole staff).',
        });
  }

  const counts: RosterCounts = {
    schools: { create: 0, update: 0, unchanged: 0, skip: 0 },
    users: { create: 0, update: 0, unchanged: 0, deactivate: 0, skip: 0 },
    rejected: input.rejected.length,
    studentsAndGuardiansSkipped: input.studentsAndGuardiansSkipped,
  };
  for (const s of schoolPlans) counts.schools[s.action] += 1;
  for (const u of userPlans) counts.users[u.action] += 1;
  return {
    version: 1,
    oneRosterVersion: input.oneRosterVersion,
    manifest: input.manifest,
    district: input.district,
    schools: schoolPlans,
    users: userPlans,
    rejected: input.rejected,
    listedSourcedIds: input.listedSourcedIds,
    notes,
    counts,
  };
}

/** The desired state a stored plan was computed from, to recompute it against today's database. */
function inputFromPlan(plan: RosterPlan): PlanInput {
  return {
    oneRosterVersion: plan.oneRosterVersion,
    manifest: { roles: 'absent', ...plan.manifest },
    listedSourcedIds: plan.listedSourcedIds,
    district: plan.district,
    schools: plan.schools.map((s) => ({
      row: s.row,
      sourcedId: s.sourcedId,
      name: s.name,
      active: s.active,
    })),
    staff: plan.users
      .filter((u) => !u.absent)
      .map((u) => ({
        row: u.row,
        sourcedId: u.sourcedId,
        name: u.name,
        email: u.email,
        role: u.role,
        schoolSourcedId: u.schoolSourcedId,
        schoolSourcedIds: u.schoolSourcedIds === undefined ? null : u.schoolSourcedIds,
        orgsOutsideBundle: u.orgsOutsideBundle ?? [],
        active: u.active,
      })),
    rejected: plan.rejected,
    studentsAndGuardiansSkipped: plan.counts.studentsAndGuardiansSkipped,
  };
}

/** The decisions of a plan, without its descriptive text: two plans that agree here do the same thing. */
const decisions = (plan: RosterPlan) =>
  JSON.stringify([
    plan.schools.map((s) => [s.sourcedId, s.action, s.schoolId, s.changes]),
    plan.users.map((u) => [u.sourcedId, u.action, u.userId, u.changes]),
  ]);

type ImportRow = typeof rosterImports.$inferSelect;

function present(row: ImportRow, actorName: string, plan: RosterPlan): RosterImportDetail {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    appliedAt: row.appliedAt?.toISOString() ?? null,
    actor: { id: row.actorId, name: actorName },
    counts: plan.counts,
    plan,
  };
}

/** Computes the dry-run plan for a parsed roster and stores it; nothing else in Trellis changes. */
export async function previewRosterImport(args: {
  db: Db;
  actor: Actor;
  bundle: RosterBundle;
  fileSha256: string;
}): Promise<RosterImportDetail> {
  const { db, actor } = args;
  return db.transaction(async (tx) => {
    const plan = await computePlan(tx, actor, args.bundle);
    const [row] = await tx
      .insert(rosterImports)
      .values({ districtId: actor.districtId, actorId: actor.userId, fileSha256: args.fileSha256, plan })
      .returning();
    return present(row, actor.name, plan);
  });
}

async function loadImport(tx: Tx, actor: Actor, id: string, lock: boolean) {
  const query = tx
    .select({ row: rosterImports, actorName: users.name })
    .from(rosterImports)
    .innerJoin(users, eq(users.id, rosterImports.actorId))
    .where(and(eq(rosterImports.id, id), eq(rosterImports.districtId, actor.districtId)));
  const [found] = lock ? await query.for('update', { of: rosterImports }) : await query;
  if (!found) throw new NotFoundError('No such roster import in your district.');
  return found;
}

/** One stored import with its plan. */
export async function getRosterImport(args: {
  db: Db;
  actor: Actor;
  id: string;
}): Promise<RosterImportDetail> {
  const { row, actorName } = await loadImport(args.db, args.actor, args.id, false);
  return present(row, actorName, RosterPlan.parse(row.plan));
}

/** Recent imports of the caller's district, newest first. */
export async function listRosterImports(args: {
  db: Db;
  actor: Actor;
  cursor?: string;
  limit: number;
}): Promise<{ data: RosterImportSummary[]; nextCursor: string | null }> {
  const { db, actor, limit } = args;
  // Ids are UUIDv7, so their order is creation order and they serve as the cursor.
  const cursor = args.cursor && /^[0-9a-f-]{36}$/i.test(args.cursor) ? args.cursor : undefined;
  const rows = await db
    .select({
      id: rosterImports.id,
      createdAt: rosterImports.createdAt,
      appliedAt: rosterImports.appliedAt,
      actorId: rosterImports.actorId,
      actorName: users.name,
      counts: sql<RosterCounts>`${rosterImports.plan}->'counts'`,
    })
    .from(rosterImports)
    .innerJoin(users, eq(users.id, rosterImports.actorId))
    .where(
      and(eq(rosterImports.districtId, actor.districtId), cursor ? lt(rosterImports.id, cursor) : undefined),
    )
    .orderBy(desc(rosterImports.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    data: page.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      appliedAt: r.appliedAt?.toISOString() ?? null,
      actor: { id: r.actorId, name: r.actorName },
      counts: r.counts,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
  };
}

/**
 * Carries out a previewed plan in one transaction: schools, then staff (created without a password;
 * they set one through "forgot password" or sign in with single sign-on), with the audit entry and
 * the statement. Refuses a plan already applied, or one the database has moved away from.
 */
export async function applyRosterImport(args: {
  db: Db;
  actor: Actor;
  id: string;
  /** The admin confirms deactivating the people a bulk users.csv no longer lists. */
  deactivateMissing?: boolean;
}): Promise<RosterImportDetail> {
  const { db, actor } = args;
  const districtId = actor.districtId;
  return db.transaction(async (tx) => {
    const { row, actorName } = await loadImport(tx, actor, args.id, true);
    if (row.appliedAt) throw new ConflictError('This import has already been applied.');
    const stored = RosterPlan.parse(row.plan);
    const plan = await computePlan(tx, actor, inputFromPlan(stored));
    if (decisions(plan) !== decisions(stored))
      throw new ConflictError(
        'Trellis has changed since this preview was made; upload the files again for a fresh preview.',
      );
    const missing = plan.users.filter((u) => u.absent && u.action === 'deactivate').length;
    if (missing && args.deactivateMissing !== true)
      throw invalidField(
        '/body/deactivateMissing',
        `must be true to confirm deactivating the ${missing} ${missing === 1 ? 'person' : 'people'} the roster no longer lists`,
      );
    await applyPlan(tx, actor, plan, 'roster-import');

    const [applied] = await tx
      .update(rosterImports)
      .set({ appliedAt: new Date() })
      .where(and(eq(rosterImports.id, row.id), isNull(rosterImports.appliedAt)))
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'roster.imported',
      target: { type: 'roster-import', id: row.id },
      districtId,
      details: { counts: plan.counts, fileSha256: row.fileSha256 },
    });
    await recordActivity(tx, {
      actor,
      verb: 'imported',
      object: { type: 'roster-import', id: row.id, name: 'OneRoster staff import' },
      context: {
        districtId,
        schoolId: null,
        extensions: { 'https://trellis.dev/xapi/extensions/roster-counts': plan.counts },
      },
    });
    return present(applied, actorName, plan);
  });
}

/**
 * Carries out a computed plan inside the caller's transaction: schools, then staff (created without
 * a password; they set one through "forgot password" or sign in with single sign-on). The CSV import
 * and the OneRoster REST sync both apply their plans here, so the two cannot drift apart.
 */
export async function applyPlan(
  tx: Tx,
  actor: Actor,
  plan: RosterPlan,
  source: 'roster-import' | 'roster-sync',
): Promise<void> {
  const districtId = actor.districtId;
  // Remembered so that later deltas may name the district's org without carrying it.
  if (plan.district)
    await tx
      .update(organizations)
      .set({ sourcedId: plan.district.sourcedId })
      .where(and(eq(organizations.id, districtId), isNull(organizations.sourcedId)));

  for (const school of plan.schools) {
    if (school.action === 'create')
      await tx
        .insert(organizations)
        .values({ kind: 'school', name: school.name, districtId, sourcedId: school.sourcedId });
    else if (school.action === 'update')
      await tx
        .update(organizations)
        .set({ name: school.name, sourcedId: school.sourcedId })
        .where(and(eq(organizations.id, school.schoolId!), eq(organizations.districtId, districtId)));
  }
  const schoolRows = await tx
    .select({ id: organizations.id, sourcedId: organizations.sourcedId })
    .from(organizations)
    .where(and(eq(organizations.kind, 'school'), eq(organizations.districtId, districtId)));
  const schoolIdOf = new Map(schoolRows.filter((s) => s.sourcedId).map((s) => [s.sourcedId!, s.id]));
  // The plan only names schools the roster places people at (in the bundle, or already in Trellis).
  const schoolsFor = (u: RosterUserPlan): string[] | null => {
    const ids =
      u.schoolSourcedIds === undefined
        ? u.schoolSourcedId
          ? [u.schoolSourcedId]
          : null
        : u.schoolSourcedIds;
    return ids === null ? null : ids.map((id) => schoolIdOf.get(id)).filter((id): id is string => !!id);
  };
  const schoolFor = (u: RosterUserPlan) => schoolsFor(u)?.[0] ?? null;

  const searchable: string[] = [];
  const created = plan.users.filter((u) => u.action === 'create');
  for (const batch of chunks(created)) {
    const inserted = await tx
      .insert(users)
      .values(
        batch.map((u) => ({
          email: u.email,
          name: u.name,
          districtId,
          sourcedId: u.sourcedId,
          passwordHash: null,
        })),
      )
      .returning({ id: users.id, sourcedId: users.sourcedId });
    const idOf = new Map(inserted.map((r) => [r.sourcedId!, r.id]));
    searchable.push(...inserted.map((r) => r.id));
    await tx
      .insert(memberships)
      .values(
        batch.map((u) => ({ userId: idOf.get(u.sourcedId)!, organizationId: districtId, role: u.role })),
      );
    await tx
      .insert(profiles)
      .values(batch.map((u) => ({ userId: idOf.get(u.sourcedId)!, schoolId: schoolFor(u) })));
    const schoolMemberships = batch.flatMap((u) =>
      (schoolsFor(u) ?? []).map((organizationId) => ({
        userId: idOf.get(u.sourcedId)!,
        organizationId,
        role: SCHOOL_MEMBERSHIP_ROLE,
      })),
    );
    if (schoolMemberships.length) await tx.insert(memberships).values(schoolMemberships);
  }

  for (const u of plan.users) {
    if (u.action === 'deactivate') {
      await tx
        .update(users)
        .set({ status: 'deactivated', updatedAt: new Date() })
        .where(and(eq(users.id, u.userId!), eq(users.districtId, districtId)));
      await endOtherSessions(tx, u.userId!);
      continue;
    }
    if (u.action !== 'update') continue;
    const userId = u.userId!;
    searchable.push(userId);
    const fields: Partial<typeof users.$inferInsert> = {};
    if (u.changes.includes('name')) fields.name = u.name;
    if (u.changes.includes('email')) fields.email = u.email;
    if (u.changes.includes('sourcedId')) fields.sourcedId = u.sourcedId;
    if (Object.keys(fields).length)
      await tx
        .update(users)
        .set({ ...fields, updatedAt: new Date() })
        .where(and(eq(users.id, userId), eq(users.districtId, districtId)));
    if (u.changes.includes('role')) {
      await tx
        .insert(memberships)
        .values({ userId, organizationId: districtId, role: u.role })
        .onConflictDoNothing();
      // A new role means new powers: the person's sessions rotate, as on any role change.
      await endOtherSessions(tx, userId);
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'user.role_added',
        target: { type: 'user', id: userId },
        districtId,
        details: { role: u.role, source },
      });
    }
    if (u.changes.includes('school')) {
      const schoolIds = schoolsFor(u);
      await tx.insert(profiles).values({ userId }).onConflictDoNothing();
      // The roster decides a rostered person's schools, over any change made by hand.
      if (schoolIds !== null)
        await setPersonSchools(tx, {
          actorId: actor.userId,
          districtId,
          userId,
          schoolIds,
          source,
        });
    }
  }

  // Names and schools are part of what the directory searches.
  for (const batch of chunks(searchable, 2_000)) await refreshProfileSearch(tx, batch);
}
