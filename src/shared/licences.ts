/**
 * The licences a resource may carry and what each lets others do with it. A licence that forbids
 * derivatives (ND, all rights reserved) forbids remixing; share-alike and non-commercial terms
 * carry over to the remix.
 */
export const LICENCE_IDS = [
  'cc-by',
  'cc-by-sa',
  'cc-by-nc',
  'cc-by-nc-sa',
  'cc-by-nd',
  'cc-by-nc-nd',
  'cc0',
  'all-rights-reserved',
] as const;
export type Licence = (typeof LICENCE_IDS)[number];

export const LICENCES: Record<Licence, { label: string; url: string | null }> = {
  'cc-by': { label: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  'cc-by-sa': { label: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  'cc-by-nc': { label: 'CC BY-NC 4.0', url: 'https://creativecommons.org/licenses/by-nc/4.0/' },
  'cc-by-nc-sa': { label: 'CC BY-NC-SA 4.0', url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/' },
  'cc-by-nd': { label: 'CC BY-ND 4.0', url: 'https://creativecommons.org/licenses/by-nd/4.0/' },
  'cc-by-nc-nd': { label: 'CC BY-NC-ND 4.0', url: 'https://creativecommons.org/licenses/by-nc-nd/4.0/' },
  cc0: { label: 'CC0 1.0 (public domain)', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
  'all-rights-reserved': { label: 'All rights reserved', url: null },
};

/** Whether others may make derivatives: remixing is allowed only then. */
export function allowsRemix(licence: Licence): boolean {
  return licence !== 'all-rights-reserved' && !licence.endsWith('-nd');
}

/**
 * The licences a remix of a resource under `source` may carry: the same licence for share-alike,
 * a non-commercial one for non-commercial, anything open for CC BY and CC0. Empty when remixing is
 * not allowed at all.
 */
export function remixLicences(source: Licence): Licence[] {
  if (!allowsRemix(source)) return [];
  if (source.endsWith('-sa')) return [source];
  if (source === 'cc-by-nc') return ['cc-by-nc', 'cc-by-nc-sa', 'cc-by-nc-nd'];
  return LICENCE_IDS.filter((l) => l !== 'all-rights-reserved');
}
