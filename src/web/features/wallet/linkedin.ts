/**
 * LinkedIn's add-to-profile link for a credential: opens the person's profile with a new
 * "Licenses & certifications" entry filled in, linking back to the credential's public page.
 */
export function linkedInAddToProfileUrl(c: {
  name: string;
  organizationName: string;
  issuedAt: string;
  expiresAt?: string | null;
  url: string;
  id: string;
}): string {
  const issued = new Date(c.issuedAt);
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: c.name,
    organizationName: c.organizationName,
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
    certUrl: c.url,
    certId: c.id,
  });
  if (c.expiresAt) {
    const expires = new Date(c.expiresAt);
    params.set('expirationYear', String(expires.getUTCFullYear()));
    params.set('expirationMonth', String(expires.getUTCMonth() + 1));
  }
  return `https://www.linkedin.com/profile/add?${params}`;
}
