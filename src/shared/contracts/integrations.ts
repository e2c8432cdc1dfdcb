import { z } from 'zod';
import { displayName } from './common.ts';

/**
 * API clients: credentials a district administrator gives another system (a roster sync, a learning
 * record store, a reporting tool) so it can call Trellis without a person's browser session. Each
 * client reaches only what its scopes name, and only inside its own district.
 */

/**
 * The scopes an administrator may give a client today: each reaches something that exists now, and
 * says exactly what. The server checks routes against this list, the admin page offers it and the
 * README documents it, so a scope is added here and nowhere else.
 */
export const API_SCOPES = {
  'directory:read': {
    label: 'Read the staff directory',
    description:
      'List and search the active staff of this district as the directory shows them to a colleague of the district (GET /api/directory): names, role titles, schools and the profile fields each person shows their district, work email included. Never deactivated people, never people of another district, never data private to a person (sign-in details, notifications, submissions, messages).',
  },
  'schools:read': {
    label: 'Read the list of schools',
    description:
      'List the open schools of this district with their names and ids (GET /api/schools), for matching other systems’ records to Trellis schools. No people, no archived schools, no other district.',
  },
  'xapi:write': {
    label: 'Send xAPI statements and documents (LRS)',
    description:
      'Send xAPI 1.0.3 statements to the learning record store at /xapi with HTTP Basic (key and secret), and keep xAPI state, activity profile and agent profile documents. Statements whose actor matches a person of this district appear in that person’s learning log. Statements cannot be changed once stored; voiding is the only change.',
  },
  'xapi:read:own': {
    label: 'Read back its own xAPI statements (LRS)',
    description:
      'Read the xAPI statements this client sent (GET /xapi/statements, with every filter of xAPI 1.0.3), and the activities and agents they name. No statement another client or Trellis itself recorded.',
  },
  'xapi:read:district': {
    label: 'Read the district’s xAPI statements (LRS)',
    description:
      'Read every xAPI statement of this district: those any of its LRS clients sent and Trellis’s own statements of the district about resources and collections open to the district, the network or the public, and micro-credentials earned. Never statements about what is private to a person or a pair (coaching, mentoring, drafts, messages), and never another district’s. Give it only to a system the district trusts with its people’s learning records.',
  },
} as const satisfies Record<string, { label: string; description: string }>;

export type ApiScope = keyof typeof API_SCOPES;
export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as [ApiScope, ...ApiScope[]];
export const ApiScope = z.enum(API_SCOPE_NAMES);

/**
 * Scope names kept for what is to come; they are not offered and a client cannot hold them until
 * the part of Trellis they reach exists.
 */
export const RESERVED_API_SCOPES = {
  'roster:write':
    'Upload and apply OneRoster CSV imports for the district (once imports can be made by a client).',
  'activity:read': 'Read the district’s activity statements (once an activity API exists).',
} as const;

/** How a client authenticates: `Authorization: Bearer <key>.<secret>`, or HTTP Basic with key and secret. */
export const API_KEY_PREFIX = 'trk_';

const Timestamp = z.iso.datetime({ offset: true });

export const ApiClient = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The client id, sent with every request; not secret. */
  key: z.string(),
  scopes: z.array(ApiScope),
  createdAt: Timestamp,
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  lastUsedAt: Timestamp.nullable(),
  /** When the current secret was made (at creation or the last rotation). */
  secretCreatedAt: Timestamp,
  /** While rotating: when the previous secret was made; it is still accepted until retired. */
  previousSecretCreatedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiClient = z.infer<typeof ApiClient>;

export const ApiClientAbilities = z.object({
  rotate: z.boolean(),
  retirePreviousSecret: z.boolean(),
  revoke: z.boolean(),
});
export type ApiClientAbilities = z.infer<typeof ApiClientAbilities>;

export const ApiClientListResponse = z.object({
  data: z.array(ApiClient.extend({ abilities: ApiClientAbilities })),
  nextCursor: z.string().nullable(),
});
export type ApiClientListResponse = z.infer<typeof ApiClientListResponse>;

export const ApiClientResponse = z.object({ data: ApiClient, abilities: ApiClientAbilities });
export type ApiClientResponse = z.infer<typeof ApiClientResponse>;

/** A client with a secret that is shown this once and never again (Trellis keeps only its hash). */
export const ApiClientWithSecretResponse = z.object({
  data: ApiClient.extend({
    secret: z.string(),
    /** `<key>.<secret>`, ready for `Authorization: Bearer …`. */
    token: z.string(),
  }),
  abilities: ApiClientAbilities,
});
export type ApiClientWithSecretResponse = z.infer<typeof ApiClientWithSecretResponse>;

export const CreateApiClientBody = z.strictObject({
  name: displayName(100),
  scopes: z
    .array(ApiScope)
    .min(1, 'choose at least one scope')
    .max(API_SCOPE_NAMES.length)
    .refine((s) => new Set(s).size === s.length, 'must not repeat a scope'),
});
export type CreateApiClientBody = z.infer<typeof CreateApiClientBody>;
