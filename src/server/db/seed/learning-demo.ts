import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { clientAuthority, storeStatements } from '#server/features/lrs/store.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { API_KEY_PREFIX, type ApiScope } from '#shared/contracts/integrations.ts';
import { backfillLearningEntries } from '#server/platform/learning-kinds.ts';

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

interface HandEntry {
  kind: string;
  title: string;
  days: number;
  minutes: number | null;
  provider: string;
  link?: string;
  willTry?: string;
  practiceChange?: string;
  status?: 'draft' | 'logged';
  competencies?: number;
}

/** What teachers of the demo district log by hand: chats, workshops, PLC meetings, reading, an edcamp. */
const HAND_ENTRIES: HandEntry[] = [
  {
    kind: 'online_social',
    title: '#ELAchat: vocabulary that sticks',
    days: 3,
    minutes: 60,
    provider: 'Twitter/X',
    link: 'https://x.com/search?q=%23ELAchat',
    willTry: 'Word walls the students build themselves, one new word a day.',
    competencies: 1,
  },
  {
    kind: 'workshop',
    title: 'Number talks in the elementary classroom',
    days: 12,
    minutes: 180,
    provider: 'High Plains Education Service Center',
    willTry: 'A five-minute number talk to open each math block.',
    practiceChange: 'Students now explain two strategies before I show mine.',
    competencies: 2,
  },
  {
    kind: 'plc_meeting',
    title: 'Grade-level PLC: common formative assessment results',
    days: 19,
    minutes: 45,
    provider: 'My school',
  },
  {
    kind: 'reading',
    title: 'Make It Stick, chapters 2–3',
    days: 1,
    minutes: 90,
    provider: '',
    status: 'draft',
  },
  {
    kind: 'edcamp',
    title: 'EdCamp High Plains',
    days: 40,
    minutes: 300,
    provider: 'EdCamp High Plains volunteers',
    link: 'https://edcamp.example.org/high-plains',
  },
];

/** The sample tools that report the demo teachers' learning through the LRS, by their client names. */
const TOOLS = { course: 'PD course catalog (sample)', webinar: 'Webinar platform (sample)' } as const;

/** What the district's course catalog and a webinar tool report over xAPI for the same teachers. */
const REPORTED = (days: number) => [
  {
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
    object: {
      objectType: 'Activity',
      id: 'https://lms.cedarhollow.example.org/courses/formative-assessment-101',
      definition: {
        name: { 'en-US': 'Formative Assessment 101' },
        type: 'http://adlnet.gov/expapi/activities/course',
      },
    },
    result: { completion: true, success: true, duration: 'PT3H', score: { scaled: 0.92 } },
    timestamp: daysAgo(days + 5),
    tool: 'course' as const,
  },
  {
    verb: { id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'en-US': 'attended' } },
    object: {
      objectType: 'Activity',
      id: 'https://webinars.example.org/sessions/feedback-that-moves-learning',
      definition: {
        name: { 'en-US': 'Feedback that moves learning (webinar)' },
        type: 'http://id.tincanapi.com/activitytype/webinar',
      },
    },
    result: { duration: 'PT1H15M' },
    timestamp: daysAgo(days + 8),
    tool: 'webinar' as const,
  },
];

/** The demo district's teachers and coaches whose logs are filled: the first few by email. */
async function demoPeople(tx: Tx, districtName: string) {
  const { rows } = await tx.execute<{ id: string; district_id: string; email: string; name: string }>(sql`
    select u.id, u.district_id, u.email, u.name from users u
      join organizations d on d.id = u.district_id and d.kind = 'district' and d.name = ${districtName}
      join memberships m on m.user_id = u.id and m.organization_id = d.id and m.role in ('teacher', 'coach')
     where u.status = 'active' and u.email like '%.example.org'
     order by m.role = 'coach' desc, u.email
     limit 8`);
  return rows;
}

/** The competencies of the frameworks the district (or its network) owns, a few to name in entries. */
async function demoCompetencies(tx: Tx, districtId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select c.id from competencies c join competency_frameworks f on f.id = c.framework_id
     where f.owner_org_id = ${districtId}
        or f.owner_org_id in (select network_id from network_districts where district_id = ${districtId})
     order by f.title, c.position, c.code limit 4`);
  return rows.map((r) => r.id);
}

const insertHand = (
  tx: Tx,
  person: { id: string; district_id: string },
  e: HandEntry,
  competencies: string[],
  over: SQL = sql`null`,
) => {
  const id = uuidv7();
  return tx
    .execute(sql`
      insert into learning_entries (id, user_id, district_id, source, kind, title, occurred_at, duration_minutes,
                                    provider, link, will_try, practice_change, competency_ids, status, merged_into_id)
      values (${id}, ${person.id}, ${person.district_id}, 'self', ${e.kind}, ${e.title}, ${daysAgo(e.days)}::timestamptz,
              ${e.minutes}, ${e.provider}, ${e.link ?? null}, ${e.willTry ?? ''}, ${e.practiceChange ?? ''},
              ${sql.param(competencies.slice(0, e.competencies ?? 0))}::uuid[], ${e.status ?? 'logged'}, ${over})`)
    .then(() => id);
};

/** A sample LRS client of the district (made once), as the LRS store takes it. */
async function sampleClient(db: Db, districtId: string, name: string) {
  const scopes: ApiScope[] = ['xapi:write', 'xapi:read:own'];
  const { rows } = await db.execute<{ id: string }>(sql`
    select id from api_clients where district_id = ${districtId} and name = ${name} limit 1`);
  let id = rows[0]?.id;
  if (!id) {
    id = uuidv7();
    // A sample: its secret is thrown away, so an administrator rotates it to connect a real tool.
    await db.execute(sql`
      insert into api_clients (id, district_id, name, key, secret_hash, scopes)
      values (${id}, ${districtId}, ${name},
              ${`${API_KEY_PREFIX}${Buffer.from(uuidv7().replace(/-/g, ''), 'hex').toString('base64url')}`},
              ${hashToken(newToken())}, ${sql.param(scopes)}::text[])`);
  }
  return { id, name, districtId, scopes };
}

/**
 * The demo district's learning logs on first start, from all three sources: what Trellis recorded of
 * the demo's own activity (credentials earned, resources tried and reviewed), what teachers entered
 * (a Twitter/X chat, a workshop, a PLC meeting, a draft), and what a course catalog and a webinar
 * tool reported through the LRS (stored as xAPI statements, matched to the teachers by email), the
 * webinar merged with the teacher's own entry of it. Written once; a demo seeded before the log
 * existed gains what Trellis had recorded.
 */
export async function seedLearningDemo(db: Db, districtName: string): Promise<void> {
  const seeded = await db.transaction(async (tx) => {
    const { rows: districts } = await tx.execute<{ id: string; empty: boolean; entered: boolean }>(sql`
      select d.id, not exists (select 1 from learning_entries e where e.district_id = d.id) as empty,
             exists (select 1 from learning_entries e where e.district_id = d.id and e.source in ('self', 'xapi')) as entered
        from organizations d where d.kind = 'district' and d.name = ${districtName} limit 1`);
    const district = districts[0];
    if (!district) return null;
    // What the demo's activity already recorded, for a demo seeded before the log existed.
    if (district.empty) await backfillLearningEntries(tx, sql`s.district_id = ${district.id}`);
    if (district.entered) return null;
    const competencies = await demoCompetencies(tx, district.id);
    const people = await demoPeople(tx, districtName);
    for (const [index, person] of people.entries())
      for (const entry of HAND_ENTRIES)
        await insertHand(tx, person, { ...entry, days: entry.days + index * 2 }, competencies);
    return { districtId: district.id, people, competencies };
  });
  if (!seeded) return;
  // Reported through the LRS's own store, which matches each actor to the teacher and logs it.
  const clients = {
    course: await sampleClient(db, seeded.districtId, TOOLS.course),
    webinar: await sampleClient(db, seeded.districtId, TOOLS.webinar),
  };
  const webinars = new Map<string, string>();
  for (const tool of ['course', 'webinar'] as const) {
    const client = clients[tool];
    const authority = clientAuthority(client);
    const incoming = seeded.people.flatMap((person, index) =>
      REPORTED(index * 2)
        .filter((r) => r.tool === tool)
        .map(({ tool: _tool, ...statement }) => {
          const id = crypto.randomUUID();
          if (tool === 'webinar') webinars.set(person.id, id);
          const actor = { objectType: 'Agent', name: person.name, mbox: `mailto:${person.email}` };
          return { id, statement: { id, actor, ...statement, authority, version: '1.0.3' } };
        }),
    );
    await storeStatements(db, client, incoming, []);
  }
  // The teachers also logged the webinar by hand; merged into the reported entry, it counts once.
  await db.transaction(async (tx) => {
    for (const [index, person] of seeded.people.entries()) {
      const { rows } = await tx.execute<{ id: string }>(sql`
        select id from learning_entries where user_id = ${person.id} and statement_id = ${webinars.get(person.id) ?? null}::uuid`);
      const reported = rows[0]?.id;
      if (!reported) continue;
      await insertHand(
        tx,
        person,
        {
          kind: 'workshop',
          title: 'Feedback webinar',
          days: 8 + index * 2,
          minutes: 60,
          provider: 'Webinar platform',
          practiceChange: PRACTICE_CHANGE,
        },
        seeded.competencies,
        sql`${reported}::uuid`,
      );
      await tx.execute(
        sql`update learning_entries set practice_change = ${PRACTICE_CHANGE} where id = ${reported}`,
      );
    }
  });
}

const PRACTICE_CHANGE = 'Feedback now comes during the task, not after it.';
