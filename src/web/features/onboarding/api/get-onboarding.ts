import { useQuery } from '@tanstack/react-query';
import type { OnboardingResponse } from '#shared/contracts/onboarding.ts';
import { api } from '#web/lib/api-client.ts';
import { onboardingKeys } from './keys.ts';

export function getOnboarding() {
  return api<OnboardingResponse>('/onboarding');
}

/** The signed-in person's first-visit checklist, read from what they have done. */
export function useOnboarding() {
  return useQuery({ queryKey: onboardingKeys.checklist, queryFn: getOnboarding });
}
