import { describe, expect, it } from 'vitest';
import { checkBoundaries } from './boundaries.ts';

/**
 * Imports that still break the rule while notifications move to follow from recorded activity
 * (platform/activity.ts): use cases import `notify` itself until then, which is also what ties
 * communities and notifications in a circle. Nothing may be added here; remove a line once it goes.
 */
const LEAVING = new Set([
  'communities/membership-service.ts → notifications/notify.ts',
  'credentials/earning/review-service.ts → notifications/notify.ts',
  'credentials/earning/submission-service.ts → notifications/notify.ts',
  'credentials/issuing/award-service.ts → notifications/notify.ts',
  'credentials/issuing/create-issuer.ts → notifications/notify.ts',
  'discussion/moderation-service.ts → notifications/notify.ts',
  'discussion/post-service.ts → notifications/notify.ts',
  'discussion/thread-service.ts → notifications/notify.ts',
  'feed/follow-service.ts → notifications/notify.ts',
  'mobilization/service.ts → resources/owner-notice.ts',
  'notifications/event-routes.ts → communities/policy.ts',
  'notifications/notify.ts → communities/policy.ts',
  'resources/owner-notice.ts → notifications/notify.ts',
]);
const LEAVING_CYCLES = new Set(['communities → notifications → communities']);

describe('feature boundaries', () => {
  it('hold in Trellis: features reach each other through index.ts, in no circle, and the platform imports none', async () => {
    const report = await checkBoundaries('src/server');
    const short = (v: string) => v.replace(/^[a-z-]+: /, '').replaceAll('src/server/features/', '');
    expect(report.violations.filter((v) => !LEAVING.has(short(v)))).toEqual([]);
    expect(report.cycles.filter((c) => !LEAVING_CYCLES.has(c))).toEqual([]);
  }, 120_000);

  it('catch a reach into internals, a schema reaching further than tables, a circle and a platform import', async () => {
    const root = 'src/server/test/fixtures/boundaries';
    const report = await checkBoundaries(root);
    expect(report.violations).toEqual([
      `feature-internals: ${root}/features/beta/index.ts → ${root}/features/alpha/internal.ts`,
      `feature-schema: ${root}/features/beta/schema.ts → ${root}/features/alpha/internal.ts`,
      `platform-imports-feature: ${root}/platform/clock.ts → ${root}/features/gamma/index.ts`,
    ]);
    expect(report.cycles).toEqual(['alpha → beta → alpha']);
  }, 60_000);
});
