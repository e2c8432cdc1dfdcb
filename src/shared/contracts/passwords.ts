import { z } from 'zod';
import { Email, Password } from './common.ts';

/** Asks for a reset link; the answer never says whether the address has an account. */
export const PasswordResetRequestBody = z.strictObject({ email: Email });

export const PasswordResetRequestResponse = z.object({ data: z.object({ message: z.string() }) });

/** Sets a new password with the token from the emailed link. */
export const PasswordResetCompleteBody = z.strictObject({
  token: z.string().min(1).max(100),
  password: Password,
});

export const PasswordChangeBody = z.strictObject({
  // Any length up to the maximum, so a password set under an older rule can still be confirmed.
  currentPassword: z.string().min(1).max(128),
  newPassword: Password,
});

/** One place a person is signed in. */
export const SessionDevice = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  lastSeenAt: z.iso.datetime({ offset: true }),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  /** The session making this request. */
  current: z.boolean(),
});
export type SessionDevice = z.infer<typeof SessionDevice>;

export const SessionListResponse = z.object({
  data: z.array(SessionDevice),
  nextCursor: z.string().nullable(),
});
export type SessionListResponse = z.infer<typeof SessionListResponse>;
