/**
 * The demo network's roster sync: a sample OneRoster 1.2 REST source for Cedar Hollow, without a
 * secret and never synced. The administration page shows an honest "not syncing" state that asks
 * for the district's own secret; nothing here reaches any student information system.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { organizations, rosterSources } from '#server/db/schema.ts';

/** Adds the sample once, to the demo district named, if it has no roster source yet. */
export async function seedRosterSyncDemo(db: Db, districtName: string, slug: string): Promise<void> {
  const [district] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.kind, 'district'), eq(organizations.name, districtName)));
  if (!district) return;
  await db
    .insert(rosterSources)
    .values({
      districtId: district.id,
      baseUrl: `https://sis.${slug}.example.org`,
      tokenUrl: `https://sis.${slug}.example.org/oauth/token`,
      clientId: 'trellis-roster-sample',
      // No secret: a sample, which cannot be previewed until the district enters its own.
      clientSecretEncrypted: '',
      graceDays: 14,
      confirmSharePercent: 5,
    })
    .onConflictDoNothing();
}
