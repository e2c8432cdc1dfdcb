/** Query keys of a district's data settings. */
export const privacyKeys = {
  retention: ['privacy', 'retention'] as const,
  departed: ['privacy', 'departed'] as const,
};

/** Where the browser downloads the signed-in person's data. */
export const MY_DATA_URL = '/api/me/data-export';
/** Where a district administrator downloads the district's data, streamed as a ZIP. */
export const DISTRICT_DATA_URL = '/api/district/data-export';
