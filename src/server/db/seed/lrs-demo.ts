/**
 * The demo district's learning record store: an LMS connected with LRS credentials, and what it
 * reported through the LRS's own store (so the statements are there to read at /xapi/statements):
 * teachers' progress through a course, and completions by people Trellis does not know yet, whom the
 * administrator can map on the unmatched identities page.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { clientAuthority, storeStatements } from '#server/features/lrs/store.ts';
import { API_KEY_PREFIX, type ApiScope } from '#shared/contracts/integrations.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';

const DAY = 24 * 60 * 60 * 1000;
const COURSE = 'https://lms.cedarhollow.example.org/courses/formative-assessment-101';
const course = {
  objectType: 'Activity',
  id: COURSE,
  definition: {
    name: { 'en-US': 'Formative Assessment 101' },
    type: 'http://adlnet.gov/expapi/activities/course',
  },
};
const module = (n: number, title: string) => ({
  objectType: 'Activity',
  id: `${COURSE}/modules/${n}`,
  definition: { name: { 'en-US': title }, type: 'http://adlnet.gov/expapi/activities/module' },
});

/** Adds the LMS client and its statements once, to the demo district named. */
export async function seedLrsDemo(db: Db, districtName: string): Promise<void> {
  const { rows: districts } = await db.execute<{ id: string; seeded: boolean }>(sql`
    select d.id, exists (select 1 from api_clients c where c.district_id = d.id and c.name = 'Cedar Hollow LMS (sample)') as seeded
      from organizations d where d.kind = 'district' and d.name = ${districtName} limit 1`);
  const district = districts[0];
  if (!district || district.seeded) return;
  const { rows: people } = await db.execute<{ email: string }>(sql`
    select u.email from users u join memberships m on m.user_id = u.id and m.organization_id = u.district_id
     where u.district_id = ${district.id} and u.status = 'active' and m.role = 'teacher' and u.email like '%.example.org'
     order by u.email limit 3`);
  const scopes: ApiScope[] = ['xapi:write', 'xapi:read:own'];
  const clientId = uuidv7();
  // A sample: its secret is thrown away, so an administrator rotates it to connect a real LMS.
  await db.execute(sql`
    insert into api_clients (id, district_id, name, key, secret_hash, scopes)
    values (${clientId}, ${district.id}, 'Cedar Hollow LMS (sample)',
            ${`${API_KEY_PREFIX}${Buffer.from(uuidv7().replace(/-/g, ''), 'hex').toString('base64url')}`},
            ${hashToken(newToken())}, ${sql.param(scopes)}::text[])`);
  const client = { id: clientId, name: 'Cedar Hollow LMS (sample)', districtId: district.id, scopes };
  const at = (days: number) => new Date(Date.now() - days * DAY).toISOString();
  const statements: Array<Record<string, unknown>> = [];
  people.forEach((person, i) => {
    const actor = { objectType: 'Agent', name: person.email.split('@')[0], mbox: `mailto:${person.email}` };
    statements.push(
      {
        actor,
        verb: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { 'en-US': 'launched' } },
        object: course,
        timestamp: at(20 + i),
      },
      {
        actor,
        verb: { id: 'http://adlnet.gov/expapi/verbs/progressed', display: { 'en-US': 'progressed' } },
        object: module(1, 'Exit tickets that tell you something'),
        result: { extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': 50 } },
        context: { contextActivities: { parent: [course] } },
        timestamp: at(18 + i),
      },
    );
  });
  for (const [i, name] of ['Jordan Ellis', 'Sam Okafor'].entries())
    statements.push({
      actor: {
        objectType: 'Agent',
        name,
        mbox: `mailto:${name.toLowerCase().replace(' ', '.')}@cedarhollow-k12.example.net`,
      },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
      object: module(2, 'Questioning strategies'),
      result: { completion: true, duration: 'PT45M' },
      context: { contextActivities: { parent: [course] } },
      timestamp: at(5 + i),
    });
  const authority = clientAuthority(client);
  await storeStatements(
    db,
    client,
    statements.map((statement) => {
      const id = crypto.randomUUID();
      return { id, statement: { id, ...statement, authority, version: '1.0.0' } };
    }),
    [],
  );
}
