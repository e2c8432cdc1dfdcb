export const signOnKeys = {
  overview: ['sign-on', 'overview'] as const,
  options: (email: string) => ['sign-on', 'options', email] as const,
  providerSignOut: ['sign-on', 'provider-sign-out'] as const,
  identities: (email: string) => ['sign-on', 'identities', email] as const,
};
