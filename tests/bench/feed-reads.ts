/** GET /api/feed (or GET_PATH) by many viewers at once, against a running Trellis; signs the viewers in by writing sessions. DATABASE_URL=… TRELLIS_URL=… npx tsx tests/bench/feed-reads.ts [viewers=500] [connections=50] [seconds=10] */
import pg from 'pg';
import { hashToken, newToken } from '#server/platform/secrets.ts';

const [viewers = 500, connections = 50, seconds = 10] = process.argv.slice(2).map(Number);
const url = process.env.TRELLIS_URL ?? 'http://127.0.0.1:3000';
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
// Viewers with the most communities and follows first: the feed's hardest readers, then anyone.
const { rows: people } = await client.query<{ id: string; audiences: number }>(
  `select u.id, (select count(*) from community_members m where m.user_id = u.id and m.status = 'active')
              + (select count(*) from follows f where f.follower_id = u.id) as audiences
     from users u where u.status = 'active' order by audiences desc, md5(u.id::text) limit $1`,
  [viewers],
);
const cookies: string[] = [];
for (const person of people) {
  const token = newToken();
  await client.query(
    `insert into sessions (token_hash, user_id, csrf_token, expires_at, id) values ($1, $2, $3, now() + interval '1 day', gen_random_uuid())`,
    [hashToken(token), person.id, newToken()],
  );
  cookies.push(`trellis_session=${token}`);
}
const latencies: number[] = [];
let failed = 0;
let items = 0;
const warmUntil = Date.now() + 2_000;
const until = warmUntil + seconds * 1_000;
await Promise.all(
  Array.from({ length: connections }, async (_, c) => {
    for (let i = c; Date.now() < until; i += connections) {
      const sent = performance.now();
      const response = await fetch(`${url}${process.env.GET_PATH ?? '/api/feed'}`, {
        headers: { cookie: cookies[i % cookies.length] },
      });
      const body = (await response.json()) as { data?: unknown[] };
      if (Date.now() < warmUntil) continue;
      if (response.status !== 200) failed++;
      else {
        latencies.push(performance.now() - sent);
        items += body.data?.length ?? 0;
      }
    }
  }),
);
latencies.sort((a, b) => a - b);
const at = (p: number) =>
  Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] * 10) / 10;
console.log(
  JSON.stringify({
    viewers: people.length,
    maxAudiences: people[0]?.audiences,
    connections,
    seconds,
    requests: latencies.length,
    perSecond: Math.round(latencies.length / seconds),
    non2xx: failed,
    meanItems: Math.round((items / latencies.length) * 10) / 10,
    p50Ms: at(50),
    p99Ms: at(99),
  }),
);
await client.end();
