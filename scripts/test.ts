/**
 * `npm test`: type-check, lint, the integration and unit tests on the embedded PostgreSQL, again on
 * the server named by TEST_DATABASE_URL when it is set, the benchmark's ratio check, then the
 * browser journeys. Ends with one
 * line, `N passed, N failed` (and `, N skipped` when some are), and exits non-zero on any failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];
const reports = mkdtempSync(path.join(os.tmpdir(), 'trellis-test-reports-'));

function run(command: string, args: string[], env: Record<string, string> = {}): boolean {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** A check that is one test: it passes or fails whole. */
function check(name: string, command: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n▶ ${name}`);
  const ok = run(command, args, env);
  if (ok) total.passed++;
  else total.failed++;
  lines.push(`${name}: ${ok ? 'passed' : 'FAILED'}`);
}

/** A vitest suite: every test in it counts. */
function suite(name: string, config: string, env: Record<string, string> = {}): void {
  console.log(`\n▶ ${name}`);
  const report = path.join(reports, `${name.replace(/\W+/g, '-')}.json`);
  const ok = run(
    'npx',
    [
      'vitest',
      'run',
      '--config',
      config,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    env,
  );
  const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      testResults: Array<{ status: string; assertionResults: Array<{ status: string }> }>;
    };
    // A file that failed without a failing test (it would not load, say) counts as one failure.
    const brokenFiles = json.testResults.filter(
      (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
    ).length;
    tally.passed = json.numPassedTests;
    tally.failed = json.numFailedTests + brokenFiles;
    tally.skipped = json.numPendingTests + json.numTodoTests;
  }
  // A suite that crashed before reporting, or failed outside any test, still fails the run.
  if (!ok && tally.failed === 0) tally.failed = 1;
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
  lines.push(
    `${name}: ${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`,
  );
}

check('type-check', 'npx', ['tsc', '-p', '.']);
check('lint', 'npx', ['biome', 'check', '.']);
suite('integration and unit (embedded PostgreSQL)', 'vitest.config.ts', { TRELLIS_TEST_DB: 'embedded' });
if (process.env.TEST_DATABASE_URL) {
  suite('integration and unit (TEST_DATABASE_URL)', 'vitest.config.ts', { TRELLIS_TEST_DB: 'external' });
}
// Nothing gets slower unnoticed: a small network under short loads, each endpoint's req/s as a share
// of a bare Fastify + pg read in the same run, against tests/bench/reference.json (docs/benchmarks.md).
check('benchmark ratios (BENCH_SMALL=1)', 'npx', ['tsx', 'tests/bench/run.ts'], {
  BENCH_SMALL: '1',
  BENCH_ONLY: 'state',
});
console.log('\n▶ building the web app for the journeys');
if (run('npx', ['vite', 'build', '--logLevel', 'warn']))
  suite('browser journeys (Chromium)', 'vitest.e2e.config.ts');
else {
  total.failed++;
  lines.push('web build: FAILED');
}

console.log('\nSummary');
for (const line of lines) console.log(`  ${line}`);
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
process.exit(total.failed > 0 ? 1 : 0);
