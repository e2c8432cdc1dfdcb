import { z } from 'zod';
import { Email } from './common.ts';

export const ROLES = [
  'teacher',
  'coach',
  'principal',
  'district_admin',
  'network_admin',
  'assessor',
  'platform_admin',
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const SignInBody = z.strictObject({
  email: Email,
  // Sign-in accepts any length up to the maximum, so older passwords still work if the rule changes.
  password: z.string().min(1).max(128),
});

export const SessionUser = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  districtId: z.uuid(),
  roles: z.array(RoleSchema),
  networkIds: z.array(z.uuid()),
  networkAdminOf: z.array(z.uuid()),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionResponse = z.object({
  data: z
    .object({
      user: SessionUser,
      /** Sent back in the `X-CSRF-Token` header on every write. */
      csrfToken: z.string(),
      /** Whether development tools (the mail outbox, DEV_OUTBOX) are on, so the web app links to them. */
      development: z.boolean(),
      /**
       * Whether PUBLIC_URL is a local address (localhost, loopback): credentials issued now would name
       * it for good, so the issuing pages warn.
       */
      publicUrlIsLocal: z.boolean(),
    })
    .nullable(),
});
