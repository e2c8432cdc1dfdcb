/** Shown on a micro-credential's page. */
export function EarnPanel(_props: { credentialId: string }) {
  return null;
}
