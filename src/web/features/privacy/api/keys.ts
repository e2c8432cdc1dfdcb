/** Query keys of a district's data settings and a person's own data. */
export const privacyKeys = {
  retention: ['privacy', 'retention'] as const,
  departed: ['privacy', 'departed'] as const,
  districtExports: ['privacy', 'district-exports'] as const,
  myExports: ['privacy', 'my-exports'] as const,
  myErasure: ['privacy', 'my-erasure'] as const,
  erasureRequests: ['privacy', 'erasure-requests'] as const,
  settings: ['privacy', 'settings'] as const,
  dataProtection: ['privacy', 'data-protection'] as const,
};

/** Where the browser downloads the signed-in person's data at once, as JSON. */
export const MY_DATA_URL = '/api/me/data-export';
