import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const folder = join(import.meta.dirname, 'migrations');
const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
  entries: { idx: number; when: number; tag: string }[];
};

// The migrator applies only migrations dated after the last one a database holds, so a migration
// dated before an earlier-numbered one would be skipped on every database that already has it.
describe('the migrations journal', () => {
  it('dates every migration after the one before it', () => {
    for (const [position, entry] of journal.entries.entries()) {
      expect(entry.idx, entry.tag).toBe(position);
      if (position > 0) expect(entry.when, entry.tag).toBeGreaterThan(journal.entries[position - 1].when);
    }
  });

  it('lists every migration file once, in order of its number', () => {
    const files = readdirSync(folder)
      .filter((name) => name.endsWith('.sql'))
      .map((name) => name.replace(/\.sql$/, ''))
      .sort();
    expect(journal.entries.map((entry) => entry.tag)).toEqual(files);
  });
});
