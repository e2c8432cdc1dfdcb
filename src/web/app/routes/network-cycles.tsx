import type { FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { CYCLE_KIND_LABELS, CYCLE_KINDS } from '#shared/contracts/inquiry.ts';
import { SUBJECTS } from '#shared/contracts/profiles.ts';
import { EmptyState, PageHeading } from '#web/components/feedback.tsx';
import { SelectField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import type { CycleFilters } from '#web/features/inquiry/api/cycles.ts';
import { AdaptTemplate } from '#web/features/inquiry/components/cycles/adapt-template.tsx';
import { CycleList } from '#web/features/inquiry/components/cycles/cycle-list.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import '#web/features/inquiry/components/cycles/cycles.css';

const FILTERS = ['kind', 'status', 'subject', 'aimId', 'changeIdeaId'] as const;

/**
 * A network's cycles: the ones the viewer takes part in or facilitates, and every team's published
 * findings and adopted change ideas, by kind, status, subject, aim and change idea.
 */
export default function NetworkCyclesPage() {
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const session = useSession();
  const administers = session.data?.user.networkAdminOf.includes(id) ?? false;
  const filters: CycleFilters = Object.fromEntries(
    FILTERS.flatMap((f) => (search.get(f) ? [[f, search.get(f) as string]] : [])),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const f of ['kind', 'status', 'subject'] as const) {
      const value = String(form.get(f) ?? '');
      if (value) next.set(f, value);
    }
    // The aim and change idea come from a link (the improvement community's page) and stay.
    for (const f of ['aimId', 'changeIdeaId'] as const) if (filters[f]) next.set(f, filters[f] as string);
    setSearch(next);
  };
  return (
    <section className="page">
      <PageHeading>Cycles in the network</PageHeading>
      {administers && <AdaptTemplate networkId={id} />}
      <form onSubmit={submit} aria-label="Filter cycles" className="filters" key={search.toString()}>
        <SelectField label="Kind" name="kind" defaultValue={filters.kind ?? ''}>
          <option value="">Any kind</option>
          {CYCLE_KINDS.map((k) => (
            <option key={k} value={k}>
              {CYCLE_KIND_LABELS[k]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Status" name="status" defaultValue={filters.status ?? ''}>
          <option value="">Any status</option>
          <option value="active">Under way</option>
          <option value="completed">Completed</option>
        </SelectField>
        <SelectField label="Subject" name="subject" defaultValue={filters.subject ?? ''}>
          <option value="">Any subject</option>
          {SUBJECTS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </SelectField>
        {(filters.aimId || filters.changeIdeaId) && (
          <p className="muted">Showing the cycles of one {filters.changeIdeaId ? 'change idea' : 'aim'}.</p>
        )}
        <FormActions label="Show cycles" pending={false} />
      </form>
      <CycleList
        path={`/networks/${id}/cycles`}
        filters={filters}
        empty={
          <EmptyState title="No cycles to show">
            <p>
              Cycles you take part in show here, with the findings other teams published and the change ideas
              they adopted.
            </p>
          </EmptyState>
        }
      />
    </section>
  );
}
