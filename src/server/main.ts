/**
 * The Trellis process: reads configuration, starts the embedded database unless DATABASE_URL names
 * one, migrates, seeds demo data on first start, listens, and shuts down in order.
 *
 *   tsx src/server/main.ts            start Trellis
 *   tsx src/server/main.ts migrate    apply migrations and exit
 *   tsx src/server/main.ts seed       seed demo data (if the database has none) and exit
 *   tsx src/server/main.ts backup [--keep N] [--to DIR]        back up the embedded database and files
 *   tsx src/server/main.ts restore <backup> [--data-dir DIR]   restore a backup into a new DATA_DIR
 */
import path from 'node:path';
import { createCredentialIssuer } from '#server/features/credentials/issuing/create-issuer.ts';
import { buildApp } from './app.ts';
import {
  type Database,
  describeDatabaseError,
  migrateDatabase,
  openDatabase,
  withSchemaLock,
} from './db/client.ts';
import { runBackupCommand, runRestoreCommand } from './db/backup.ts';
import { lockDataDir } from './db/data-dir-lock.ts';
import {
  assertEmbeddedServerCanReach,
  type EmbeddedPostgresHandle,
  ensureDatabase,
  startEmbeddedPostgres,
} from './db/embedded.ts';
import { availableCores, defaultPoolSize } from './db/machine.ts';
import { seedDemo } from './db/seed/demo.ts';
import { features } from './features/index.ts';
import { startInboundMail } from './features/notifications/inbound/smtp-listener.ts';
import { registerActivity } from './platform/activity.ts';
import { registerFeedItems } from './platform/feed-items.ts';
import { type Config, loadConfig } from './platform/config.ts';
import { localPublicUrlWarning } from './platform/public-url.ts';
import { localStorage, removeAbandonedPartials } from './platform/storage.ts';

const SHUTDOWN_GRACE_MS = 10_000;
/** How long, at most, the listener stays open after a stop signal for requests in flight to finish. */
const SHUTDOWN_DRAIN_MS = 5_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const verb = process.argv[2] ?? 'start';
  if (verb === 'backup' || verb === 'restore') {
    await (verb === 'backup' ? runBackupCommand : runRestoreCommand)(config, process.argv.slice(3));
    process.exit(0);
  }

  let embedded: EmbeddedPostgresHandle | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const databaseDir = path.join(config.dataDir, 'postgres');
    assertEmbeddedServerCanReach(databaseDir);
    // One Trellis per DATA_DIR: a second one must never touch the first one's database (decision 010).
    await lockDataDir(config.dataDir);
    embedded = await startEmbeddedPostgres({
      databaseDir,
      port: config.EMBEDDED_PG_PORT,
    });
    await ensureDatabase(embedded.adminUrl, 'trellis');
    databaseUrl = embedded.urlFor('trellis');
  }
  await migrateDatabase(databaseUrl);
  const database: Database = openDatabase(
    databaseUrl,
    config.DB_POOL_SIZE ?? defaultPoolSize(availableCores()),
  );

  if (verb === 'migrate' || verb === 'seed') {
    if (verb === 'seed') printDemoAccounts(await seedUnderLock(databaseUrl, database, config));
    await database.close();
    await embedded?.stop();
    return;
  }

  const demo = config.SEED_DEMO ? await seedUnderLock(databaseUrl, database, config) : null;
  const app = await buildApp({
    config,
    db: database.db,
    pool: database.pool,
    logger: {
      level: config.LOG_LEVEL,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
    },
  });

  // Uploads cut short by a crash (kill -9) leave partial files: sweep them at start (and every hour,
  // in the housekeeping job).
  void removeAbandonedPartials(path.join(config.dataDir, 'files'))
    .then((removed) => {
      if (removed > 0) app.log.info({ removed }, 'removed partial files of unfinished uploads');
    })
    .catch((error: unknown) => app.log.warn({ err: error }, 'could not sweep partial files'));

  // Counted at the socket level so aborted requests are counted out too.
  let inFlight = 0;
  app.server.on('request', (_request, response) => {
    inFlight++;
    response.once('close', () => inFlight--);
  });

  let inbound: Awaited<ReturnType<typeof startInboundMail>> | null = null;
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    // Tell the load balancer at once (/readyz answers 503) and keep listening while requests in
    // flight finish: closing the listener first would leave probes with a refused connection.
    app.accepting = false;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    // Jobs under way finish (or, cut off, are retried by another instance or the next start).
    await app.jobs.stop(SHUTDOWN_DRAIN_MS);
    // Replies by email being received finish; a sending server retries what was cut off.
    await inbound?.close();
    // Open event streams would hold the drain for its whole length: end them, and browsers
    // reconnect to an instance that stays.
    app.realtime.endStreams();
    const drainUntil = Date.now() + SHUTDOWN_DRAIN_MS;
    while (inFlight > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
    await app.close();
    await database.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // Background jobs: every instance works every queue (decision 016). Started before listening, so
  // an instance that answers /readyz is wholly started.
  await app.jobs.start();
  await app.listen({ port: config.PORT, host: config.HOST });
  // Replies to notification emails, over SMTP, only when a port is configured (decision 054).
  if (config.INBOUND_SMTP_PORT !== undefined) {
    inbound = await startInboundMail(app, { features });
    app.log.info({ port: inbound.port, host: config.INBOUND_SMTP_HOST }, 'receiving replies by email');
  }
  const localUrl = localPublicUrlWarning(config.PUBLIC_URL);
  if (localUrl) app.log.warn(localUrl);
  if (demo) printDemoAccounts(demo);
  const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  console.log(
    `\nTrellis is running at http://${shown}:${config.PORT}${embedded ? ' (embedded PostgreSQL)' : ''}\n`,
  );
}

function printDemoAccounts(demo: Awaited<ReturnType<typeof seedDemo>>): void {
  if (!demo) return;
  console.log('\nDemo accounts (all share one password):');
  for (const account of demo.highlighted)
    console.log(`  ${account.role.padEnd(15)} ${account.email.padEnd(40)} ${account.district}`);
  console.log(`  ...and ${demo.total - demo.highlighted.length} more staff.`);
  console.log(`Demo password: ${demo.password}\n`);
}

main().catch((error: unknown) => {
  // Never the failed query's parameters: they may hold a password hash.
  console.error(describeDatabaseError(error));
  process.exit(1);
});

/**
 * Seeds the demo under the lock migrations take: instances starting at once on an empty database
 * seed one after another, and the later ones find the demo there and leave it as it is.
 */
function seedUnderLock(databaseUrl: string, database: Database, config: Config) {
  // The demo's activities make notifications and feed items, and name this address, as the app's would.
  registerActivity({ baseUrl: config.PUBLIC_URL, features });
  registerFeedItems(features);
  return withSchemaLock(databaseUrl, () =>
    seedDemo(database.db, demoStorage(config), createCredentialIssuer({ db: database.db, config })),
  );
}

/** Where the demo library's files go: the same folder the app serves uploads from. */
function demoStorage(config: Config) {
  return localStorage(path.join(config.dataDir, 'files'));
}
