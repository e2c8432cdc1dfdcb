import { describe, expect, it } from 'vitest';
import type { Audience } from '#shared/contracts/profiles.ts';
import { canSeeField, canViewProfile, type Relation, relationTo, withinAudience } from './policy.ts';

describe('profile visibility policy', () => {
  const audienceCases: Array<[Relation, Audience, boolean]> = [
    ['self', 'district', true],
    ['self', 'network', true],
    ['self', 'public', true],
    ['district', 'district', true],
    ['district', 'network', true],
    ['district', 'public', true],
    ['network', 'district', false],
    ['network', 'network', true],
    ['network', 'public', true],
    ['public', 'district', false],
    ['public', 'network', false],
    ['public', 'public', true],
  ];
  it.each(audienceCases)('a %s viewer of a field shown to the %s sees it: %s', (relation, audience, seen) => {
    expect(withinAudience(relation, audience)).toBe(seen);
    expect(canSeeField(relation, { bio: audience }, 'bio')).toBe(seen);
  });

  it.each<[Relation, boolean]>([
    ['self', true],
    ['district', true],
    ['network', true],
    ['public', false],
  ])('a field with no chosen audience is shown to the network: %s sees it: %s', (relation, seen) => {
    expect(canSeeField(relation, {}, 'email')).toBe(seen);
    expect(canSeeField(relation, null, 'email')).toBe(seen);
  });

  const viewCases: Array<{
    case: string;
    relation: Relation;
    status: 'active' | 'deactivated';
    profile?: 'network' | 'public';
    admin?: boolean;
    visible: boolean;
  }> = [
    { case: 'a colleague opens an active profile', relation: 'district', status: 'active', visible: true },
    { case: 'a network colleague opens it', relation: 'network', status: 'active', visible: true },
    {
      case: 'an outsider opens a network-only profile',
      relation: 'public',
      status: 'active',
      visible: false,
    },
    {
      case: 'an outsider opens a public profile',
      relation: 'public',
      status: 'active',
      profile: 'public',
      visible: true,
    },
    {
      case: 'a colleague opens a deactivated profile',
      relation: 'district',
      status: 'deactivated',
      visible: false,
    },
    {
      case: 'a network admin-like viewer opens a deactivated profile',
      relation: 'network',
      status: 'deactivated',
      admin: true,
      visible: false,
    },
    {
      case: 'the district admin opens a deactivated profile',
      relation: 'district',
      status: 'deactivated',
      admin: true,
      visible: true,
    },
    {
      case: 'an outsider opens a deactivated public profile',
      relation: 'public',
      status: 'deactivated',
      profile: 'public',
      visible: false,
    },
  ];
  it.each(viewCases)('$case: $visible', ({ relation, status, profile, admin, visible }) => {
    expect(canViewProfile(relation, { status, fieldVisibility: profile ? { profile } : {} }, !!admin)).toBe(
      visible,
    );
  });

  it('derives the relation from districts and shared networks', () => {
    const viewer = { userId: 'a', districtId: 'd1' };
    expect(relationTo(null, { userId: 'b', districtId: 'd1', sharesNetworkWithViewer: false })).toBe(
      'public',
    );
    expect(relationTo(viewer, { userId: 'a', districtId: 'd1', sharesNetworkWithViewer: false })).toBe(
      'self',
    );
    expect(relationTo(viewer, { userId: 'b', districtId: 'd1', sharesNetworkWithViewer: false })).toBe(
      'district',
    );
    expect(relationTo(viewer, { userId: 'b', districtId: 'd2', sharesNetworkWithViewer: true })).toBe(
      'network',
    );
    expect(relationTo(viewer, { userId: 'b', districtId: 'd3', sharesNetworkWithViewer: false })).toBe(
      'public',
    );
  });
});
