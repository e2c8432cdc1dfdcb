/**
 * The demo network's single sign-on: a sample Google Workspace configuration for Cedar Hollow, turned
 * off and without a secret, and its email domain claimed but not verified. The administration page
 * shows an honest "not connected" state; nothing here can sign anyone in or reach Google.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { organizations, signOnDomains, signOnProviders } from '#server/db/schema.ts';
import { newToken } from '#server/platform/secrets.ts';

/** Adds the sample once, to the demo district named, if it has no sign-on configuration yet. */
export async function seedSignOnDemo(db: Db, districtName: string, domain: string): Promise<void> {
  const [district] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.kind, 'district'), eq(organizations.name, districtName)));
  if (!district) return;
  const { rows } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from sign_on_providers where district_id = ${district.id}`,
  );
  if (rows[0].n > 0) return;
  await db.transaction(async (tx) => {
    await tx.insert(signOnProviders).values({
      districtId: district.id,
      kind: 'google',
      name: 'Google Workspace',
      issuer: 'https://accounts.google.com',
      clientId: 'sample-client-id.apps.googleusercontent.com',
      // No secret: a sample, which cannot be turned on until the district enters its own.
      clientSecretEncrypted: '',
      enabled: false,
    });
    await tx
      .insert(signOnDomains)
      .values({ districtId: district.id, domain, txtToken: newToken() })
      .onConflictDoNothing();
  });
}
