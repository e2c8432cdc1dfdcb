import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import type { CredentialIssuer } from '#server/features/credentials/issuing/issuer.ts';
import type { Storage } from '#server/platform/storage.ts';
import { seedBadgeImagesDemo } from './badge-images-demo.ts';
import { seedCredentialsDemo } from './credentials-demo.ts';
import { seedFrameworksDemo } from './frameworks-demo.ts';

/**
 * The network's competency framework and micro-credentials, written for the demo: the network admin
 * issues them and coaches across the districts assess (the first district's coach leads). With an
 * issuer, a few teachers already hold the community-facilitation credential (listed as open to
 * mentoring). With a storage, each credential gets a badge image (drawn at seed time). Safe to run again.
 */
export async function seedMicroCredentialsDemo(
  db: Db,
  issuer?: CredentialIssuer,
  storage?: Storage,
): Promise<void> {
  const { rows: networks } = await db.execute<{ network_id: string; admin_id: string }>(sql`
    select m.organization_id as network_id, m.user_id as admin_id
      from memberships m join organizations o on o.id = m.organization_id
     where o.kind = 'network' and m.role = 'network_admin'
     order by m.created_at, m.user_id limit 1`);
  if (!networks.length) return;
  const { network_id: networkId, admin_id: adminId } = networks[0];
  const { rows: coaches } = await db.execute<{ user_id: string }>(sql`
    select m.user_id from memberships m join network_districts nd on nd.district_id = m.organization_id
     where nd.network_id = ${networkId} and m.role = 'coach'
     order by m.user_id limit 4`);
  if (!coaches.length) return;
  const { competencyIds } = await seedFrameworksDemo(db, { ownerOrgId: networkId, createdBy: adminId });
  const ids = await seedCredentialsDemo(db, {
    issuerOrgId: networkId,
    createdBy: adminId,
    assessorIds: coaches.map((c) => c.user_id),
    leadAssessorId: coaches[0].user_id,
    competencyIds,
  });
  // Before any award is signed, so the signed achievements name their images too.
  if (storage) await seedBadgeImagesDemo(db, storage, Object.values(ids));
  if (!issuer) return;
  const credentialIds = Object.values(ids);
  const { rows: started } = await db.execute<{ n: number }>(sql`
    select (select count(*) from awards where credential_id = any(${sql.param(credentialIds)}::uuid[]))
         + (select count(*) from submissions where credential_id = any(${sql.param(credentialIds)}::uuid[])) as n`);
  if (Number(started[0].n) > 0) return;

  // Experienced teachers open to mentoring hold the facilitation credential and are listed on it.
  const { rows: mentors } = await db.execute<{ user_id: string }>(sql`
    select p.user_id from profiles p join memberships m on m.user_id = p.user_id and m.role = 'teacher'
      join network_districts nd on nd.district_id = m.organization_id and nd.network_id = ${networkId}
     where p.open_to_mentoring order by p.user_id limit 3`);
  if (!mentors.length) return;
  await db.transaction(async (tx) => {
    await issuer.issue(tx, {
      credentialId: ids['community-facilitation'],
      version: 1,
      recipientIds: mentors.map((m) => m.user_id),
      submissionId: null,
      issuedBy: adminId,
    });
    await tx.execute(
      sql`update awards set listed = true where credential_id = ${ids['community-facilitation']}`,
    );
  });
}
