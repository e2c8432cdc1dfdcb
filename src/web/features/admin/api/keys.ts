/** Query keys of district administration, so writes can refresh exactly the lists they change. */
export const adminKeys = {
  staff: ['admin', 'staff'] as const,
  invitations: ['admin', 'invitations'] as const,
  schools: ['admin', 'schools'] as const,
  schoolRequests: ['admin', 'school-requests'] as const,
  audit: ['admin', 'audit'] as const,
  outbox: ['admin', 'outbox'] as const,
  jobs: ['admin', 'jobs'] as const,
  welcome: ['admin', 'welcome'] as const,
};
