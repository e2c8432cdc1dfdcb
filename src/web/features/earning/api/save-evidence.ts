import type { EvidenceAnswerInput, StaleEvidenceProblem } from '#shared/contracts/submissions.ts';
import { ApiError, api } from '#web/lib/api-client.ts';

/** A save refused because a teammate saved first, carrying their evidence. */
export function staleEvidence(error: unknown): StaleEvidenceProblem['current'] | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  return (error.problem as StaleEvidenceProblem).current;
}

/**
 * Saves the draft evidence over the save it was based on; the server refuses (409, see
 * `staleEvidence`) when a teammate saved in between. Gives the new base.
 */
export async function saveEvidence(
  submissionId: string,
  evidence: EvidenceAnswerInput[],
  baseUpdatedAt: string,
): Promise<string> {
  const response = await api<{ data: { updatedAt: string } }>(`/submissions/${submissionId}/evidence`, {
    method: 'PUT',
    body: { evidence, baseUpdatedAt },
  });
  return response.data.updatedAt;
}

/**
 * Saves as the page goes away (tab closed, browser quit): a keepalive request outlives the page,
 * and nobody is left to read its answer.
 */
export function saveEvidenceOnLeaving(
  submissionId: string,
  evidence: EvidenceAnswerInput[],
  baseUpdatedAt: string,
  csrfToken: string | null,
): void {
  void fetch(`/api/submissions/${submissionId}/evidence`, {
    method: 'PUT',
    keepalive: true,
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    },
    body: JSON.stringify({ evidence, baseUpdatedAt }),
  }).catch(() => {});
}
