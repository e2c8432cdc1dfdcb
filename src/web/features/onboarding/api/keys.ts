/** Query keys of the first-visit checklist. */
export const onboardingKeys = { checklist: ['onboarding'] as const };
