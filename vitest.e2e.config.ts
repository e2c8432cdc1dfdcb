import { defineConfig } from 'vitest/config';

/** Browser journeys through the built web app and the real Trellis process, in Chromium. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A page waits on the server and the browser: give it as long as Playwright's own waits.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    pool: 'forks',
    // Journeys share one Trellis process; running them one file at a time keeps them unhurried.
    fileParallelism: false,
  },
});
