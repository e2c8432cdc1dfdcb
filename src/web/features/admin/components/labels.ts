import { DISTRICT_ROLES, type DistrictRole, ROLE_LABELS } from '#shared/contracts/admin.ts';

const OTHER_ROLES: Record<string, string> = {
  network_admin: 'Network administrator',
  assessor: 'Assessor',
  platform_admin: 'Platform administrator',
};

/** A role as people read it. */
export function roleLabel(role: string): string {
  return (DISTRICT_ROLES as readonly string[]).includes(role)
    ? ROLE_LABELS[role as DistrictRole]
    : (OTHER_ROLES[role] ?? role.replace(/_/g, ' '));
}

/** A timestamp in the reader's locale. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
