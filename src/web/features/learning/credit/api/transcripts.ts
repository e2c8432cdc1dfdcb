import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreditImportResponse,
  TranscriptBody,
  TranscriptListResponse,
  TranscriptResponse,
  TranscriptVerificationResponse,
} from '#shared/contracts/credit.ts';
import { api } from '#web/lib/api-client.ts';
import { creditKeys } from './keys.ts';

type Transcript = z.infer<typeof TranscriptResponse>['data'];

export function useTranscripts() {
  return useQuery({
    queryKey: creditKeys.transcripts,
    queryFn: async () => (await api<z.infer<typeof TranscriptListResponse>>('/credit/transcripts')).data,
  });
}

/** Issues a transcript of my approved credit. */
export function useIssueTranscript() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: TranscriptBody) =>
      (await api<{ data: Transcript }>('/credit/transcripts', { method: 'POST', body })).data,
    onSuccess: () => client.invalidateQueries({ queryKey: creditKeys.transcripts }),
  });
}

/** The public check of a transcript, for anyone. */
export function useTranscriptVerification(id: string) {
  return useQuery({
    queryKey: creditKeys.verification(id),
    queryFn: async () => (await api<TranscriptVerificationResponse>(`/transcripts/${id}/verification`)).data,
    retry: false,
  });
}

/** Checks a PDF file against the transcript as issued. */
export async function checkTranscriptPdf(id: string, file: File) {
  const response = await fetch(`/api/transcripts/${encodeURIComponent(id)}/verification`, {
    method: 'POST',
    headers: { 'content-type': 'application/pdf', accept: 'application/json' },
    body: file,
    // Anyone may check a transcript: sent without the session, so no CSRF token is needed.
    credentials: 'omit',
  });
  if (!response.ok) throw new Error('The file could not be checked.');
  return ((await response.json()) as TranscriptVerificationResponse).data;
}

/** Reads an old system's CSV, as a dry run or for real. */
export function useImportCredit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { csv: string; dryRun: boolean }) =>
      (await api<CreditImportResponse>('/credit/imports', { method: 'POST', body })).data,
    onSuccess: (data) => {
      if (data.applied) void client.invalidateQueries({ queryKey: creditKeys.all });
    },
  });
}
