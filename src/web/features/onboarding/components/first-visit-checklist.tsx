import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '#web/components/feedback.tsx';
import type { Onboarding, OnboardingStepKey } from '#shared/contracts/onboarding.ts';
import { useOnboarding } from '../api/get-onboarding.ts';
import { useSetOnboardingDismissed } from '../api/set-onboarding-dismissed.ts';

const STEP_TEXT: Record<OnboardingStepKey, { label: string; to: string; action: string }> = {
  profile: {
    label: 'Complete your profile: your subjects, grade bands and a line about you',
    to: '/profile',
    action: 'Edit my profile',
  },
  community: { label: 'Join a community of your subject', to: '/communities', action: 'Browse communities' },
  follow: { label: 'Follow colleagues', to: '/directory', action: 'Find colleagues' },
  library: { label: 'Find the resource library', to: '/resources', action: 'Open the library' },
};

function StepExtras({ step, data }: { step: OnboardingStepKey; data: Onboarding }) {
  if (step === 'community' && data.communities.length > 0)
    return (
      <ul aria-label="Suggested communities">
        {data.communities.map((c) => (
          <li key={c.id}>
            <Link to={`/communities/${c.id}`}>{c.name}</Link>{' '}
            <span className="muted">
              ({c.reason === 'school' ? 'your school' : c.subject}; {c.memberCount}{' '}
              {c.memberCount === 1 ? 'member' : 'members'}
              {c.joinPolicy === 'request' ? '; ask to join' : ''})
            </span>
          </li>
        ))}
      </ul>
    );
  if (step === 'follow' && data.colleagues.length > 0)
    return (
      <ul aria-label="Colleagues you may know">
        {data.colleagues.map((p) => (
          <li key={p.id}>
            <Link to={`/people/${p.id}`}>{p.name}</Link> <span className="muted">({p.shared})</span>
          </li>
        ))}
      </ul>
    );
  return null;
}

/**
 * "Getting started" on home for someone new: four steps ticked from what they have done, with
 * communities of their school and subject and colleagues suggested. It can be put away (and brought
 * back); once every step is done it leaves by itself.
 */
export function FirstVisitChecklist() {
  const onboarding = useOnboarding();
  const dismiss = useSetOnboardingDismissed();
  const showAgain = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const data = onboarding.data?.data;
  const hidden = data?.dismissed;

  // Whichever control appears after hiding or showing takes the keyboard's focus.
  useEffect(() => {
    if (!dismiss.isSuccess) return;
    if (hidden) showAgain.current?.focus();
    else heading.current?.focus();
  }, [dismiss.isSuccess, hidden]);

  if (!data || data.complete) return null;
  if (data.dismissed)
    return (
      <p>
        <button
          ref={showAgain}
          type="button"
          className="button button--secondary"
          onClick={() => dismiss.mutate(false)}
        >
          Show the getting-started checklist
        </button>
      </p>
    );
  const done = data.steps.filter((s) => s.done).length;
  return (
    <section className="page" aria-labelledby="getting-started-heading">
      <h2 id="getting-started-heading" ref={heading} tabIndex={-1}>
        Getting started
      </h2>
      <p id="getting-started-progress">
        {done} of {data.steps.length} steps done.
      </p>
      <ol className="checklist" aria-describedby="getting-started-progress">
        {data.steps.map((step) => (
          <li key={step.key} data-done={step.done || undefined}>
            <span aria-hidden="true">{step.done ? '✓ ' : '○ '}</span>
            <span className="visually-hidden">{step.done ? 'Done: ' : 'To do: '}</span>
            {step.done ? (
              STEP_TEXT[step.key].label
            ) : (
              <>
                <strong>{STEP_TEXT[step.key].label}</strong> —{' '}
                <Link to={STEP_TEXT[step.key].to}>{STEP_TEXT[step.key].action}</Link>
                <StepExtras step={step.key} data={data} />
              </>
            )}
          </li>
        ))}
      </ol>
      <ErrorMessage error={dismiss.error} />
      <button
        type="button"
        className="button button--secondary"
        disabled={dismiss.isPending}
        onClick={() => dismiss.mutate(true)}
      >
        Hide this checklist
      </button>
    </section>
  );
}
