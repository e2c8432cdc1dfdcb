import { describe, expect, it } from 'vitest';
import {
  canEditEvidence,
  canReadSubmission,
  canReview,
  canSeeReview,
  canWithdraw,
  type SubmissionStanding,
} from './policy.ts';

const standing = (overrides: Partial<SubmissionStanding> = {}): SubmissionStanding => ({
  userId: 'me',
  ownerId: 'owner',
  status: 'submitted',
  round: 2,
  submitted: true,
  isMember: false,
  isAssessor: false,
  isLead: false,
  administersIssuer: false,
  ...overrides,
});

describe('who reads and writes a submission', () => {
  it.each([
    ['a member of a draft', { isMember: true, status: 'draft', submitted: false }, true],
    [
      'an assessor of a draft never submitted',
      { isAssessor: true, status: 'draft', submitted: false },
      false,
    ],
    ['an assessor once submitted', { isAssessor: true }, true],
    ['the issuer’s admin once submitted', { administersIssuer: true }, true],
    ['anyone else', {}, false],
  ] as const)('reading: %s → %s', (_name, overrides, expected) => {
    expect(canReadSubmission(standing(overrides))).toBe(expected);
  });

  it.each([
    ['a member drafting', { isMember: true, status: 'draft' }, true],
    ['a member revising', { isMember: true, status: 'revise' }, true],
    ['a member while it is reviewed', { isMember: true, status: 'submitted' }, false],
    ['an assessor', { isAssessor: true, status: 'draft' }, false],
  ] as const)('editing evidence: %s → %s', (_name, overrides, expected) => {
    expect(canEditEvidence(standing(overrides))).toBe(expected);
  });

  it.each([
    ['the owner, under review', { userId: 'owner', isMember: true }, true],
    ['the owner, earned', { userId: 'owner', isMember: true, status: 'earned' }, false],
    ['a teammate', { isMember: true }, false],
  ] as const)('withdrawing: %s → %s', (_name, overrides, expected) => {
    expect(canWithdraw(standing(overrides))).toBe(expected);
  });
});

describe('who reviews and sees reviews', () => {
  it.each([
    ['an assessor, submitted', { isAssessor: true }, false, true],
    ['an assessor who already reviewed', { isAssessor: true }, true, false],
    ['an assessor who is a member', { isAssessor: true, isMember: true }, false, false],
    ['an assessor, escalated', { isAssessor: true, status: 'escalated' }, false, false],
    ['a lead, escalated', { isAssessor: true, isLead: true, status: 'escalated' }, false, true],
    ['an assessor, revise', { isAssessor: true, status: 'revise' }, false, false],
    ['the issuer’s admin', { administersIssuer: true }, false, false],
  ] as const)('reviewing: %s → %s', (_name, overrides, reviewed, expected) => {
    expect(canReview(standing(overrides), reviewed)).toBe(expected);
  });

  it.each([
    ['a member, an earlier round', { isMember: true }, 1, false, true],
    ['a member, this round undecided', { isMember: true }, 2, false, false],
    ['a member, this round sent back', { isMember: true, status: 'revise' }, 2, false, true],
    ['a member, escalated', { isMember: true, status: 'escalated' }, 2, false, false],
    ['a second assessor before reviewing', { isAssessor: true }, 2, false, false],
    ['a second assessor after reviewing', { isAssessor: true }, 2, true, true],
    [
      'a lead settling a disagreement',
      { isAssessor: true, isLead: true, status: 'escalated' },
      2,
      false,
      true,
    ],
    ['the issuer’s admin', { administersIssuer: true }, 2, false, true],
  ] as const)('seeing a review: %s → %s', (_name, overrides, round, reviewed, expected) => {
    expect(canSeeReview(standing(overrides), { round }, reviewed)).toBe(expected);
  });
});
