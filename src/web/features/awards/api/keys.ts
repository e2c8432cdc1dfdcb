/** Query keys of issued credentials, so writes refresh exactly what they change. */
export const awardKeys = {
  all: ['awards'] as const,
  publicAward: (id: string) => ['awards', 'public', id] as const,
  job: (id: string) => ['awards', 'job', id] as const,
  ofCredential: (credentialId: string) => ['awards', 'credential', credentialId] as const,
  credentialList: (credentialId: string, q: string, status: string) =>
    ['awards', 'credential', credentialId, q, status] as const,
};
