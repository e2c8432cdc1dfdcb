import { DISTRICT_ROLES, ROLE_LABELS } from '#shared/contracts/admin.ts';

/** The district roles as <option>s. */
export function RoleOptions() {
  return (
    <>
      {DISTRICT_ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </>
  );
}
