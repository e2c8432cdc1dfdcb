import { z } from 'zod';

/**
 * A person's data and a district's: downloads, erasing a person who has left, and how long a
 * district keeps activity, notifications and sign-in records.
 */

/** What a district may set an age limit for, in words for its administrators. */
export const RETENTION_KINDS = ['activity', 'notifications', 'sign_ins'] as const;
export const RetentionKind = z.enum(RETENTION_KINDS);
export type RetentionKind = z.infer<typeof RetentionKind>;

export const RETENTION_LABELS: Record<RetentionKind, { label: string; description: string }> = {
  activity: {
    label: 'Activity records',
    description:
      'The activity stream behind feeds, learning logs and insights: who posted, shared, reviewed or earned what.',
  },
  notifications: {
    label: 'Notifications',
    description: 'What each person was told under the bell, read or not.',
  },
  sign_ins: {
    label: 'Sign-in records',
    description: 'Devices people signed in from, with their browser and address.',
  },
};

/** The shortest and longest age limits a district may set. */
export const RETENTION_MIN_DAYS = 30;
export const RETENTION_MAX_DAYS = 3650;

export const RetentionSetting = z.object({
  kind: RetentionKind,
  /** Rows older than this many days are deleted each night; null keeps them. */
  days: z.number().int().nullable(),
});
export type RetentionSetting = z.infer<typeof RetentionSetting>;

export const RetentionResponse = z.object({ data: z.array(RetentionSetting) });
export type RetentionResponse = z.infer<typeof RetentionResponse>;

export const RetentionBody = z.strictObject({
  settings: z
    .array(
      z.strictObject({
        kind: RetentionKind,
        days: z
          .number()
          .int('must be a whole number of days')
          .min(RETENTION_MIN_DAYS, `must be at least ${RETENTION_MIN_DAYS} days`)
          .max(RETENTION_MAX_DAYS, `must be at most ${RETENTION_MAX_DAYS} days`)
          .nullable(),
      }),
    )
    .min(1)
    .max(RETENTION_KINDS.length),
});
export type RetentionBody = z.infer<typeof RetentionBody>;

/** Erasing a person: the administrator types the person's email address to confirm. */
export const ErasureBody = z.strictObject({
  confirm: z.string().trim().max(320),
});
export type ErasureBody = z.infer<typeof ErasureBody>;

export const ErasureResponse = z.object({
  data: z.object({
    /** The account that now stands where the person's contributions stay. */
    formerMemberId: z.uuid(),
    deidentified: z.number().int(),
    deleted: z.number().int(),
  }),
});
export type ErasureResponse = z.infer<typeof ErasureResponse>;
