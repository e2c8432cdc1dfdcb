/**
 * `BENCH_DATABASE_URL=postgres://…/<generated network> npx tsx tests/bench/reply-cpu.ts`: what one
 * reply (`POST /api/threads/:id/posts`) costs, in CPU of the Trellis process and of its PostgreSQL
 * backends and in transactions, which a shared, loaded machine measures far more steadily than
 * req/s under load. Adds a community of BENCH_MEMBERS (5,000) members to the database, as
 * tests/bench/reply-writes.ts does, with BENCH_THREADS (50) threads; sends BENCH_REQUESTS (1,000)
 * replies over BENCH_LANES (4) kept-alive connections, each lane a different writer in a thread
 * drawn in turn; then checks every reply was counted on its thread and has its two feed items and its
 * search document. TRELLIS_URL uses a Trellis already running (its CPU is then not read) instead of
 * starting one. BENCH_PROFILE=1 writes a CPU profile of Trellis to tests/bench/results/. Few
 * requests at once: it needs no bench lock.
 */
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import {
  databaseTransactions,
  communityOfMembers,
  cpuMs,
  databaseCpuMs,
  percentile,
  processes,
  signIn,
} from './measure.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL must name a database with a generated network');
const members = Number(process.env.BENCH_MEMBERS ?? 5000);
const threadCount = Number(process.env.BENCH_THREADS ?? 50);
const requests = Number(process.env.BENCH_REQUESTS ?? 1000);
const lanes = Number(process.env.BENCH_LANES ?? 4);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

const client = new pg.Client({ connectionString: url });
await client.connect();
const { community, people } = await communityOfMembers(
  client,
  members,
  'Reply cost',
  'Replies one lane at a time',
);
const writers: Array<{ cookie: string; csrf: string }> = [];
for (const person of people.slice(0, Math.max(lanes, 2))) {
  const cookie = await signIn(client, person.id);
  const {
    rows: [{ csrf_token }],
  } = await client.query<{ csrf_token: string }>(
    `select csrf_token from sessions where user_id = $1 order by created_at desc limit 1`,
    [person.id],
  );
  writers.push({ cookie, csrf: csrf_token });
}

const { start, stop } = processes(url, 'trellis-reply-cpu-');
const resultsDir = path.join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : [];
const trellis = process.env.TRELLIS_URL
  ? { base: process.env.TRELLIS_URL, pid: 0 }
  : await start([...profile, '--import', 'tsx', 'src/server/main.ts'], {
      CREDENTIAL_KEY_SECRET: 'trellis-bench-credential-key-secret-not-for-production',
    });
const agent = new http.Agent({ keepAlive: true, maxSockets: lanes });
function post(path: string, writer: { cookie: string; csrf: string }, body: unknown) {
  const text = JSON.stringify(body);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(
      `${trellis.base}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          cookie: writer.cookie,
          'x-csrf-token': writer.csrf,
          origin: trellis.base,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        },
      },
      (response) => {
        let answer = '';
        response.on('data', (chunk: Buffer) => {
          answer += chunk.toString();
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: answer }));
      },
    );
    request.on('error', reject);
    request.end(text);
  });
}

const watcher = new pg.Client({ connectionString: url });
await watcher.connect();
const databaseState = () => databaseTransactions(watcher);

try {
  const threadIds: string[] = [];
  for (let i = 0; i < threadCount; i++) {
    const opened = await post(`/api/communities/${community.id}/threads`, writers[i % writers.length], {
      type: 'question',
      title: `How do you start a number talk? (${i})`,
      body: 'Tell us what worked this week.',
    });
    if (opened.status !== 201) throw new Error(`thread: ${opened.status} ${opened.body}`);
    threadIds.push((JSON.parse(opened.body) as { data: { id: string } }).data.id);
  }
  let sent = 0;
  async function load(count: number) {
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        while (next < count) {
          const i = next++;
          const began = performance.now();
          const answer = await post(
            `/api/threads/${threadIds[sent++ % threadIds.length]}/posts`,
            writers[lane],
            {
              body: `Lane ${lane}, reply ${i}: we tried the number line warm-up today.`,
            },
          );
          latencies.push(performance.now() - began);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        }
      }),
    );
    return { statuses, latencies };
  }
  await load(Math.min(200, requests));
  for (let round = 1; round <= rounds; round++) {
    const node = trellis.pid ? cpuMs(trellis.pid) : 0;
    const before = await databaseState();
    const began = performance.now();
    const { statuses, latencies } = await load(requests);
    const wall = performance.now() - began;
    const nodeMs = trellis.pid ? (cpuMs(trellis.pid) - node) / requests : Number.NaN;
    const after = await databaseState();
    const databaseMs = databaseCpuMs(before.cpu, after.cpu) / requests;
    const transactions = (after.transactions - before.transactions - 1) / requests;
    console.log(
      `round ${round}: ${[...statuses].map(([s, n]) => `${n}×${s}`).join(' ')}, ` +
        `${(nodeMs * 1000).toFixed(0)} µs Node + ${(databaseMs * 1000).toFixed(0)} µs PostgreSQL CPU per reply, ` +
        `${transactions.toFixed(2)} transactions, latency p50 ${percentile(latencies, 50).toFixed(1)} ms ` +
        `p99 ${percentile(latencies, 99).toFixed(1)} ms at ${lanes} lanes, ${((requests / wall) * 1000).toFixed(0)} req/s`,
    );
  }
  const {
    rows: [check],
  } = await client.query<{ replies: number; counted: number; without_feed: number; documents: number }>(
    `select (select count(*)::int from posts where community_id = $1 and not is_opening) as replies,
            (select sum(reply_count)::int from threads where community_id = $1) as counted,
            (select count(*)::int from statements s
              where s.community_id = $1 and s.verb = 'http://adlnet.gov/expapi/verbs/commented'
                and (select count(*) from feed_items f where f.statement_id = s.id) <> 2) as without_feed,
            (select count(*)::int from search_documents where community_id = $1 and kind = 'post') as documents`,
    [community.id],
  );
  console.log(JSON.stringify({ communityId: community.id, members: people.length, ...check }));
  if (check.replies !== check.counted || check.without_feed || check.documents !== check.replies)
    throw new Error('some reply was not counted, or lacks its feed items or search document');
} finally {
  agent.destroy();
  await watcher.end();
  await client.end();
  await stop();
}
