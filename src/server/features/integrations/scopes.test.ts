import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_SCOPES, RESERVED_API_SCOPES } from '#shared/contracts/integrations.ts';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../../../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Integrations'), readme.indexOf('## Configuration'));

describe('the documented API client scopes', () => {
  it('are the ones offered, each described in the README as the code describes it', () => {
    const rows = [...section.matchAll(/^\| `([a-z:]+)` \| (.+) \|$/gm)].map(([, scope, text]) => [
      scope,
      text,
    ]);
    expect(rows).toEqual(Object.entries(API_SCOPES).map(([scope, { description }]) => [scope, description]));
  });

  it('name the reserved scopes as reserved, and offer none of them', () => {
    const reserved = section.slice(section.indexOf('Reserved for what is to come'));
    for (const scope of Object.keys(RESERVED_API_SCOPES)) {
      expect(reserved).toContain(`\`${scope}\``);
      expect(Object.keys(API_SCOPES)).not.toContain(scope);
    }
  });
});
