/** Query keys of the district's LRS page, so writes refresh the lists they change. */
export const lrsKeys = {
  all: ['lrs'] as const,
  settings: ['lrs', 'settings'] as const,
  unmatched: ['lrs', 'unmatched'] as const,
  links: ['lrs', 'links'] as const,
};
