import { z } from 'zod';
import { displayName, Email, line } from './common.ts';

/**
 * Single sign-on: the OpenID Connect providers a district connects, the email domains it proves it
 * controls, how staff sign in, and the requests of people the district does not know yet.
 */

export const PROVIDER_KINDS = ['google', 'entra', 'clever', 'classlink', 'oidc'] as const;
export const ProviderKind = z.enum(PROVIDER_KINDS);
export type ProviderKind = z.infer<typeof ProviderKind>;

export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  google: 'Google Workspace',
  entra: 'Microsoft Entra ID',
  clever: 'Clever',
  classlink: 'ClassLink',
  oidc: 'Other OpenID Connect provider',
};

/** The issuer each well-known provider uses; Entra's names the district's tenant. */
export function defaultIssuer(kind: ProviderKind, tenantId = ''): string {
  switch (kind) {
    case 'google':
      return 'https://accounts.google.com';
    case 'entra':
      return tenantId ? `https://login.microsoftonline.com/${tenantId}/v2.0` : '';
    case 'clever':
      return 'https://clever.com';
    case 'classlink':
      return 'https://launchpad.classlink.com';
    case 'oidc':
      return '';
  }
}

const Timestamp = z.iso.datetime({ offset: true });

/** What people do when the provider vouches for someone of the district Trellis has no account for. */
export const UNKNOWN_PEOPLE = ['refuse', 'request'] as const;
export const UnknownPeople = z.enum(UNKNOWN_PEOPLE);

export const SignOnSettings = z.object({
  /** Whether the district's staff may still sign in with a password (administrators always may). */
  passwordsAllowed: z.boolean(),
  /** `request`: an unknown person of a verified domain asks for an account an admin approves. */
  unknownPeople: UnknownPeople,
});
export type SignOnSettings = z.infer<typeof SignOnSettings>;
export const SignOnSettingsBody = SignOnSettings.strict();

const Url = line(500).pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) address' }));
/** A tenant id: Entra's directory (tenant) id, a GUID. */
const TenantId = z
  .string()
  .trim()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'must be a directory (tenant) id',
  );

export const CreateProviderBody = z.strictObject({
  kind: ProviderKind,
  /** What the sign-in button says: "Sign in with <name>". */
  name: displayName(80),
  issuer: Url,
  clientId: line(300).pipe(z.string().min(1, 'must not be empty')),
  /** Write-only: stored encrypted, never returned. */
  clientSecret: z.string().min(1, 'must not be empty').max(1000),
  /** Microsoft Entra ID only: the tenant whose people may sign in. */
  tenantId: TenantId.optional(),
  enabled: z.boolean().default(true),
});
export type CreateProviderBody = z.infer<typeof CreateProviderBody>;

/** Any field left out is kept; a secret left out keeps the stored one. */
export const UpdateProviderBody = z.strictObject({
  name: displayName(80).optional(),
  issuer: Url.optional(),
  clientId: line(300).pipe(z.string().min(1, 'must not be empty')).optional(),
  clientSecret: z.string().min(1, 'must not be empty').max(1000).optional(),
  tenantId: TenantId.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateProviderBody = z.infer<typeof UpdateProviderBody>;

export const Provider = z.object({
  id: z.uuid(),
  kind: ProviderKind,
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  /**
   * The secret itself never leaves the server: only whether one is stored (`not_set`: a sample
   * configuration, which cannot be turned on until a secret is entered).
   */
  clientSecret: z.enum(['set', 'not_set']),
  tenantId: z.string().nullable(),
  enabled: z.boolean(),
  /** The address to register at the provider as the redirect (callback) URI. */
  redirectUri: z.string(),
  /** The address to register as the post-logout redirect URI, where the provider offers logout. */
  postLogoutRedirectUri: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Provider = z.infer<typeof Provider>;

/** A domain name: lower case letters, digits and hyphens in dot-separated labels. */
export const DomainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    'must be a domain name such as schools.example.org',
  );

export const ClaimDomainBody = z.strictObject({ domain: DomainName });

/** Where to send the confirmation mail: an address at the domain itself. */
export const DomainMailBody = z.strictObject({ email: Email });

export const ConfirmDomainBody = z.strictObject({ token: z.string().min(10).max(200) });

export const Domain = z.object({
  id: z.uuid(),
  domain: z.string(),
  verifiedAt: Timestamp.nullable(),
  verifiedBy: z.enum(['dns', 'mail']).nullable(),
  /** The TXT record that proves control: its name and value. */
  txtName: z.string(),
  txtValue: z.string(),
  /** The address a confirmation mail went to, while it waits to be confirmed. */
  mailSentTo: z.string().nullable(),
  createdAt: Timestamp,
});
export type Domain = z.infer<typeof Domain>;

export const ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'declined'] as const;
export const AccessRequest = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  providerName: z.string(),
  status: z.enum(ACCESS_REQUEST_STATUSES),
  createdAt: Timestamp,
});
export type AccessRequest = z.infer<typeof AccessRequest>;

export const SignOnAbilities = z.object({ manage: z.boolean() });

export const SignOnOverview = z.object({
  settings: SignOnSettings,
  providers: z.array(Provider),
  domains: z.array(Domain),
  accessRequests: z.array(AccessRequest),
});
export type SignOnOverview = z.infer<typeof SignOnOverview>;
export const SignOnOverviewResponse = z.object({ data: SignOnOverview, abilities: SignOnAbilities });
export const ProviderResponse = z.object({ data: Provider });
export const DomainResponse = z.object({ data: Domain });
export const SettingsResponse = z.object({ data: SignOnSettings });
export const AccessRequestResponse = z.object({ data: AccessRequest });

/** Whose linked sign-ins to list: a person of the district by their address. */
export const IdentitiesQuery = z.strictObject({ email: Email });

/** A provider identity linked to a person's account. */
export const LinkedIdentity = z.object({
  id: z.uuid(),
  providerName: z.string(),
  issuer: z.string(),
  subject: z.string(),
  linkedAt: Timestamp,
  lastUsedAt: Timestamp,
});
export type LinkedIdentity = z.infer<typeof LinkedIdentity>;
export const LinkedIdentitiesResponse = z.object({ data: z.array(LinkedIdentity) });

// ---- signing in -------------------------------------------------------------------------------

export const SignOnOptionsQuery = z.strictObject({ email: Email });
export const SignOnOption = z.object({ id: z.uuid(), name: z.string(), kind: ProviderKind });
export const SignOnOptionsResponse = z.object({
  data: z.object({
    providers: z.array(SignOnOption),
    /** False when the district has turned password sign-in off for its staff. */
    passwordsAllowed: z.boolean(),
  }),
});

export const StartSignOnQuery = z.strictObject({
  provider: z.uuid(),
  next: z.string().max(500).optional(),
  email: Email.optional(),
});

/** Why a sign-on ended without a session; the web app's sign-on page explains each. */
export const SIGN_ON_PROBLEMS = [
  'expired',
  'provider_refused',
  'provider_unreachable',
  'invalid_response',
  'unverified_email',
  'unclaimed_domain',
  'other_district',
  'wrong_tenant',
  'wrong_hosted_domain',
  'unknown_person',
  'administrator_account',
  'requested',
  'request_declined',
  'deactivated',
  'disabled',
] as const;
export type SignOnProblem = (typeof SIGN_ON_PROBLEMS)[number];

export const ProviderSignOutResponse = z.object({
  data: z.object({ providerName: z.string(), url: z.string() }).nullable(),
});
