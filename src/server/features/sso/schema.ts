import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import { ACCESS_REQUEST_STATUSES, PROVIDER_KINDS, UNKNOWN_PEOPLE } from '#shared/contracts/sso.ts';

/** How a district's staff sign in: whether passwords remain allowed, and what unknown people may do. */
export const signOnSettings = pgTable('sign_on_settings', {
  districtId: uuid('district_id')
    .primaryKey()
    .references(() => organizations.id),
  passwordsAllowed: boolean('passwords_allowed').notNull().default(true),
  unknownPeople: text('unknown_people', { enum: UNKNOWN_PEOPLE }).notNull().default('refuse'),
  updatedAt: createdAt('updated_at'),
});

/** An OpenID Connect provider a district connected; the client secret is encrypted at rest. */
export const signOnProviders = pgTable(
  'sign_on_providers',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind', { enum: PROVIDER_KINDS }).notNull(),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    /** AES-256-GCM under the deployment's key, bound to `sign-on-provider:<id>` (platform/secret-box.ts). */
    clientSecretEncrypted: text('client_secret_encrypted').notNull(),
    /** Microsoft Entra ID: the one tenant whose people this provider signs in. */
    tenantId: text('tenant_id'),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [index('sign_on_providers_district_idx').on(t.districtId)],
);

/**
 * An email domain a district claims. It links accounts only once verified (a DNS TXT record or a
 * confirmation mail), and a verified domain belongs to one district only.
 */
export const signOnDomains = pgTable(
  'sign_on_domains',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    domain: text('domain').notNull(),
    /** The value of the TXT record `_trellis-verification.<domain>` that proves control. */
    txtToken: text('txt_token').notNull(),
    /** The hash of the token a confirmation mail carries, while one waits. */
    mailTokenHash: text('mail_token_hash'),
    mailSentTo: text('mail_sent_to'),
    mailExpiresAt: ts('mail_expires_at'),
    verifiedAt: ts('verified_at'),
    verifiedBy: text('verified_by', { enum: ['dns', 'mail'] }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('sign_on_domains_district_domain_idx').on(t.districtId, t.domain),
    // Claims may wait in several districts; proven control belongs to one.
    uniqueIndex('sign_on_domains_verified_idx').on(t.domain).where(sql`${t.verifiedAt} is not null`),
  ],
);

/**
 * A person's identity at a provider, linked to their account: the issuer and the subject the
 * provider vouches for (for Entra, `<tid>:<oid>`), never an email address.
 */
export const signOnIdentities = pgTable(
  'sign_on_identities',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => signOnProviders.id, { onDelete: 'cascade' }),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    linkedAt: createdAt('linked_at'),
    lastUsedAt: createdAt('last_used_at'),
  },
  (t) => [
    uniqueIndex('sign_on_identities_subject_idx').on(t.issuer, t.subject),
    index('sign_on_identities_user_idx').on(t.userId),
  ],
);

/**
 * One sign-in on its way through a provider: the state, nonce and PKCE verifier it must come back
 * with, bound to the browser that started it. Used once, gone within minutes.
 */
export const signOnAttempts = pgTable(
  'sign_on_attempts',
  {
    id: id(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => signOnProviders.id, { onDelete: 'cascade' }),
    stateHash: text('state_hash').notNull(),
    browserHash: text('browser_hash').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    nextPath: text('next_path').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [
    uniqueIndex('sign_on_attempts_state_idx').on(t.stateHash),
    // Each new attempt deletes the expired ones first.
    index('sign_on_attempts_expires_idx').on(t.expiresAt),
  ],
);

/** Someone a provider vouched for, from a verified domain of the district, who asks for an account. */
export const signOnAccessRequests = pgTable(
  'sign_on_access_requests',
  {
    id: id(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organizations.id),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => signOnProviders.id, { onDelete: 'cascade' }),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ACCESS_REQUEST_STATUSES }).notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    /** The account made when the request was approved. */
    userId: uuid('user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('sign_on_access_requests_district_idx').on(t.districtId, t.status),
    uniqueIndex('sign_on_access_requests_pending_idx')
      .on(t.issuer, t.subject)
      .where(sql`${t.status} = 'pending'`),
  ],
);
