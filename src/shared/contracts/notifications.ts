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

export const NotificationSettings = z.object({ email: EmailChoice });
export type NotificationSettings = z.infer<typeof NotificationSettings>;
export const NotificationSettingsBody = z.strictObject({ email: EmailChoice });
export type NotificationSettingsBody = z.infer<typeof NotificationSettingsBody>;
export const NotificationSettingsResponse = z.object({ data: NotificationSettings });
export type NotificationSettingsResponse = z.infer<typeof NotificationSettingsResponse>;

/** The token from an emailed unsubscribe link. */
export const UnsubscribeQuery = z.strictObject({ token: z.string().min(1).max(300) });
export const UnsubscribeResponse = z.object({ data: z.object({ email: z.literal('off') }) });
export type UnsubscribeResponse = z.infer<typeof UnsubscribeResponse>;
