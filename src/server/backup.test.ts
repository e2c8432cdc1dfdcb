/**
 * Backup and restore of the real Trellis process on its embedded database: a backup taken while
 * Trellis runs and people keep writing, restored into a new DATA_DIR, holds every write acknowledged
 * before the backup began, the uploaded files and the credential key secret, and is consistent.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '#server/db/client.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { embeddedUrl, processDrill, sessionEmail, signIn } from '../../tests/support/process-drill.ts';
import { freePort, sleep } from '../../tests/support/trellis-process.ts';

const drill = processDrill('trellis-backup-');

const unlimited = { AUTH_RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_PER_MINUTE: '1000000' };

/** Runs a CLI verb of main.ts to its end. */
function runVerb(dataDir: string, args: string[]) {
  return drill.runMain(args, { DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
}

describe('backup and restore', () => {
  it('backs up a running Trellis while people write, and the restore holds every write acknowledged before, the files and the key secret', async () => {
    const dataDir = path.join(drill.freshDir(), 'data');
    const upload = randomBytes(64 * 1024);
    const keySecret = `${randomBytes(32).toString('base64url')}\n`;
    mkdirSync(path.join(dataDir, 'files', 'resources'), { recursive: true });
    writeFileSync(path.join(dataDir, 'files', 'resources', 'lesson.pdf'), upload);
    writeFileSync(path.join(dataDir, 'credential-key.secret'), keySecret, { mode: 0o600 });
    // Older backups and a failed run's leftovers: the backup keeps the newest --keep.
    const backups = path.join(dataDir, 'backups');
    for (const old of ['trellis-20200101T000000Z', 'trellis-20210101T000000Z', 'trellis-20220101T000000Z'])
      mkdirSync(path.join(backups, old), { recursive: true });
    mkdirSync(path.join(backups, 'trellis-20230101T000000Z.partial'));

    const pgPort = await freePort();
    const trellis = await drill.startEmbeddedTrellis(dataDir, pgPort, unlimited);
    const database = openDatabase(embeddedUrl(dataDir, pgPort), 2);
    const district = await buildDistrict(database.db);
    const teachers = [
      await buildUser(database.db, { districtId: district.id }),
      await buildUser(database.db, { districtId: district.id }),
    ];
    await database.close();

    // Two writers (one account each) sign in over and over: each 204 acknowledges a new session row.
    const acknowledged: Array<{ cookie: string; email: string; at: number }> = [];
    let writing = true;
    const writers = teachers.map(async ({ email }) => {
      while (writing) acknowledged.push({ cookie: await signIn(trellis, email), email, at: Date.now() });
    });
    while (acknowledged.length < 6) await sleep(50);
    const backupStarted = Date.now();
    const backup = await runVerb(dataDir, ['backup', '--keep', '2']);
    const backupEnded = Date.now();
    await sleep(500);
    writing = false;
    await Promise.all(writers);
    expect(backup.output).toContain('Backed up');
    expect(backup.code).toBe(0);

    const before = acknowledged.filter((write) => write.at < backupStarted);
    const during = acknowledged.filter((write) => write.at >= backupStarted && write.at <= backupEnded);
    expect(before.length).toBeGreaterThanOrEqual(6);
    expect(during.length, 'no write happened during the backup').toBeGreaterThan(0);

    const kept = readdirSync(backups).sort();
    expect(kept).toHaveLength(2);
    expect(kept[0]).toBe('trellis-20220101T000000Z');
    const made = path.join(backups, kept[1]!);

    const restoredDir = path.join(drill.freshDir(), 'restored');
    const restored = await runVerb(dataDir, ['restore', made, '--data-dir', restoredDir]);
    expect(restored.output).toContain('Restored');
    expect(restored.code).toBe(0);
    expect(readFileSync(path.join(restoredDir, 'files', 'resources', 'lesson.pdf')).equals(upload)).toBe(
      true,
    );
    expect(readFileSync(path.join(restoredDir, 'credential-key.secret'), 'utf8')).toBe(keySecret);
    expect(readdirSync(restoredDir)).not.toContain('backups');

    // Restoring over a folder that holds anything is refused, and changes nothing.
    const again = await runVerb(dataDir, ['restore', made, '--data-dir', restoredDir]);
    expect(again.code).toBe(1);
    expect(again.output).toContain('is not empty');

    const restoredPort = await freePort();
    const second = await drill.startEmbeddedTrellis(restoredDir, restoredPort, unlimited);
    for (const write of before) expect(await sessionEmail(second, write.cookie)).toBe(write.email);

    // Consistent: every table reads, and the sessions index agrees with the table.
    const client = new pg.Client({ connectionString: embeddedUrl(restoredDir, restoredPort) });
    await client.connect();
    try {
      const tables = await client.query<{ name: string }>(
        "select quote_ident(tablename) as name from pg_tables where schemaname = 'public'",
      );
      expect(tables.rows.length).toBeGreaterThan(10);
      for (const { name } of tables.rows) await client.query(`select count(*) from ${name}`);
      await client.query('set enable_indexscan = off; set enable_bitmapscan = off');
      const heap = await client.query<{ n: string }>('select count(*)::text as n from sessions');
      await client.query(
        'set enable_seqscan = off; set enable_indexscan = on; set enable_bitmapscan = on; set enable_indexonlyscan = on',
      );
      const index = await client.query<{ n: string }>(
        'select count(id)::text as n from sessions where id is not null',
      );
      expect(index.rows[0]!.n).toBe(heap.rows[0]!.n);
      expect(Number(heap.rows[0]!.n)).toBeGreaterThanOrEqual(before.length);
    } finally {
      await client.end();
    }
  }, 300_000);
});
