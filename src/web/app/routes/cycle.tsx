import { Suspense } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { CYCLE_KIND_LABELS, type PhaseKey } from '#shared/contracts/inquiry.ts';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useCycle } from '#web/features/inquiry/api/cycles.ts';
import { formatPeriod } from '#web/features/inquiry/components/cycles/dates.ts';
import { FacilitatorTools } from '#web/features/inquiry/components/cycles/facilitator-tools.tsx';
import { phasePanel } from '#web/features/inquiry/phases/index.ts';
import '#web/features/inquiry/components/cycles/cycles.css';
import { ApiError } from '#web/lib/api-client.ts';

/**
 * An inquiry cycle's page: its phases with their dates (the current one marked), the open phase's
 * panel, the team, and the facilitator's tools. Only the team and the community's facilitators see it.
 */
export default function CyclePage() {
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const cycle = useCycle(id);
  if (cycle.isPending) return <Loading label="Loading the cycle…" />;
  if (cycle.error)
    return (
      <section className="page">
        <PageHeading>Cycle not found</PageHeading>
        {cycle.error instanceof ApiError && cycle.error.status === 404 ? (
          <p>This cycle is not there, or only its team and its community’s facilitators may open it.</p>
        ) : (
          <ErrorMessage error={cycle.error} />
        )}
      </section>
    );
  const { data: c, abilities } = cycle.data;
  const asked = search.get('phase') as PhaseKey | null;
  const open =
    c.phases.find((p) => p.key === asked) ?? c.phases.find((p) => p.key === c.currentPhase) ?? c.phases[0];
  const Panel = open ? phasePanel(c.kind, open.key) : null;
  return (
    <>
      <section className="page">
        <p className="community-card__kind">{CYCLE_KIND_LABELS[c.kind]}</p>
        <PageHeading title={c.title}>{c.title}</PageHeading>
        <p className="muted">
          From <Link to={`/communities/${c.communityId}`}>{c.communityName}</Link> ·{' '}
          {c.status === 'completed' ? 'Completed' : 'Under way'} · {formatPeriod(c.startsOn)} to{' '}
          {formatPeriod(c.endsOn)}
          {c.subjects.length > 0 && ` · ${c.subjects.join(', ')}`}
        </p>
        {c.changeIdeaLabel && <p>Change idea: {c.changeIdeaLabel}</p>}
        <nav aria-label="Phases">
          <ol className="cycle-phases">
            {c.phases.map((p) => {
              const current = p.key === c.currentPhase && c.status === 'active';
              const built = phasePanel(c.kind, p.key) !== null;
              return (
                <li
                  key={p.key}
                  className={`cycle-phase${current ? ' cycle-phase--current' : ''}${p.completedAt ? ' cycle-phase--done' : ''}`}
                >
                  {built ? (
                    <Link
                      to={`?phase=${p.key}`}
                      aria-current={open?.key === p.key ? 'page' : undefined}
                      onClick={(e) => {
                        e.preventDefault();
                        setSearch({ phase: p.key }, { replace: true });
                      }}
                    >
                      {p.title}
                    </Link>
                  ) : (
                    <span>{p.title}</span>
                  )}
                  <span className="cycle-phase__dates">
                    {formatPeriod(p.startsOn)} – {formatPeriod(p.dueOn)}
                    {current && <strong> · Now</strong>}
                    {p.completedAt && ' · Done'}
                  </span>
                </li>
              );
            })}
          </ol>
        </nav>
      </section>
      {open && Panel && (
        <section className="page" aria-labelledby="phase-heading">
          <h2 id="phase-heading">{open.title}</h2>
          {open.guidance && <p className="muted">{open.guidance}</p>}
          <Suspense fallback={<Loading label={`Loading ${open.title}…`} />}>
            <Panel cycleId={c.id} phase={open.key} />
          </Suspense>
        </section>
      )}
      <section className="page" aria-labelledby="team-heading">
        <h2 id="team-heading">The team</h2>
        {c.members.length === 0 ? (
          <EmptyState title="No one on the team yet" />
        ) : (
          <ul className="cycle-team">
            {c.members.map((m) => (
              <li key={m.userId}>
                <Link to={`/people/${m.userId}`}>{m.name}</Link>, {m.districtName}
                {m.role === 'facilitator' && ' · Facilitator'}
              </li>
            ))}
          </ul>
        )}
      </section>
      {abilities.facilitate && <FacilitatorTools cycle={c} />}
    </>
  );
}
