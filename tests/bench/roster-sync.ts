/**
 * A state-sized roster sync through the REST binding: a OneRoster 1.2 provider (the test fixture
 * server, a real HTTP server with OAuth 2) serving N staff across schools, page by page, and a fresh
 * migrated database with one district. Times the first sync (everyone created), a no-change full
 * re-sync and a no-change delta, each as the job carries it out. Run under the bench lock:
 *
 *   flock /tmp/trellis-bench.lock npx tsx tests/bench/roster-sync.ts
 *   ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres STAFF=100000 SCHOOLS=400
 */
import { eq } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '#server/db/client.ts';
import { rosterSources, rosterSyncRuns } from '#server/db/schema.ts';
import { features } from '#server/features/index.ts';
import { carryOutRosterSyncRun, secretContext } from '#server/features/roster-sync/run.ts';
import { registerActivity } from '#server/platform/activity.ts';
import { registerFeedItems } from '#server/platform/feed-items.ts';
import { deriveEncryptionKey, encryptSecret } from '#server/platform/secret-box.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { adminQuery, withDatabase } from '#server/test/database.ts';
import { org, person, startOneRosterProvider } from '../support/oneroster-provider.ts';

const adminUrl = process.env.ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STAFF = Number(process.env.STAFF ?? 100_000);
const SCHOOLS = Number(process.env.SCHOOLS ?? 400);
const name = `trellis_bench_roster_${process.pid}`;
// What building the app does for activities: the sync records one, with its feed items.
registerActivity({ baseUrl: 'http://trellis.bench', features });
registerFeedItems(features);

await adminQuery(adminUrl, `create database ${name}`);
const url = withDatabase(adminUrl, name);
const provider = await startOneRosterProvider({
  maxPageSize: 1000,
  orgs: [
    org({ sourcedId: 'state', name: 'State Unified', type: 'district' }),
    ...Array.from({ length: SCHOOLS }, (_, i) =>
      org({ sourcedId: `s${i}`, name: `School ${i}`, type: 'school', parent: 'state' }),
    ),
  ],
  users: Array.from({ length: STAFF }, (_, i) =>
    person({
      sourcedId: `u${i}`,
      givenName: `Given${i}`,
      familyName: `Family${i % 997}`,
      email: `staff${i}@state.example`,
      role: i % 50 === 0 ? 'administrator' : i % 7 === 0 ? 'aide' : 'teacher',
      // One in ten works at two schools.
      orgs: i % 10 === 0 ? [`s${i % SCHOOLS}`, `s${(i + 1) % SCHOOLS}`] : [`s${i % SCHOOLS}`],
    }),
  ),
});
const database = openDatabase(url, 4);
try {
  await migrateDatabase(url);
  const db = database.db;
  const district = await buildDistrict(db);
  const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
  const key = deriveEncryptionKey('a benchmark secret of at least thirty-two characters');
  const [source] = await db
    .insert(rosterSources)
    .values({
      districtId: district.id,
      baseUrl: provider.baseUrl,
      tokenUrl: provider.tokenUrl,
      clientId: provider.clientId,
      clientSecretEncrypted: '',
      graceDays: 7,
      confirmSharePercent: 5,
      connectedBy: admin.id,
    })
    .returning();
  await db
    .update(rosterSources)
    .set({ clientSecretEncrypted: encryptSecret(key, provider.clientSecret, secretContext(source.id)) })
    .where(eq(rosterSources.id, source.id));
  const log = {
    error: (fields: { err?: Error }) => console.error(String(fields.err?.message).slice(0, 300)),
    info: (fields: unknown) => console.log(JSON.stringify(fields)),
  };

  const timed = async (label: string) => {
    const [run] = await db
      .insert(rosterSyncRuns)
      .values({
        districtId: district.id,
        sourceId: source.id,
        kind: 'sync',
        trigger: 'admin',
        status: 'queued',
        requestedBy: admin.id,
      })
      .returning();
    const started = performance.now();
    const status = await carryOutRosterSyncRun({
      db,
      key,
      runId: run.id,
      log,
      addresses: { NODE_ENV: 'development', SIGN_ON_LOOPBACK_HTTP: true },
    });
    const seconds = (performance.now() - started) / 1000;
    const [done] = await db.select().from(rosterSyncRuns).where(eq(rosterSyncRuns.id, run.id));
    const counts = done.counts as Record<string, number> | null;
    console.log(
      `${label.padEnd(34)} ${seconds.toFixed(1).padStart(7)} s  ${status} ${done.mode} ` +
        `created ${counts?.created ?? 0} updated ${counts?.updated ?? 0} unchanged ${counts?.unchanged ?? 0}` +
        (done.error ? `  error: ${done.error}` : ''),
    );
  };

  console.log(`# ${STAFF} staff at ${SCHOOLS} schools, 1000 a page, on ${url.replace(/\/\/[^@]*@/, '//')}`);
  await timed('first sync (everyone new)');
  // A no-change full read: the weekly full sync, or one after a confirmation.
  await db.update(rosterSources).set({ lastFullSyncAt: null }).where(eq(rosterSources.id, source.id));
  await timed('no-change re-sync (full)');
  await timed('no-change re-sync (delta)');
} finally {
  await database.close();
  await provider.close();
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
}
