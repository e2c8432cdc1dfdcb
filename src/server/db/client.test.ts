import { describe, expect, it } from 'vitest';
import { describeDatabaseError, openDatabase } from '#server/db/client.ts';
import { setupTestApp } from '#server/test/app.ts';

const t = setupTestApp();

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Ends a backend from another connection, as a server restart or an operator would. */
async function terminate(pid: number): Promise<void> {
  await t.database.pool.query('select pg_terminate_backend($1)', [pid]);
}

describe('the database pool', () => {
  it('bounds every statement and never compiles one (JIT costs more than Trellis reads take)', async () => {
    const { rows } = await t.database.pool.query<{ jit: string; statement_timeout: string }>(
      "select current_setting('jit') as jit, current_setting('statement_timeout') as statement_timeout",
    );
    expect(rows[0]).toEqual({ jit: 'off', statement_timeout: '30s' });
  });

  it('ends transactions left idle, so a stalled process holds no row locks for long', async () => {
    const { rows } = await t.database.pool.query<{ timeout: string }>(
      "select current_setting('idle_in_transaction_session_timeout') as timeout",
    );
    expect(rows[0]!.timeout).toBe('1min');
  });

  it('survives the server ending an idle connection and a connection inside a transaction, and queries again', async () => {
    const database = openDatabase(t.databaseUrl, 2);
    const poolErrors: Error[] = [];
    database.pool.on('error', (error) => poolErrors.push(error));
    try {
      // An idle pooled connection: the server ends it (a restart, a failover, an operator).
      const idle = await database.pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      await terminate(idle.rows[0]!.pid);
      await until(() => poolErrors.length > 0);
      expect((poolErrors[0] as Error & { code?: string }).code).toBe('57P01');

      // A connection checked out for a transaction, between two of its statements: the pool does
      // not listen to it, and an unheard error event would end the process.
      const failed = await database.db
        .transaction(async (tx) => {
          const { rows } = await tx.execute<{ pid: number }>('select pg_backend_pid() as pid');
          // Reached through Drizzle's session only to see when the connection is known lost.
          const client = (tx as unknown as { session: { client: { _queryable: boolean } } }).session.client;
          await terminate(rows[0]!.pid);
          await until(() => !client._queryable);
          await tx.execute('select 1');
        })
        .then(
          () => null,
          (error: unknown) => error as Error,
        );
      expect(failed).toBeInstanceOf(Error);

      // The broken connections are gone from the pool: the next queries get fresh ones.
      const again = await database.pool.query<{ n: number }>('select 1 as n');
      expect(again.rows[0]!.n).toBe(1);
      await database.db.transaction(async (tx) => {
        await tx.execute('select 1');
      });
    } finally {
      await database.close();
    }
  });
});

describe('a failed query told to the operator', () => {
  it('names what failed and never the query parameters', () => {
    const cause = Object.assign(
      new Error('duplicate key value violates unique constraint "users_email_unique"'),
      {
        code: '23505',
      },
    );
    const failed = new Error(
      'Failed query: insert into users (email, password_hash) values ($1, $2)\nparams: a@b.test,scrypt$32768$8$1$c2FsdA==$a2V5',
    );
    failed.cause = cause;
    const told = describeDatabaseError(failed);
    expect(told).toBe(
      'A database query failed: duplicate key value violates unique constraint "users_email_unique" (23505)',
    );
    expect(told).not.toContain('scrypt$');

    const badValue = new Error('Failed query: select $1::uuid\nparams: private text');
    badValue.cause = new Error('invalid input syntax for type uuid: "private text"');
    expect(describeDatabaseError(badValue)).not.toContain('private text');
  });
});
