import { describe, expect, it } from 'vitest';
import { type RequirementFacts, requirementStatus } from './requirements.ts';

const facts = (f: Partial<RequirementFacts>): RequirementFacts => ({
  id: 'r',
  kind: 'manual',
  label: '',
  credential_id: null,
  credential_title: null,
  learning_kind: null,
  competency_label: null,
  hours: null,
  window_months: null,
  years: null,
  role_kind: null,
  held_role_title: null,
  count: 1,
  credential_state: null,
  have: null,
  ...f,
});

describe('requirement standing', () => {
  it.each([
    [
      { kind: 'credential', credential_id: 'c', credential_title: 'Coaching', credential_state: 'held' },
      'met',
      '',
    ],
    [
      { kind: 'credential', credential_id: 'c', credential_state: 'under_way' },
      'in_progress',
      'Your submission is under way',
    ],
    [
      { kind: 'credential', credential_id: 'c', credential_state: 'expired' },
      'in_progress',
      'Your credential has expired; earn it again',
    ],
    [
      { kind: 'credential', credential_id: 'c', credential_state: 'none' },
      'not_started',
      'Earn this credential',
    ],
    [{ kind: 'learning_hours', hours: '10', have: '0' }, 'not_started', '10 more hours'],
    [{ kind: 'learning_hours', hours: '10', have: '9' }, 'in_progress', '1 more hour'],
    [{ kind: 'learning_hours', hours: '10', have: '10.0' }, 'met', ''],
    [
      { kind: 'experience', years: '3', have: null },
      'not_started',
      'An administrator confirms your years of experience',
    ],
    [{ kind: 'experience', years: '3', have: '2.5' }, 'in_progress', '0.5 more years'],
    [{ kind: 'experience', years: '3', have: '3.2' }, 'met', ''],
    [{ kind: 'role_held', role_kind: 'mentor', count: 2, have: 1 }, 'in_progress', '1 more time'],
    [{ kind: 'role_held', role_kind: 'mentor', count: 1, have: 0 }, 'not_started', '1 more time'],
    [{ kind: 'manual', label: 'Interview', have: 0 }, 'not_started', 'An administrator confirms this'],
    [{ kind: 'manual', label: 'Interview', have: 1 }, 'met', ''],
  ] as const)('reads %o as %s', (f, standing, missing) => {
    const status = requirementStatus(facts(f as Partial<RequirementFacts>));
    expect(status.standing).toBe(standing);
    expect(status.missing).toBe(missing);
    expect(status.progress).toBeGreaterThanOrEqual(0);
    expect(status.progress).toBeLessThanOrEqual(1);
  });

  it('says what each kind asks when its author gave no label, and where the next step is', () => {
    expect(
      requirementStatus(
        facts({
          kind: 'credential',
          credential_id: 'c1',
          credential_title: 'Coaching',
          credential_state: 'none',
        }),
      ),
    ).toMatchObject({ label: 'Hold the credential “Coaching”', link: '/micro-credentials/c1' });
    expect(
      requirementStatus(
        facts({
          kind: 'learning_hours',
          hours: '20',
          window_months: 12,
          competency_label: 'TL.1 Leads',
          have: 0,
        }),
      ),
    ).toMatchObject({ label: '20 hours of learning (TL.1 Leads) in the last 12 months', link: '/learning' });
    expect(
      requirementStatus(
        facts({ kind: 'role_held', role_kind: 'pathway_role', held_role_title: 'Lead', have: 0 }),
      ),
    ).toMatchObject({
      label: 'Held the role “Lead”',
      link: '/opportunities',
    });
    expect(requirementStatus(facts({ kind: 'experience', years: '1', have: null })).link).toBeNull();
  });
});
