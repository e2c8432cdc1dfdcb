import { z } from 'zod';

export const EMAIL_CHOICES = ['each', 'daily', 'off'] as const;
export const EmailChoice = z.enum(EMAIL_CHOICES);
export type EmailChoice = z.infer<typeof EmailChoice>;

/** `user:<id>`, `thread:<id>` or `community:<id>`, comma-separated. */
export const MAX_EVENT_TOPICS = 20;
export const EventsQuery = z.strictObject({
  topics: z.string().min(1, 'name at least one topic').max(2000),
});

export const NotificationListQuery = z.strictObject({
  unread: z.enum(['1', 'true', '0', 'false']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

const Named = z.object({ id: z.uuid(), name: z.string() });

/** One notification as its owner sees it: a plain sentence (shown escaped) and where it leads. */
export const NotificationView = z.object({
  id: z.uuid(),
  /** A kind a feature of Trellis declares, e.g. `reply`. */
  kind: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
  actor: Named.nullable(),
  community: Named.nullable(),
  thread: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  /** A path inside the web app, e.g. `/communities/…/threads/…`. */
  link: z.string(),
  /** Plain text, e.g. `Ana Díaz replied to “Fractions on a number line”`. */
  text: z.string(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationListResponse = z.object({
  data: z.array(NotificationView),
  nextCursor: z.string().nullable(),
});
export type NotificationListResponse = z.infer<typeof NotificationListResponse>;

export const UnreadCountResponse = z.object({ data: z.object({ unread: z.number().int() }) });
export type UnreadCountResponse = z.infer<typeof UnreadCountResponse>;

export const MarkReadResponse = z.object({ data: z.object({ id: z.uuid(), read: z.literal(true) }) });
export const MarkAllReadResponse = z.object({ data: z.object({ marked: z.number().int() }) });

/**
 * How one kind of notification reaches a person: `email` at once (and in the app), in the email
 * `digest` (and in the app), in the `app` only, or `off` (not even in the app).
 */
export const DELIVERIES = ['email', 'digest', 'app', 'off'] as const;
export const Delivery = z.enum(DELIVERIES);
export type Delivery = z.infer<typeof Delivery>;

export const DIGEST_FREQUENCIES = ['daily', 'weekly'] as const;
export const DigestFrequency = z.enum(DIGEST_FREQUENCIES);
export type DigestFrequency = z.infer<typeof DigestFrequency>;

/** A time of day, `HH:MM` on a 24-hour clock. */
const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as 21:30');

/** Email waits while they last, in the person's time zone; start after end spans midnight. */
export const QuietHours = z
  .object({ start: TimeOfDay, end: TimeOfDay })
  .refine((q) => q.start !== q.end, { message: 'must end at another time than it starts', path: ['end'] });
export type QuietHours = z.infer<typeof QuietHours>;

/** One kind of notification some feature declares, with the person's choice for it (null: their general one). */
export const KindSetting = z.object({
  kind: z.string(),
  label: z.string(),
  delivery: Delivery.nullable(),
});
export type KindSetting = z.infer<typeof KindSetting>;

/** A community where the person chose otherwise for every kind. */
export const CommunitySetting = z.object({
  community: z.object({ id: z.uuid(), name: z.string() }),
  delivery: Delivery,
});
export type CommunitySetting = z.infer<typeof CommunitySetting>;

export const NotificationSettings = z.object({
  /** The general email choice, for every kind without one of its own. */
  email: EmailChoice,
  digest: DigestFrequency,
  quietHours: QuietHours.nullable(),
  timeZone: z.string(),
  /** Every kind Trellis's features declare, as their registry lists them. */
  kinds: z.array(KindSetting),
  communities: z.array(CommunitySetting),
  /** Whether Trellis receives replies to its emails here (its inbound mail is set up). */
  replyByEmail: z.boolean(),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

/** Only what is sent changes; `null` for a kind or community removes its own choice. */
export const NotificationSettingsBody = z.strictObject({
  email: EmailChoice.optional(),
  digest: DigestFrequency.optional(),
  quietHours: QuietHours.nullable().optional(),
  timeZone: z.string().min(1).max(64).optional(),
  kinds: z.record(z.string().min(1).max(64), Delivery.nullable()).optional(),
  communities: z
    .array(z.strictObject({ communityId: z.uuid(), delivery: Delivery.nullable() }))
    .max(200)
    .optional(),
});
export type NotificationSettingsBody = z.infer<typeof NotificationSettingsBody>;
export const NotificationSettingsResponse = z.object({ data: NotificationSettings });
export type NotificationSettingsResponse = z.infer<typeof NotificationSettingsResponse>;

/** The token from an emailed unsubscribe link. */
export const UnsubscribeQuery = z.strictObject({ token: z.string().min(1).max(300) });
/**
 * What a one-click unsubscribe stopped: every notification email (`kind` null), or one kind's,
 * which then shows in the app only.
 */
export const UnsubscribeResponse = z.object({
  data: z.object({ email: z.literal('off'), kind: z.string().nullable(), label: z.string().nullable() }),
});
export type UnsubscribeResponse = z.infer<typeof UnsubscribeResponse>;
