import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { refreshCommunitySearch } from '#server/features/communities/queries.ts';
import { recordStatement } from '#server/platform/statements.ts';

/** The demo network's name (see demo.ts); nothing is seeded in a database without it. */
const NETWORK = 'High Plains Rural Learning Network';

interface DemoCommunity {
  name: string;
  kind: 'plc' | 'learning_network' | 'improvement_community' | 'lesson_study' | 'cohort';
  /** The owner: the network, a district or a school, by name. */
  owner: { kind: 'network' } | { kind: 'district'; name: string } | { kind: 'school'; name: string };
  joinPolicy: 'open' | 'request' | 'invitation';
  purpose: string;
  studentFocus: string;
  subjects: string[];
  gradeBands: string[];
  /** Who facilitates and belongs: SQL conditions on `u` (users), `p` (profiles) and `d` (the district). */
  facilitator: ReturnType<typeof sql>;
  members: ReturnType<typeof sql>;
  memberLimit: number;
  /** Who has asked to join, or been invited, and waits. */
  pending?: { status: 'requested' | 'invited'; who: ReturnType<typeof sql>; message?: string };
}

const DEMO_COMMUNITIES: DemoCommunity[] = [
  {
    name: 'Grade 5 Math Across the Plains',
    kind: 'plc',
    owner: { kind: 'network' },
    joinPolicy: 'request',
    purpose:
      'Fifth-grade math teachers from every district of the network plan, teach and compare the same fraction lessons each month.',
    studentFocus: 'Students reason about fractions as numbers on a number line, and explain why.',
    subjects: ['Mathematics'],
    gradeBands: ['3-5'],
    facilitator: sql`u.email like 'network.admin@%'`,
    members: sql`p.subjects @> array['Mathematics'] and p.grade_bands && array['3-5', '6-8']`,
    memberLimit: 9,
    pending: {
      status: 'requested',
      who: sql`d.name = 'Pine Ridge Unified' and p.subjects && array['Mathematics', 'Science']`,
      message: 'I teach a combined 4th/5th grade class in Pine Ridge and would love to plan with others.',
    },
  },
  {
    name: 'Willow Creek Literacy Network',
    kind: 'learning_network',
    owner: { kind: 'district', name: 'Willow Creek Public Schools' },
    joinPolicy: 'open',
    purpose: 'Willow Creek staff share read-alouds, writing routines and what they learn from student work.',
    studentFocus: 'Every student writes every day, for readers beyond the teacher.',
    subjects: ['English Language Arts', 'English Learners'],
    gradeBands: ['PK-2', '3-5', '6-8', '9-12'],
    facilitator: sql`d.name = 'Willow Creek Public Schools' and p.role_title = 'Instructional Coach'`,
    members: sql`d.name = 'Willow Creek Public Schools'`,
    memberLimit: 12,
  },
  {
    name: 'Cedar Hollow Fractions Lesson Study',
    kind: 'lesson_study',
    owner: { kind: 'school', name: 'Cedar Hollow Elementary' },
    joinPolicy: 'invitation',
    purpose:
      'A small team plans one research lesson on fractions, observes it taught, and revises it together.',
    studentFocus: 'Students compare fractions with unlike denominators using models they choose.',
    subjects: ['Mathematics'],
    gradeBands: ['3-5'],
    facilitator: sql`d.name = 'Cedar Hollow School District' and p.role_title = 'Instructional Coach'`,
    members: sql`d.name = 'Cedar Hollow School District' and p.school_id = (select id from organizations where name = 'Cedar Hollow Elementary')`,
    memberLimit: 4,
    pending: {
      status: 'invited',
      who: sql`d.name = 'Cedar Hollow School District' and p.role_title = 'Principal'`,
    },
  },
  {
    name: 'Rural Science Improvement Community',
    kind: 'improvement_community',
    owner: { kind: 'network' },
    joinPolicy: 'request',
    purpose:
      'Science teachers test small changes to lab routines in short cycles and share what the data say, district to district.',
    studentFocus: 'Students plan their own investigations and argue from evidence.',
    subjects: ['Science'],
    gradeBands: ['6-8', '9-12'],
    facilitator: sql`d.name = 'Red Mesa Consolidated' and p.subjects @> array['Science']`,
    members: sql`p.subjects @> array['Science']`,
    memberLimit: 8,
  },
  {
    name: 'High Plains New Teacher Cohort',
    kind: 'cohort',
    owner: { kind: 'network' },
    joinPolicy: 'open',
    purpose: 'Teachers in their first years meet mentors from across the network and talk through the week.',
    studentFocus: 'Classrooms where every student feels known and challenged.',
    subjects: [],
    gradeBands: [],
    facilitator: sql`p.open_to_mentoring and d.name = 'Granite Falls District'`,
    members: sql`p.seeking_mentor or p.open_to_mentoring`,
    memberLimit: 10,
  },
];

type Person = { id: string; name: string; district_id: string; school_id: string | null };

async function people(tx: Tx, condition: ReturnType<typeof sql>, limit: number): Promise<Person[]> {
  // Spread across districts: take people in turn from each district, in a fixed order.
  const { rows } = await tx.execute<Person>(sql`
    select id, name, district_id, school_id from (
      select u.id, u.name, u.district_id, p.school_id,
             row_number() over (partition by u.district_id order by u.email) as turn, u.email
        from users u join profiles p on p.user_id = u.id join organizations d on d.id = u.district_id
       where u.status = 'active' and ${condition}
    ) ranked
     order by turn, email
     limit ${limit}`);
  return rows;
}

/**
 * Adds the demo communities to a demo database that has none yet: a network-owned by-request PLC,
 * an open district network, an invitation-only lesson-study team and two more, with members across
 * districts, a pending request and an invitation. Recorded in the activity stream like real joins.
 * Safe to run again: a database that already has communities, or is not the demo, is left alone.
 */
export async function seedCommunitiesDemo(db: Db, publicUrl = 'https://trellis.local'): Promise<number> {
  const { rows: existing } = await db.execute<{ n: number }>(sql`select count(*)::int as n from communities`);
  if (existing[0].n > 0) return 0;
  const { rows: networks } = await db.execute<{ id: string }>(
    sql`select id from organizations where kind = 'network' and name = ${NETWORK}`,
  );
  const networkId = networks[0]?.id;
  if (!networkId) return 0;

  let created = 0;
  await db.transaction(async (tx) => {
    for (const [index, c] of DEMO_COMMUNITIES.entries()) {
      let ownerId = networkId;
      let districtId: string | null = null;
      if (c.owner.kind !== 'network') {
        const { rows } = await tx.execute<{ id: string; district_id: string | null }>(
          sql`select id, district_id from organizations where kind = ${c.owner.kind} and name = ${c.owner.name}`,
        );
        if (!rows[0]) continue;
        ownerId = rows[0].id;
        districtId = c.owner.kind === 'district' ? rows[0].id : rows[0].district_id;
      }
      const scope = districtId ? sql`u.district_id = ${districtId}` : sql`true`;
      const [facilitator] = await people(tx, sql`${scope} and ${c.facilitator}`, 1);
      if (!facilitator) continue;
      const others = (await people(tx, sql`${scope} and ${c.members}`, c.memberLimit + 1))
        .filter((p) => p.id !== facilitator.id)
        .slice(0, c.memberLimit);
      const members = [facilitator, ...others];
      const id = uuidv7();
      // Older communities first, so "most recently active" puts the last ones on top.
      const createdAt = new Date(Date.now() - (DEMO_COMMUNITIES.length - index + 30) * 86_400_000);
      await tx.execute(sql`
        insert into communities (id, kind, owner_kind, owner_id, district_id, name, purpose, student_focus, subjects,
                                 grade_bands, join_policy, created_by, member_count, created_at, updated_at,
                                 last_activity_at)
        values (${id}, ${c.kind}, ${c.owner.kind}, ${ownerId}, ${districtId}, ${c.name}, ${c.purpose},
                ${c.studentFocus}, ${sql.param(c.subjects)}::text[], ${sql.param(c.gradeBands)}::text[],
                ${c.joinPolicy}, ${facilitator.id}, ${members.length}, ${createdAt}, ${createdAt}, ${createdAt})`);
      await refreshCommunitySearch(tx, id);
      const object = { type: 'community', id, name: c.name };
      const context = (p: Person) => ({ communityId: id, districtId: p.district_id, schoolId: p.school_id });
      await recordStatement(
        tx,
        {
          actor: { id: facilitator.id, name: facilitator.name },
          verb: 'created',
          object,
          context: context(facilitator),
        },
        publicUrl,
      );
      for (const [i, person] of members.entries()) {
        await tx.execute(sql`
          insert into community_members (community_id, user_id, role, status, joined_at, created_at)
          values (${id}, ${person.id}, ${i === 0 ? 'facilitator' : 'member'}, 'active', ${createdAt}, ${createdAt})`);
        await recordStatement(
          tx,
          { actor: { id: person.id, name: person.name }, verb: 'joined', object, context: context(person) },
          publicUrl,
        );
      }
      if (c.pending) {
        const taken = new Set(members.map((m) => m.id));
        const candidates = await people(tx, sql`${scope} and ${c.pending.who}`, c.memberLimit + 2);
        const waiting = candidates.find((p) => !taken.has(p.id));
        if (waiting)
          await tx.execute(sql`
            insert into community_members (community_id, user_id, role, status, request_message, invited_by)
            values (${id}, ${waiting.id}, 'member', ${c.pending.status}, ${c.pending.message ?? null},
                    ${c.pending.status === 'invited' ? facilitator.id : null})`);
      }
      created++;
    }
  });
  return created;
}
