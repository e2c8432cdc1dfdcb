import { describe, expect, it } from 'vitest';
import { setupTestApp } from '#server/test/app.ts';

const t = setupTestApp();

describe('the database pool', () => {
  it('bounds every statement and never compiles one (JIT costs more than Trellis reads take)', async () => {
    const { rows } = await t.database.pool.query<{ jit: string; statement_timeout: string }>(
      "select current_setting('jit') as jit, current_setting('statement_timeout') as statement_timeout",
    );
    expect(rows[0]).toEqual({ jit: 'off', statement_timeout: '30s' });
  });
});
