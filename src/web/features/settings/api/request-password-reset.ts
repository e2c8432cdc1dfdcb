import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PasswordResetRequestBody, PasswordResetRequestResponse } from '#shared/contracts/passwords.ts';
import { api } from '#web/lib/api-client.ts';

export type RequestPasswordResetInput = z.input<typeof PasswordResetRequestBody>;

export function requestPasswordReset(body: RequestPasswordResetInput) {
  return api<z.infer<typeof PasswordResetRequestResponse>>('/password-resets', { method: 'POST', body });
}

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}
