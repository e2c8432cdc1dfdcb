/**
 * Adds micro-credentials to a generated network, set-based in SQL like generate.ts: 2,000
 * credentials (each with its version row, rubric and prompts) issued by the districts and the
 * network, 200,000 submissions across every stage, and an award for each earned one, each with its
 * place in its issuer's status list. The viewer assesses twenty credentials with thousands of
 * submissions waiting, so the review queue is measured on a long queue.
 *
 * Awards made here hold an unsigned placeholder document: they fill the tables that lists, holders
 * and the directory read. The public credential page and verification are measured on credentials
 * the benchmark issues through Trellis itself (a cohort award), which are signed.
 */
import type pg from 'pg';
import type { Database } from '#server/db/client.ts';
import { prepareBulkLoad, timed, words } from './bulk.ts';
import { VOCABULARY } from './communities.ts';
import type { GeneratedNetwork } from './generate.ts';

export interface CredentialShape {
  credentials: number;
  submissions: number;
  /** Credentials the viewer assesses, and how many submissions wait in each. */
  assessed: number;
  waitingPerAssessed: number;
}

export const STATE_CREDENTIALS: CredentialShape = {
  credentials: 2_000,
  submissions: 200_000,
  assessed: 20,
  waitingPerAssessed: 250,
};

export const DISTRICT_CREDENTIALS: CredentialShape = {
  credentials: 60,
  submissions: 5_000,
  assessed: 10,
  waitingPerAssessed: 100,
};

export interface GeneratedCredentials {
  /** A published credential of the viewer's district, for the cohort award. */
  cohortCredentialId: string;
  /** A district admin of the viewer's district, who awards the cohort. */
  issuerAdminId: string;
  /** 500 active people of the viewer's district, the cohort. */
  cohortIds: string[];
  counts: { credentials: number; submissions: number; awards: number; waitingForViewer: number };
  timings: Record<string, number>;
}

const RUBRIC = {
  levels: [
    { id: 'beginning', name: 'Beginning' },
    { id: 'developing', name: 'Developing' },
    { id: 'proficient', name: 'Proficient' },
    { id: 'exemplary', name: 'Exemplary' },
  ],
  criteria: ['Plan', 'Practice', 'Evidence of learning', 'Reflection'].map((name, i) => ({
    id: `c${i + 1}`,
    name,
    descriptors: ['Not yet shown', 'Partly shown', 'Clearly shown', 'Shown and shared with colleagues'],
  })),
  passing: { minLevel: 2 },
};
const PROMPTS = [
  { id: 'p1', kind: 'reflection', prompt: 'What did you try, with whom, and what happened?', required: true },
  { id: 'p2', kind: 'file', prompt: 'A plan or artefact from the work', required: true },
  { id: 'p3', kind: 'video', prompt: 'A short classroom clip (kept private)', required: false },
];
const EVIDENCE = [
  {
    promptId: 'p1',
    text: 'We tried a protocol in our team meeting and looked at student work together.',
    private: false,
  },
];

export async function generateCredentials(
  database: Database,
  network: GeneratedNetwork,
  shape: CredentialShape,
): Promise<GeneratedCredentials> {
  const timings: Record<string, number> = {};
  const client: pg.PoolClient = await database.pool.connect();
  try {
    await prepareBulkLoad(client, 0.5173);
    const viewer = network.viewer.userId;
    await client.query(`create temp table cred_people as
      select u.id, u.district_id, row_number() over (order by u.id) as k from users u where u.status = 'active'`);
    await client.query('create index on cred_people (k)');
    const {
      rows: [{ n: people }],
    } = await client.query<{ n: number }>('select count(*)::int as n from cred_people');
    // Issuers: every district, and the network if there is one (a quarter of the credentials).
    await client.query(`create temp table cred_issuers as
      select id, row_number() over (order by id) as k from organizations where kind = 'district'`);
    const {
      rows: [{ n: districts }],
    } = await client.query<{ n: number }>('select count(*)::int as n from cred_issuers');

    await timed(timings, 'credentials', async () => {
      await client.query(
        `create temp table bench_credentials as
         select n, pg_temp.uuid7(now() - (n || ' minutes')::interval) as id,
                case when $3::uuid is not null and n % 4 = 0 then $3::uuid
                     else (select id from cred_issuers where k = 1 + (n % $2::int)) end as issuer_org_id,
                initcap(${words('3 + n * 0')}) as title,
                'Teachers ' || ${words('10 + n * 0')} || '.' as summary
           from generate_series(1, $4::int) n`,
        [VOCABULARY, districts, network.networkId, shape.credentials],
      );
      // The viewer assesses the first `assessed` credentials of their own district or network.
      await client.query(
        `update bench_credentials set issuer_org_id = coalesce($1::uuid, $2::uuid) where n <= $3`,
        [network.networkId, network.viewer.districtId, shape.assessed],
      );
      // One more, of the viewer's district, for the cohort award.
      await client.query(`update bench_credentials set issuer_org_id = $1 where n = $2`, [
        network.viewer.districtId,
        shape.assessed + 1,
      ]);
      await client.query(
        `insert into micro_credentials (id, kind, issuer_org_id, created_by, status, current_version, title, summary, created_at, updated_at)
         select id, 'micro', issuer_org_id, $1::uuid, case when n % 20 = 0 then 'draft' else 'published' end, 1, title, summary,
                now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval
           from bench_credentials`,
        [viewer],
      );
      await client.query(
        `insert into micro_credential_versions (credential_id, version, title, description, criteria, evidence_prompts,
                                                rubric, max_team_size, second_assessor, created_by, created_at)
         select id, 1, title, summary, 'Show the practice with evidence from your classroom and your colleagues.',
                $1::jsonb, $2::jsonb, 1 + (n % 3), n % 5 = 0, $3::uuid, now() from bench_credentials`,
        [JSON.stringify(PROMPTS), JSON.stringify(RUBRIC), viewer],
      );
      // Every credential has three assessors; the viewer is one of the first `assessed`.
      await client.query(
        `insert into micro_credential_assessors (credential_id, user_id, lead)
         select distinct on (c.id, p.id) c.id, p.id, a = 1
           from bench_credentials c cross join generate_series(1, 3) a
           join cred_people p on p.k = 1 + floor(random() * $1)::int
          where c.n > $2
         union all
         select c.id, $3::uuid, true from bench_credentials c where c.n <= $2`,
        [people, shape.assessed, viewer],
      );
    });

    await timed(timings, 'submissions', async () => {
      // Stages: 35% draft, 20% submitted, 5% revise, 40% earned; the viewer's credentials get a queue.
      await client.query(
        `create temp table bench_submissions as
         select n, pg_temp.uuid7(now() - (n || ' seconds')::interval) as id,
                case when n <= $3::int * $4::int then 1 + ((n - 1) % $3::int)
                     else 1 + $3::int + floor(random() * ($5::int - $3::int))::int end as credential_n,
                1 + floor(random() * $1)::int as owner_k,
                case when n <= $3::int * $4::int then 'submitted'
                     else (array['draft','draft','draft','draft','draft','draft','draft','submitted','submitted','submitted',
                                 'submitted','revise','earned','earned','earned','earned','earned','earned','earned','earned'])[1 + n % 20] end as status
           from generate_series(1, $2::int) n`,
        [people, shape.submissions, shape.assessed, shape.waitingPerAssessed, shape.credentials],
      );
      await client.query(
        `insert into submissions (id, credential_id, version, owner_id, status, round, evidence, started_at, submitted_at, decided_at, updated_at)
         select s.id, c.id, 1, p.id, s.status, 1, $1::jsonb, now() - (s.n || ' seconds')::interval - interval '3 days',
                case when s.status = 'draft' then null else now() - (s.n || ' seconds')::interval end,
                case when s.status in ('earned', 'revise') then now() - (s.n || ' seconds')::interval + interval '1 day' end,
                now() - (s.n || ' seconds')::interval
           from bench_submissions s
           join bench_credentials c on c.n = s.credential_n
           join cred_people p on p.k = s.owner_k`,
        [JSON.stringify(EVIDENCE)],
      );
      await client.query(
        `insert into submission_members (submission_id, user_id) select id, owner_id from submissions`,
      );
    });

    const awards = await timed(timings, 'awards', async () => {
      await client.query(
        `insert into status_lists (id, org_id, purpose, length, next_index, updated_at)
         select gen_random_uuid(), issuer_org_id, 'revocation', 131072, 0, now()
           from (select distinct issuer_org_id from bench_credentials) o`,
      );
      // One award per earned submission (the first earned per person and credential), numbered in
      // its issuer's list in order.
      const { rowCount } = await client.query(
        `with earned as (
           select distinct on (s.credential_id, s.owner_id) s.id, s.credential_id, s.owner_id, s.decided_at, mc.issuer_org_id
             from submissions s join micro_credentials mc on mc.id = s.credential_id
            where s.status = 'earned' order by s.credential_id, s.owner_id, s.id),
         numbered as (
           select e.*, sl.id as list_id, row_number() over (partition by e.issuer_org_id order by e.id) - 1 as idx
             from earned e join status_lists sl on sl.org_id = e.issuer_org_id)
         insert into awards (id, credential_id, version, recipient_id, submission_id, issuer_org_id, status_list_id,
                             status_index, document, issued_at, listed)
         select gen_random_uuid(), credential_id, 1, owner_id, id, issuer_org_id, list_id, idx,
                '{"placeholder": "generated for load; not a signed credential"}'::jsonb, decided_at, random() < 0.3
           from numbered where idx < 131072`,
      );
      await client.query(
        `update status_lists sl set next_index = coalesce((select max(status_index) + 1 from awards a where a.status_list_id = sl.id), 0)`,
      );
      return rowCount ?? 0;
    });

    // Vacuumed as well as analyzed, as a network that has run for a while would be: the review
    // queue reads submissions_waiting_idx index-only, which without a visibility map visits the heap
    // for every entry (1,721 buffers for the queue on a freshly generated state network; 441 once
    // its submission tables were vacuumed, docs/benchmarks.md).
    await timed(timings, 'analyze', async () => {
      for (const table of [
        'micro_credentials',
        'micro_credential_versions',
        'micro_credential_assessors',
        'submissions',
        'submission_members',
        'submission_reviews',
        'awards',
        'status_lists',
      ])
        await client.query(`vacuum analyze ${table}`);
    });

    const {
      rows: [cohort],
    } = await client.query<{ credential_id: string; admin_id: string }>(
      `select c.id as credential_id,
              (select m.user_id from memberships m where m.organization_id = $1 and m.role = 'district_admin' limit 1) as admin_id
         from bench_credentials c where c.n = $2`,
      [network.viewer.districtId, shape.assessed + 1],
    );
    await client.query(`update micro_credentials set status = 'published' where id = $1`, [
      cohort.credential_id,
    ]);
    const { rows: cohortRows } = await client.query<{ id: string }>(
      `select u.id from users u
        where u.district_id = $1 and u.status = 'active'
          and not exists (select 1 from awards a where a.recipient_id = u.id and a.credential_id = $2)
        order by u.id limit 500`,
      [network.viewer.districtId, cohort.credential_id],
    );
    const {
      rows: [{ n: waiting }],
    } = await client.query<{ n: number }>(
      `select count(*)::int as n from submissions s join micro_credential_assessors a on a.credential_id = s.credential_id
        where a.user_id = $1 and s.status = 'submitted'`,
      [viewer],
    );
    const {
      rows: [{ n: submissionCount }],
    } = await client.query<{ n: number }>('select count(*)::int as n from submissions');
    return {
      cohortCredentialId: cohort.credential_id,
      issuerAdminId: cohort.admin_id,
      cohortIds: cohortRows.map((r) => r.id),
      counts: {
        credentials: shape.credentials,
        submissions: submissionCount,
        awards,
        waitingForViewer: waiting,
      },
      timings,
    };
  } finally {
    client.release();
  }
}
