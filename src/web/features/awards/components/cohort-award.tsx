/** Shown on a micro-credential's page. */
export function CohortAward(_props: { credentialId: string }) {
  return null;
}
