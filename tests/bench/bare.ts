/**
 * The bare stack the benchmark measures Trellis against: Fastify with no plugins, no session, no
 * logging, answering one primary-key read of an organization through `pg` from the same database,
 * with a pool as large as Trellis's default. What it serves per second is the most the stack can do
 * on this machine; each Trellis figure is reported as a share of it.
 *
 * Run by tests/bench/run.ts as a process of its own (as Trellis is): `DATABASE_URL=… PORT=…
 * node --import tsx tests/bench/bare.ts`; it prints `listening` when ready.
 */
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
});
const app = Fastify({ logger: false });

app.get<{ Params: { id: string } }>('/organizations/:id', async (request, reply) => {
  const { rows } = await pool.query({
    name: 'bare-organization',
    text: 'select id, kind, name, district_id from organizations where id = $1',
    values: [request.params.id],
  });
  if (!rows[0]) return reply.status(404).send({ error: 'not found' });
  return { data: rows[0] };
});

const shutdown = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
console.log('listening');
