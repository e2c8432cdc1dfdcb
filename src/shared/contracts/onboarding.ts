import { z } from 'zod';

/**
 * A person's first-visit checklist on home: each step is read from what they have done (their
 * profile, communities, follows, the library), with communities and colleagues suggested from their
 * school and subjects.
 */

export const ONBOARDING_STEPS = ['profile', 'community', 'follow', 'library'] as const;
export const OnboardingStepKey = z.enum(ONBOARDING_STEPS);
export type OnboardingStepKey = z.infer<typeof OnboardingStepKey>;

export const OnboardingStep = z.object({ key: OnboardingStepKey, done: z.boolean() });

export const SuggestedCommunity = z.object({
  id: z.uuid(),
  name: z.string(),
  memberCount: z.number().int(),
  /** Why it is suggested: the community of one's school, or of one's subject (named). */
  reason: z.enum(['school', 'subject']),
  subject: z.string().nullable(),
  /** `open`: join at once; `request`: ask to join. */
  joinPolicy: z.enum(['open', 'request']),
});
export type SuggestedCommunity = z.infer<typeof SuggestedCommunity>;

export const SuggestedColleague = z.object({
  id: z.uuid(),
  name: z.string(),
  /** What they share with the viewer: their school's name, or a subject. */
  shared: z.string(),
});
export type SuggestedColleague = z.infer<typeof SuggestedColleague>;

export const Onboarding = z.object({
  steps: z.array(OnboardingStep),
  /** Every step done. */
  complete: z.boolean(),
  /** The person put the checklist away. */
  dismissed: z.boolean(),
  /** The subjects on the person's profile (the community step asks for one of these). */
  subjects: z.array(z.string()),
  communities: z.array(SuggestedCommunity),
  colleagues: z.array(SuggestedColleague),
});
export type Onboarding = z.infer<typeof Onboarding>;
export const OnboardingResponse = z.object({ data: Onboarding });
export type OnboardingResponse = z.infer<typeof OnboardingResponse>;

export const OnboardingDismissBody = z.strictObject({ dismissed: z.boolean() });
