import { describe, expect, it } from 'vitest';
import type { Role } from '#server/db/schema.ts';
import {
  canAdministerDistrict,
  canReadOutbox,
  canSeeArchivedSchools,
  deactivationRefusal,
  inviteOutcome,
  type PolicyActor,
  roleChangeRefusal,
  type StaffTarget,
  staffAbilities,
} from './admin-policy.ts';

const HOME = 'district-home';
const AWAY = 'district-away';
const actor = (roles: Role[], districtId = HOME): PolicyActor => ({ userId: 'me', districtId, roles });
const target = (over: Partial<StaffTarget> = {}): StaffTarget => ({
  id: 'them',
  districtId: HOME,
  status: 'active',
  roles: ['teacher'],
  ...over,
});

describe('canAdministerDistrict', () => {
  it.each([
    ['a district admin, own district', actor(['district_admin']), HOME, true],
    ['a platform admin, own district', actor(['platform_admin']), HOME, true],
    ['a district admin, another district', actor(['district_admin']), AWAY, false],
    ['a principal', actor(['principal']), HOME, false],
    ['a teacher and coach', actor(['teacher', 'coach']), HOME, false],
    ['a network admin', actor(['network_admin']), HOME, false],
    ['nobody signed in', null, HOME, false],
  ] as const)('%s → %s', (_label, who, districtId, expected) => {
    expect(canAdministerDistrict(who, districtId)).toBe(expected);
  });
});

describe('canSeeArchivedSchools and canReadOutbox', () => {
  it.each([
    [actor(['district_admin']), 'enabled', true, true],
    [actor(['district_admin']), 'disabled', true, false],
    [actor(['platform_admin']), 'enabled', true, true],
    [actor(['platform_admin']), 'disabled', true, false],
    [actor(['teacher']), 'enabled', false, false],
    [null, 'enabled', false, false],
  ] as const)('%j with the outbox %s → archived %s, outbox %s', (who, state, archived, outbox) => {
    expect(canSeeArchivedSchools(who)).toBe(archived);
    expect(canReadOutbox(who, state === 'enabled')).toBe(outbox);
  });
});

describe('roleChangeRefusal', () => {
  it.each([
    ['teacher to coach', target(), 'coach', 0, false],
    ['the last admin to teacher', target({ roles: ['district_admin'] }), 'teacher', 0, true],
    ['an admin to teacher with another admin', target({ roles: ['district_admin'] }), 'teacher', 1, false],
    ['the last admin staying admin', target({ roles: ['district_admin'] }), 'district_admin', 0, false],
    [
      'a deactivated admin to teacher',
      target({ roles: ['district_admin'], status: 'deactivated' }),
      'teacher',
      0,
      false,
    ],
  ] as const)('%s → refused: %s', (_label, who, newRole, otherActiveAdmins, refused) => {
    expect(roleChangeRefusal({ target: who, newRole, otherActiveAdmins }) !== null).toBe(refused);
  });
});

describe('deactivationRefusal', () => {
  it.each([
    ['a teacher', target(), 0, false],
    ['oneself', target({ id: 'me', roles: ['district_admin'] }), 5, true],
    ['the last active admin', target({ roles: ['district_admin'] }), 0, true],
    ['an admin with another active admin', target({ roles: ['district_admin'] }), 1, false],
  ] as const)('%s → refused: %s', (_label, who, otherActiveAdmins, refused) => {
    expect(
      deactivationRefusal({ actor: actor(['district_admin']), target: who, otherActiveAdmins }) !== null,
    ).toBe(refused);
  });
});

describe('staffAbilities', () => {
  it.each([
    [
      'admin on an active teacher',
      actor(['district_admin']),
      target(),
      { changeRole: true, deactivate: true, reactivate: false },
    ],
    [
      'admin on a deactivated teacher',
      actor(['district_admin']),
      target({ status: 'deactivated' }),
      { changeRole: true, deactivate: false, reactivate: true },
    ],
    [
      'admin on themselves',
      actor(['district_admin']),
      target({ id: 'me' }),
      { changeRole: true, deactivate: false, reactivate: false },
    ],
    [
      'admin of another district',
      actor(['district_admin'], AWAY),
      target(),
      { changeRole: false, deactivate: false, reactivate: false },
    ],
    ['a teacher', actor(['teacher']), target(), { changeRole: false, deactivate: false, reactivate: false }],
  ] as const)('%s', (_label, who, whom, expected) => {
    expect(staffAbilities(who, whom)).toEqual(expected);
  });
});

describe('inviteOutcome', () => {
  it.each([
    ['a new address', null, null, 'invite'],
    ['one of our own staff', { districtId: HOME }, null, 'already_member'],
    ['another district’s account', { districtId: AWAY }, null, 'pretend'],
    ['an address we already invited', null, { districtId: HOME }, 'already_invited'],
    ['an address another district invited', null, { districtId: AWAY }, 'pretend'],
    ['another district’s account we already invited', { districtId: AWAY }, { districtId: HOME }, 'pretend'],
  ] as const)('%s → %s', (_label, existingUser, openInvitation, expected) => {
    expect(inviteOutcome({ actorDistrictId: HOME, existingUser, openInvitation })).toBe(expected);
  });
});
