/**
 * Replies posted at once by many members of one large community, against a running Trellis:
 * p50/p99 of `POST /api/threads/:id/posts`, then a check that every reply's feed items were written
 * with it. It adds the community, its members and the writers' sessions to the database. With
 * THREADS=each every writer replies in a thread of its own, otherwise all in one. Usage:
 *   DATABASE_URL=… TRELLIS_URL=http://127.0.0.1:PORT npx tsx tests/bench/reply-writes.ts [members=5000] [writers=20] [seconds=20]
 */
import pg from 'pg';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { communityOfMembers } from './measure.ts';

const [members = 5000, writers = 20, seconds = 20] = process.argv.slice(2).map(Number);
const url = process.env.TRELLIS_URL ?? 'http://127.0.0.1:3000';
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();

const { community, people } = await communityOfMembers(
  client,
  members,
  'Reply load',
  'Many members replying at once',
);
const sessions: Array<{ cookie: string; csrf: string }> = [];
for (const person of people.slice(0, writers)) {
  const token = newToken();
  const csrf = newToken();
  await client.query(
    `insert into sessions (token_hash, user_id, csrf_token, expires_at, id) values ($1, $2, $3, now() + interval '1 day', gen_random_uuid())`,
    [hashToken(token), person.id, csrf],
  );
  sessions.push({ cookie: `trellis_session=${token}`, csrf });
}
const post = (s: { cookie: string; csrf: string }, path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: url, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const threadIds: string[] = [];
for (const s of process.env.THREADS === 'each' ? sessions : sessions.slice(0, 1)) {
  const opened = await post(s, `/api/communities/${community.id}/threads`, {
    type: 'question',
    title: 'How do you start a number talk?',
    body: 'Tell us what worked this week.',
  });
  if (opened.status !== 201) throw new Error(`thread: ${opened.status} ${await opened.text()}`);
  threadIds.push(((await opened.json()) as { data: { id: string } }).data.id);
}

const latencies: number[] = [];
let failed = 0;
let counting = false;
const warmUntil = Date.now() + 2_000;
const until = warmUntil + seconds * 1_000;
await Promise.all(
  sessions.map(async (s, w) => {
    for (let i = 0; Date.now() < until; i++) {
      const sent = performance.now();
      const response = await post(s, `/api/threads/${threadIds[w % threadIds.length]}/posts`, {
        body: `Writer ${w}, reply ${i}.`,
      });
      await response.arrayBuffer();
      counting = Date.now() >= warmUntil;
      if (!counting) continue;
      if (response.status !== 201) failed++;
      else latencies.push(performance.now() - sent);
    }
  }),
);
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const {
  rows: [check],
} = await client.query<{ replies: number; items: number; missing: number }>(
  `select count(*)::int as replies,
          (select count(*)::int from feed_items f join statements s2 on s2.id = f.statement_id
            where s2.community_id = $1 and s2.verb = 'http://adlnet.gov/expapi/verbs/commented') as items,
          count(*) filter (where (select count(*) from feed_items f where f.statement_id = s.id) <> 2)::int as missing
     from statements s where s.community_id = $1 and s.verb = 'http://adlnet.gov/expapi/verbs/commented'`,
  [community.id],
);
console.log(
  JSON.stringify({
    members: people.length,
    writers,
    seconds,
    replies: latencies.length,
    perSecond: Math.round(latencies.length / seconds),
    non2xx: failed,
    p50Ms: Math.round(at(50) * 10) / 10,
    p99Ms: Math.round(at(99) * 10) / 10,
    maxMs: Math.round((latencies.at(-1) ?? 0) * 10) / 10,
    feedItems: check,
    communityId: community.id,
  }),
);
await client.end();
