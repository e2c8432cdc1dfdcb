/** Shown on a micro-credential's page. */
export function CredentialHolders(_props: { credentialId: string }) {
  return null;
}
