/**
 * Every table of Trellis, for Drizzle and drizzle-kit: each feature keeps its own tables in its
 * `schema.ts`, platform tables live in `platform/schema.ts`, and this file gathers them so that
 * migrations are generated from one place and `#server/db/schema.ts` imports keep working.
 */
export * from '#server/platform/schema.ts';
export * from '#server/features/accounts/schema.ts';
export * from '#server/features/profiles/schema.ts';
export * from '#server/features/communities/schema.ts';
export * from '#server/features/discussion/schema.ts';
export * from '#server/features/feed/schema.ts';
export * from '#server/features/notifications/schema.ts';
export * from '#server/features/resources/schema.ts';
export * from '#server/features/collections/schema.ts';
export * from '#server/features/mobilization/schema.ts';
export * from '#server/features/credentials/schema.ts';
export * from '#server/features/integrations/schema.ts';
export * from '#server/features/privacy/schema.ts';
export * from '#server/features/search/schema.ts';
export * from '#server/features/onboarding/schema.ts';
export * from '#server/features/roster-sync/schema.ts';
export * from '#server/features/sso/schema.ts';
export * from '#server/features/learning/schema.ts';
export * from '#server/features/learning/credit/schema.ts';
export * from '#server/features/messages/schema.ts';
export * from '#server/features/lrs/identity-schema.ts';
export * from '#server/features/lrs/documents/schema.ts';
export * from '#server/features/lrs/schema.ts';
export * from '#server/features/inquiry/schema.ts';
export * from '#server/features/inquiry/plan/schema.ts';
export * from '#server/features/improvement/schema.ts';
export * from '#server/features/inquiry/observation/schema.ts';
export * from '#server/features/coaching/schema.ts';
export * from '#server/features/video/schema.ts';
export * from '#server/features/video-library/schema.ts';
export * from '#server/features/mentoring/schema.ts';
export * from '#server/features/events/schema.ts';
export * from '#server/features/edcamp/schema.ts';
