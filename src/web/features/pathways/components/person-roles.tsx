import type { HoldingView } from '#shared/contracts/pathways.ts';
import { usePersonRoles } from '#web/features/pathways/api/pathways.ts';

/** Roles held, each with its school and term: on the pathways page and on a profile. */
export function HoldingList({ holdings }: { holdings: HoldingView[] }) {
  return (
    <ul className="plain-list">
      {holdings.map((h) => (
        <li key={h.id}>
          <strong>{h.title}</strong>{' '}
          <span className="muted">
            {h.schoolName ? `${h.schoolName}, ` : ''}
            {h.startsOn} to {h.endsOn}
            {h.completedAt ? ' · completed' : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A person's leadership roles on their profile: shared leadership, as far as the viewer's district and networks reach. */
export function PersonRoles({ personId }: { personId: string }) {
  const roles = usePersonRoles(personId);
  const list = roles.data?.data ?? [];
  if (list.length === 0) return null;
  return (
    <section aria-labelledby="leadership-roles-heading">
      <h2 id="leadership-roles-heading">Leadership roles</h2>
      <HoldingList holdings={list} />
    </section>
  );
}
