/** The SQL of single sign-on: providers, domains, identities, attempts and access requests. */
import { and, asc, desc, eq, gt, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import {
  invitations,
  organizations,
  signOnAccessRequests,
  signOnAttempts,
  signOnDomains,
  signOnIdentities,
  signOnProviders,
  signOnSettings,
  users,
} from '#server/db/schema.ts';
import type { SignOnSettings } from '#shared/contracts/sso.ts';

type Conn = Db | Tx;
export type ProviderRow = typeof signOnProviders.$inferSelect;
export type DomainRow = typeof signOnDomains.$inferSelect;
export type AccessRequestRow = typeof signOnAccessRequests.$inferSelect & { providerName: string };

const DEFAULT_SETTINGS: SignOnSettings = { passwordsAllowed: true, unknownPeople: 'refuse' };

export async function findSettings(tx: Conn, districtId: string): Promise<SignOnSettings> {
  const [row] = await tx
    .select({
      passwordsAllowed: signOnSettings.passwordsAllowed,
      unknownPeople: signOnSettings.unknownPeople,
    })
    .from(signOnSettings)
    .where(eq(signOnSettings.districtId, districtId));
  return row ?? DEFAULT_SETTINGS;
}

export async function saveSettings(tx: Tx, districtId: string, settings: SignOnSettings): Promise<void> {
  await tx
    .insert(signOnSettings)
    .values({ districtId, ...settings })
    .onConflictDoUpdate({ target: signOnSettings.districtId, set: { ...settings, updatedAt: new Date() } });
}

export function listProviders(tx: Conn, districtId: string): Promise<ProviderRow[]> {
  return tx
    .select()
    .from(signOnProviders)
    .where(eq(signOnProviders.districtId, districtId))
    .orderBy(asc(signOnProviders.createdAt));
}

/** A provider of the district (another district's does not exist for it). */
export async function findDistrictProvider(
  tx: Conn,
  districtId: string,
  id: string,
): Promise<ProviderRow | undefined> {
  const [row] = await tx
    .select()
    .from(signOnProviders)
    .where(and(eq(signOnProviders.id, id), eq(signOnProviders.districtId, districtId)));
  return row;
}

export async function findProvider(tx: Conn, id: string): Promise<ProviderRow | undefined> {
  const [row] = await tx.select().from(signOnProviders).where(eq(signOnProviders.id, id));
  return row;
}

export async function insertProvider(
  tx: Tx,
  values: typeof signOnProviders.$inferInsert,
): Promise<ProviderRow> {
  const [row] = await tx.insert(signOnProviders).values(values).returning();
  return row;
}

export async function updateProvider(
  tx: Tx,
  id: string,
  values: Partial<typeof signOnProviders.$inferInsert>,
): Promise<ProviderRow> {
  const [row] = await tx
    .update(signOnProviders)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(signOnProviders.id, id))
    .returning();
  return row;
}

export async function deleteProvider(tx: Tx, id: string): Promise<void> {
  await tx.delete(signOnAccessRequests).where(eq(signOnAccessRequests.providerId, id));
  await tx.delete(signOnProviders).where(eq(signOnProviders.id, id));
}

export function listDomains(tx: Conn, districtId: string): Promise<DomainRow[]> {
  return tx
    .select()
    .from(signOnDomains)
    .where(eq(signOnDomains.districtId, districtId))
    .orderBy(asc(signOnDomains.domain));
}

export async function findDistrictDomain(
  tx: Conn,
  districtId: string,
  id: string,
): Promise<DomainRow | undefined> {
  const [row] = await tx
    .select()
    .from(signOnDomains)
    .where(and(eq(signOnDomains.id, id), eq(signOnDomains.districtId, districtId)));
  return row;
}

/** The district that has proven control of a domain, if any. */
export async function verifiedOwner(tx: Conn, domain: string): Promise<string | null> {
  const [row] = await tx
    .select({ districtId: signOnDomains.districtId })
    .from(signOnDomains)
    .where(and(eq(signOnDomains.domain, domain), isNotNull(signOnDomains.verifiedAt)));
  return row?.districtId ?? null;
}

export async function verifiedDomains(tx: Conn, districtId: string): Promise<string[]> {
  const rows = await tx
    .select({ domain: signOnDomains.domain })
    .from(signOnDomains)
    .where(and(eq(signOnDomains.districtId, districtId), isNotNull(signOnDomains.verifiedAt)));
  return rows.map((r) => r.domain);
}

export async function insertDomain(tx: Tx, values: typeof signOnDomains.$inferInsert): Promise<DomainRow> {
  const [row] = await tx.insert(signOnDomains).values(values).returning();
  return row;
}

export async function updateDomain(
  tx: Tx,
  id: string,
  values: Partial<typeof signOnDomains.$inferInsert>,
): Promise<DomainRow> {
  const [row] = await tx.update(signOnDomains).set(values).where(eq(signOnDomains.id, id)).returning();
  return row;
}

/** The claim a confirmation mail's token belongs to, while the mail is fresh. */
export async function findDomainByMailToken(tx: Conn, tokenHash: string): Promise<DomainRow | undefined> {
  const [row] = await tx
    .select()
    .from(signOnDomains)
    .where(and(eq(signOnDomains.mailTokenHash, tokenHash), gt(signOnDomains.mailExpiresAt, new Date())));
  return row;
}

export async function deleteDomain(tx: Tx, id: string): Promise<void> {
  await tx.delete(signOnDomains).where(eq(signOnDomains.id, id));
}

/** The enabled providers of the district that has verified the domain. */
export function providersForDomain(tx: Conn, domain: string) {
  return tx
    .select({
      id: signOnProviders.id,
      name: signOnProviders.name,
      kind: signOnProviders.kind,
      districtId: signOnProviders.districtId,
    })
    .from(signOnProviders)
    .innerJoin(
      signOnDomains,
      and(eq(signOnDomains.districtId, signOnProviders.districtId), isNotNull(signOnDomains.verifiedAt)),
    )
    .where(and(eq(signOnDomains.domain, domain), eq(signOnProviders.enabled, true)))
    .orderBy(asc(signOnProviders.createdAt));
}

export async function insertAttempt(tx: Conn, values: typeof signOnAttempts.$inferInsert): Promise<void> {
  // Attempts nobody finished go with the next one.
  await tx.delete(signOnAttempts).where(lt(signOnAttempts.expiresAt, new Date()));
  await tx.insert(signOnAttempts).values(values);
}

/** Takes an attempt by its state's hash: it can be taken once, and only while fresh. */
export async function takeAttempt(tx: Conn, stateHash: string) {
  const [row] = await tx
    .delete(signOnAttempts)
    .where(and(eq(signOnAttempts.stateHash, stateHash), gt(signOnAttempts.expiresAt, new Date())))
    .returning();
  return row;
}

export async function findIdentity(tx: Conn, issuer: string, subject: string) {
  const [row] = await tx
    .select({
      id: signOnIdentities.id,
      userId: users.id,
      districtId: users.districtId,
      status: users.status,
    })
    .from(signOnIdentities)
    .innerJoin(users, eq(users.id, signOnIdentities.userId))
    .where(and(eq(signOnIdentities.issuer, issuer), eq(signOnIdentities.subject, subject)));
  return row;
}

export async function touchIdentity(tx: Tx, id: string, providerId: string): Promise<void> {
  await tx
    .update(signOnIdentities)
    .set({ lastUsedAt: new Date(), providerId })
    .where(eq(signOnIdentities.id, id));
}

export async function insertIdentity(tx: Tx, values: typeof signOnIdentities.$inferInsert): Promise<void> {
  await tx.insert(signOnIdentities).values(values);
}

/** Whether the account already has an identity at this issuer (under another subject). */
export async function hasIdentityAt(tx: Conn, userId: string, issuer: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: signOnIdentities.id })
    .from(signOnIdentities)
    .where(and(eq(signOnIdentities.userId, userId), eq(signOnIdentities.issuer, issuer)));
  return row !== undefined;
}

export async function findUserByEmail(tx: Conn, email: string) {
  const [row] = await tx
    .select({ id: users.id, districtId: users.districtId, status: users.status, name: users.name })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row;
}

export async function findUser(tx: Conn, id: string) {
  const [row] = await tx
    .select({ id: users.id, districtId: users.districtId, name: users.name })
    .from(users)
    .where(eq(users.id, id));
  return row;
}

/** Whether the district has an open invitation for the address. */
export async function hasOpenInvitation(tx: Conn, districtId: string, email: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.districtId, districtId),
        sql`lower(${invitations.email}) = ${email.toLowerCase()}`,
        sql`${invitations.acceptedAt} is null and ${invitations.revokedAt} is null`,
        gt(invitations.expiresAt, new Date()),
      ),
    );
  return row !== undefined;
}

export async function districtName(tx: Conn, districtId: string): Promise<string> {
  const [row] = await tx
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, districtId));
  return row?.name ?? 'your district';
}

/** Whether the district declined this identity's request for an account since `since`. */
export async function declinedSince(
  tx: Conn,
  values: { districtId: string; issuer: string; subject: string; since: Date },
): Promise<boolean> {
  const [row] = await tx
    .select({ id: signOnAccessRequests.id })
    .from(signOnAccessRequests)
    .where(
      and(
        eq(signOnAccessRequests.districtId, values.districtId),
        eq(signOnAccessRequests.status, 'declined'),
        eq(signOnAccessRequests.issuer, values.issuer),
        eq(signOnAccessRequests.subject, values.subject),
        gt(signOnAccessRequests.decidedAt, values.since),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Records a request for an account once per identity while it waits. */
export async function insertAccessRequest(
  tx: Tx,
  values: typeof signOnAccessRequests.$inferInsert,
): Promise<void> {
  await tx.insert(signOnAccessRequests).values(values).onConflictDoNothing();
}

const accessRequestColumns = {
  id: signOnAccessRequests.id,
  districtId: signOnAccessRequests.districtId,
  providerId: signOnAccessRequests.providerId,
  issuer: signOnAccessRequests.issuer,
  subject: signOnAccessRequests.subject,
  email: signOnAccessRequests.email,
  name: signOnAccessRequests.name,
  status: signOnAccessRequests.status,
  decidedBy: signOnAccessRequests.decidedBy,
  decidedAt: signOnAccessRequests.decidedAt,
  userId: signOnAccessRequests.userId,
  createdAt: signOnAccessRequests.createdAt,
  providerName: signOnProviders.name,
};

export function listPendingRequests(tx: Conn, districtId: string): Promise<AccessRequestRow[]> {
  return tx
    .select(accessRequestColumns)
    .from(signOnAccessRequests)
    .innerJoin(signOnProviders, eq(signOnProviders.id, signOnAccessRequests.providerId))
    .where(and(eq(signOnAccessRequests.districtId, districtId), eq(signOnAccessRequests.status, 'pending')))
    .orderBy(desc(signOnAccessRequests.createdAt))
    .limit(200);
}

/** A waiting request of the district, locked for the decision. */
export async function lockPendingRequest(
  tx: Tx,
  districtId: string,
  id: string,
): Promise<AccessRequestRow | undefined> {
  const [row] = await tx
    .select(accessRequestColumns)
    .from(signOnAccessRequests)
    .innerJoin(signOnProviders, eq(signOnProviders.id, signOnAccessRequests.providerId))
    .where(
      and(
        eq(signOnAccessRequests.id, id),
        eq(signOnAccessRequests.districtId, districtId),
        eq(signOnAccessRequests.status, 'pending'),
      ),
    )
    .for('update', { of: signOnAccessRequests });
  return row;
}

export async function decideRequest(
  tx: Tx,
  id: string,
  values: { status: 'approved' | 'declined'; decidedBy: string; userId?: string | null },
): Promise<void> {
  await tx
    .update(signOnAccessRequests)
    .set({ ...values, decidedAt: new Date() })
    .where(eq(signOnAccessRequests.id, id));
}

/** The provider the person last signed in through, for offering its sign-out. */
export async function lastUsedProvider(tx: Conn, userId: string): Promise<ProviderRow | undefined> {
  const [row] = await tx
    .select({ provider: signOnProviders })
    .from(signOnIdentities)
    .innerJoin(signOnProviders, eq(signOnProviders.id, signOnIdentities.providerId))
    .where(and(eq(signOnIdentities.userId, userId), eq(signOnProviders.enabled, true)))
    .orderBy(desc(signOnIdentities.lastUsedAt))
    .limit(1);
  return row?.provider;
}

/** Whether the person is an administrator of their district (they keep password sign-in). */
export async function isDistrictAdministrator(
  tx: Conn,
  userId: string,
  districtId: string,
): Promise<boolean> {
  const { rows } = await tx.execute<{ admin: boolean }>(
    sql`select exists (select 1 from memberships where user_id = ${userId} and organization_id = ${districtId}
                        and role in ('district_admin', 'platform_admin')) as admin`,
  );
  return rows[0]?.admin === true;
}

/** Whether the person holds an administrator's role anywhere (district, network or platform). */
export async function holdsAdministratorRole(tx: Conn, userId: string): Promise<boolean> {
  const { rows } = await tx.execute<{ admin: boolean }>(
    sql`select exists (select 1 from memberships where user_id = ${userId}
                        and role in ('district_admin', 'network_admin', 'platform_admin')) as admin`,
  );
  return rows[0]?.admin === true;
}

/** The identities linked to the account of an address, if that account is of the district. */
export function listIdentitiesOf(tx: Conn, districtId: string, email: string) {
  return tx
    .select({
      id: signOnIdentities.id,
      providerName: signOnProviders.name,
      issuer: signOnIdentities.issuer,
      subject: signOnIdentities.subject,
      linkedAt: signOnIdentities.linkedAt,
      lastUsedAt: signOnIdentities.lastUsedAt,
    })
    .from(signOnIdentities)
    .innerJoin(users, eq(users.id, signOnIdentities.userId))
    .innerJoin(signOnProviders, eq(signOnProviders.id, signOnIdentities.providerId))
    .where(and(eq(users.districtId, districtId), sql`lower(${users.email}) = ${email.toLowerCase()}`))
    .orderBy(asc(signOnIdentities.linkedAt));
}

/** Removes an identity of an account of the district; answers whose it was, or nothing. */
export async function deleteIdentity(tx: Tx, districtId: string, id: string) {
  const [row] = await tx
    .delete(signOnIdentities)
    .where(
      and(
        eq(signOnIdentities.id, id),
        sql`${signOnIdentities.userId} in (select id from users where district_id = ${districtId})`,
      ),
    )
    .returning({ userId: signOnIdentities.userId, issuer: signOnIdentities.issuer });
  return row;
}
