import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { CoachingActionsDue } from '#web/features/coaching/components/action-list.tsx';
import { PersonCard } from '#web/features/directory/components/person-card.tsx';
import { HomeFeed } from '#web/features/feed/components/home-feed.tsx';
import { DueList } from '#web/features/inquiry/components/cycles/due-list.tsx';
import { FirstVisitChecklist } from '#web/features/onboarding/components/first-visit-checklist.tsx';
import { useHome } from '#web/features/profiles/api/get-home.ts';
import { RECOMMENDED_FIELD_LABELS } from '#web/features/profiles/components/field-labels.ts';

/** The signed-in home: a welcome, what the profile still lacks, and colleagues to meet. */
export default function HomePage() {
  const home = useHome();
  if (home.isPending) return <Loading />;
  if (home.isError)
    return (
      <section className="page">
        <PageHeading>Welcome to Trellis</PageHeading>
        <ErrorMessage error={home.error} />
      </section>
    );
  const h = home.data;
  const where = [h.school?.name, h.district.name].filter(Boolean).join(', ');
  return (
    <>
      <section className="page">
        <PageHeading title="Home">Welcome, {h.person.name}</PageHeading>
        <p>
          {where}
          {h.networks.length > 0 && <> · part of {h.networks.map((n) => n.name).join(', ')}</>}
        </p>
        <p className="muted">
          {h.counts.district} {h.counts.district === 1 ? 'colleague' : 'colleagues'} in your district
          {h.networks.length > 0 && <> and {h.counts.network} in the other districts of your network</>}.
        </p>
        <p>
          <Link to="/directory" className="button">
            Search the directory
          </Link>
        </p>
        {h.networks.length > 0 && (
          <nav aria-label="Inquiry cycles of your networks">
            <ul>
              {h.networks.map((n) => (
                <li key={n.id}>
                  <Link to={`/networks/${n.id}/cycles`}>Cycles in {n.name}</Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </section>

      <DueList />

      <CoachingActionsDue />

      <FirstVisitChecklist />

      <HomeFeed />

      {h.completeness.missing.length > 0 && (
        <section className="page" aria-labelledby="complete-heading">
          <h2 id="complete-heading">Complete your profile ({h.completeness.percent}% done)</h2>
          <p>Colleagues find you by what your profile says. Still missing:</p>
          <ul>
            {h.completeness.missing.map((field) => (
              <li key={field}>{RECOMMENDED_FIELD_LABELS[field]}</li>
            ))}
          </ul>
          <p>
            <Link to="/profile">Complete my profile</Link>
          </p>
        </section>
      )}

      <section className="page" aria-labelledby="alike-heading">
        <h2 id="alike-heading">People like you across the network</h2>
        {h.peopleLikeYou.length === 0 ? (
          <EmptyState title="No suggestions yet">
            <p>
              Add the subjects and grade bands you teach to your <Link to="/profile">profile</Link> to meet
              colleagues in other districts who teach them too.
            </p>
          </EmptyState>
        ) : (
          <ul className="grid" style={{ listStyle: 'none', padding: 0 }}>
            {h.peopleLikeYou.map((person) => (
              <li key={person.id}>
                <PersonCard person={person} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
