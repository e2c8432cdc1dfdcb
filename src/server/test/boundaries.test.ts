import { describe, expect, it } from 'vitest';
import { checkBoundaries } from './boundaries.ts';

describe('feature boundaries', () => {
  it('hold in Trellis: features reach each other through index.ts, in no circle, and the platform imports none', async () => {
    const report = await checkBoundaries('src/server');
    expect(report).toEqual({ violations: [], cycles: [] });
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
