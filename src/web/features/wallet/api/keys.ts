/** Query keys of the wallet, so writes refresh exactly what they change. */
export const walletKeys = {
  all: ['wallet'] as const,
  myAwards: ['wallet', 'my-awards'] as const,
  myPortfolio: ['wallet', 'my-portfolio'] as const,
  publicPortfolio: (userId: string) => ['wallet', 'public-portfolio', userId] as const,
  personAwards: (userId: string) => ['wallet', 'person-awards', userId] as const,
  holders: (credentialId: string) => ['wallet', 'holders', credentialId] as const,
};
