import { useMutation } from '@tanstack/react-query';
import type { VerificationReport, VerificationResponse } from '#shared/contracts/awards.ts';
import { api } from '#web/lib/api-client.ts';

/** What to verify: pasted JSON (already parsed), a chosen file, or the credential's web address. */
export type VerifyInput = { credential: unknown } | { file: File } | { url: string };

export async function verifyCredential(input: VerifyInput): Promise<VerificationReport> {
  if ('file' in input) {
    const formData = new FormData();
    formData.append('file', input.file);
    return (await api<VerificationResponse>('/verify', { method: 'POST', formData })).data;
  }
  if ('url' in input)
    return (await api<VerificationResponse>('/verify', { method: 'POST', body: { url: input.url } })).data;
  return (
    await api<VerificationResponse>('/verify', { method: 'POST', body: { credential: input.credential } })
  ).data;
}

/** Checks a credential from anywhere: format, signature, issuer, expiry and revocation. */
export function useVerifyCredential() {
  return useMutation({ mutationFn: verifyCredential });
}
