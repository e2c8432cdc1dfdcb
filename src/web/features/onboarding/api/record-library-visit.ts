import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '#web/lib/api-client.ts';
import { onboardingKeys } from './keys.ts';

export function recordLibraryVisit() {
  return api<void>('/onboarding/library-visit', { method: 'POST' });
}

/** Ticks "find the resource library" once the library page is open. */
export function useRecordLibraryVisit() {
  const client = useQueryClient();
  useEffect(() => {
    recordLibraryVisit()
      .then(() => client.invalidateQueries({ queryKey: onboardingKeys.checklist }))
      // The checklist is a nicety: a failed tick must not disturb the library.
      .catch(() => undefined);
  }, [client]);
}
