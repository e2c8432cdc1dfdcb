import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const here = new URL('.', import.meta.url);

describe('pathways seams', () => {
  it('reads no other feature table: who was told of an opportunity is asked of the notifications feature', () => {
    for (const file of readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = readFileSync(new URL(file, here), 'utf8');
      expect(text, file).not.toMatch(/\b(from|join|into|update)\s+notifications\b/);
    }
  });
});
