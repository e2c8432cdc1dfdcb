import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useMyPathways } from '#web/features/pathways/api/pathways.ts';
import { HoldingList } from '#web/features/pathways/components/person-roles.tsx';
import { RequirementList, money } from '#web/features/pathways/components/requirement-list.tsx';

/** A teacher's career pathways: every ladder open to her, where she stands on each requirement, the next step, and the roles she holds. */
export default function PathwaysPage() {
  const pathways = useMyPathways();
  return (
    <section className="page">
      <PageHeading>My pathways</PageHeading>
      <p>
        <Link to="/opportunities">Leadership opportunities</Link> ·{' '}
        <Link to="/pathways/leaders">Who leads what</Link>
        {pathways.data?.abilities.defineLadders && (
          <>
            {' '}
            · <Link to="/admin/pathways">Define ladders and stipends</Link>
          </>
        )}
      </p>
      {pathways.isPending ? (
        <Loading />
      ) : pathways.error ? (
        <ErrorMessage error={pathways.error} />
      ) : (
        <>
          <section aria-labelledby="held-heading">
            <h2 id="held-heading">Roles I hold</h2>
            {pathways.data.data.holdings.length === 0 ? (
              <EmptyState title="You hold no leadership role yet." />
            ) : (
              <HoldingList holdings={pathways.data.data.holdings} />
            )}
          </section>
          {pathways.data.data.ladders.length === 0 ? (
            <EmptyState title="No career ladder is open to you yet.">
              <p>When your district or network defines one, you will see where you stand here.</p>
            </EmptyState>
          ) : (
            pathways.data.data.ladders.map((ladder) => (
              <section key={ladder.id} className="card" aria-labelledby={`ladder-${ladder.id}`}>
                <h2 id={`ladder-${ladder.id}`}>{ladder.title}</h2>
                <p className="muted">{ladder.ownerName}</p>
                {ladder.description && <p>{ladder.description}</p>}
                {ladder.nextStep && (
                  <p className="notice notice--ok">
                    <strong>Next step toward {ladder.nextStep.roleTitle}:</strong> {ladder.nextStep.text}
                    {ladder.nextStep.link && (
                      <>
                        {' '}
                        <Link to={ladder.nextStep.link}>Go</Link>
                      </>
                    )}
                  </p>
                )}
                <ol className="plain-list">
                  {ladder.roles.map((role) => (
                    <li key={role.id}>
                      <h3>
                        {role.position + 1}. {role.title}
                        {role.held
                          ? ' (you hold this role)'
                          : role.met
                            ? ' (you meet every requirement)'
                            : ''}
                      </h3>
                      <p className="muted">
                        {[
                          role.stipendCents !== null ? `Stipend ${money(role.stipendCents)}` : null,
                          role.releaseTime ? `Release time: ${role.releaseTime}` : null,
                          role.termMonths ? `Term: ${role.termMonths} months` : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </p>
                      {role.description && <p>{role.description}</p>}
                      <RequirementList requirements={role.requirements} />
                    </li>
                  ))}
                </ol>
              </section>
            ))
          )}
        </>
      )}
    </section>
  );
}
