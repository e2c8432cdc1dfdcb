import { describe, expect, it } from 'vitest';
import type { Role } from '#server/db/schema.ts';
import {
  canManageNetworkDistricts,
  canRemoveNetworkDistrict,
  canSeeNetwork,
  type NetworkActor,
  networkAbilities,
} from './network-policy.ts';

const NETWORK = 'network-1';
const HOME = 'district-home';
const OTHER = 'district-other';

const actor = (roles: Role[], opts: { member?: boolean; admin?: boolean } = {}): NetworkActor => ({
  districtId: HOME,
  roles,
  networkIds: opts.member ? [NETWORK] : [],
  networkAdminOf: opts.admin ? [NETWORK] : [],
});

describe('network membership policy', () => {
  it.each([
    ['a teacher of a member district', actor(['teacher'], { member: true }), true, false, false, false],
    [
      'a district admin of a member district',
      actor(['district_admin'], { member: true }),
      true,
      false,
      true,
      false,
    ],
    ['a district admin outside the network', actor(['district_admin']), false, false, false, false],
    ['a network admin', actor(['teacher'], { admin: true }), true, true, true, true],
    [
      'a network admin of a member district',
      actor(['teacher'], { admin: true, member: true }),
      true,
      true,
      true,
      true,
    ],
  ])('%s', (_name, who, sees, manages, removesOwn, removesOther) => {
    expect(canSeeNetwork(who, NETWORK)).toBe(sees);
    expect(canManageNetworkDistricts(who, NETWORK)).toBe(manages);
    expect(canRemoveNetworkDistrict(who, NETWORK, HOME)).toBe(removesOwn);
    expect(canRemoveNetworkDistrict(who, NETWORK, OTHER)).toBe(removesOther);
  });

  it('offers leaving only to a district whose district belongs to the network', () => {
    expect(networkAbilities(actor(['district_admin'], { member: true }), NETWORK)).toEqual({
      manageDistricts: false,
      leave: true,
    });
    expect(networkAbilities(actor(['district_admin'], { admin: true }), NETWORK)).toEqual({
      manageDistricts: true,
      leave: false,
    });
  });
});
