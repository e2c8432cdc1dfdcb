import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OnboardingResponse } from '#shared/contracts/onboarding.ts';
import { api } from '#web/lib/api-client.ts';
import { onboardingKeys } from './keys.ts';

export function setOnboardingDismissed(dismissed: boolean) {
  return api<OnboardingResponse>('/onboarding/dismissed', { method: 'PUT', body: { dismissed } });
}

/** Puts the checklist away, or brings it back. */
export function useSetOnboardingDismissed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: setOnboardingDismissed,
    onSuccess: (result) => client.setQueryData(onboardingKeys.checklist, result),
  });
}
