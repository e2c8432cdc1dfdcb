import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PasswordChangeBody } from '#shared/contracts/passwords.ts';
import { api } from '#web/lib/api-client.ts';
import { sessionsKey } from './list-sessions.ts';

export type ChangePasswordInput = z.input<typeof PasswordChangeBody>;

export function changePassword(body: ChangePasswordInput) {
  return api<void>('/password', { method: 'PUT', body });
}

/** Changes the password; every other device is signed out, so the device list is reloaded. */
export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => client.invalidateQueries({ queryKey: sessionsKey }),
  });
}
