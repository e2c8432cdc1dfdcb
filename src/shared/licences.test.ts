import { describe, expect, it } from 'vitest';
import { allowsRemix, LICENCE_IDS, remixLicences } from './licences.ts';

describe('licences', () => {
  it('forbids remixing under no-derivatives and all rights reserved, and allows it otherwise', () => {
    const forbidden = LICENCE_IDS.filter((l) => !allowsRemix(l));
    expect(forbidden).toEqual(['cc-by-nd', 'cc-by-nc-nd', 'all-rights-reserved']);
    for (const l of forbidden) expect(remixLicences(l)).toEqual([]);
  });

  it('carries share-alike and non-commercial terms over to the remix', () => {
    expect(remixLicences('cc-by-sa')).toEqual(['cc-by-sa']);
    expect(remixLicences('cc-by-nc-sa')).toEqual(['cc-by-nc-sa']);
    expect(remixLicences('cc-by-nc')).toEqual(['cc-by-nc', 'cc-by-nc-sa', 'cc-by-nc-nd']);
    expect(remixLicences('cc-by')).toContain('cc-by-nd');
    expect(remixLicences('cc0')).not.toContain('all-rights-reserved');
  });
});
