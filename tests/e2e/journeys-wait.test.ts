/**
 * Journeys run beside other work in CI: an assertion on what a page shows must wait for it
 * (`expect.poll`, or a locator's `waitFor`), never read it once and compare. This check fails on a
 * journey that reads a count, a text, a value or a state once inside `expect(…)`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const READS =
  'count|textContent|innerText|inputValue|isChecked|isDisabled|isEnabled|isVisible|isHidden|getAttribute|allTextContents|allInnerTexts';
/** `expect(await x.count())`, `expect((await x.allTextContents()).map(…))` */
const ONE_SHOT = new RegExp(`(?<!\\.poll\\()\\bexpect\\(\\s*\\(?\\s*await\\s[^;]*?\\.(${READS})\\(`, 'g');
/** `await expect(x.isChecked()).resolves…`: resolves once, without retrying. */
const RESOLVES = new RegExp(
  `\\bexpect\\(\\s*[\\w.]+[^;]*?\\.(${READS})\\([^)]*\\)\\s*\\)\\s*\\.resolves`,
  'g',
);

/** The one-shot reads in a journey's source, as `line: text`. */
function oneShotReads(source: string): string[] {
  const found: string[] = [];
  for (const pattern of [ONE_SHOT, RESOLVES])
    for (const match of source.matchAll(pattern)) {
      const line = source.slice(0, match.index).split('\n').length;
      found.push(`${line}: ${match[0].replace(/\s+/g, ' ').slice(0, 100)}`);
    }
  return found;
}

describe('browser journeys', () => {
  it('recognises a one-shot read and a polled one', () => {
    expect(oneShotReads("expect(await page.getByText('x').count()).toBe(0);")).toHaveLength(1);
    expect(oneShotReads('expect((await row.allTextContents()).map(Number)).toEqual([1]);')).toHaveLength(1);
    expect(oneShotReads('await expect(box.isChecked()).resolves.toBe(true);')).toHaveLength(1);
    expect(oneShotReads("await expect.poll(() => page.getByText('x').count()).toBe(0);")).toEqual([]);
    expect(
      oneShotReads('await expect.poll(async () => (await row.allTextContents()).map(Number)).toEqual([1]);'),
    ).toEqual([]);
  });

  const folder = import.meta.dirname;
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.e2e.ts') || f === 'fixtures.ts'))
    it(`${file} waits for what it asserts`, () => {
      expect(oneShotReads(readFileSync(path.join(folder, file), 'utf8'))).toEqual([]);
    });
});
