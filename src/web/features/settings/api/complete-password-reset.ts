import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PasswordResetCompleteBody } from '#shared/contracts/passwords.ts';
import { api } from '#web/lib/api-client.ts';

export type CompletePasswordResetInput = z.input<typeof PasswordResetCompleteBody>;

export function completePasswordReset(body: CompletePasswordResetInput) {
  return api<void>('/password-resets/complete', { method: 'POST', body });
}

/**
 * Sets a new password from an emailed link. The server signs the person in with a fresh session,
 * so the caller must reload the session (and its CSRF token) before going on.
 */
export function useCompletePasswordReset(options: { onSignedIn: () => Promise<void> }) {
  return useMutation({
    mutationFn: async (body: CompletePasswordResetInput) => {
      await completePasswordReset(body);
      await options.onSignedIn();
    },
  });
}
