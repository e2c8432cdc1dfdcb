import { Link, useParams } from 'react-router';
import { COMMUNITY_KIND_LABELS, JOIN_POLICY_LABELS } from '#shared/contracts/communities.ts';
import { PageHeading } from '#web/components/feedback.tsx';
import { useCommunityPage } from '#web/features/communities/components/community-page.tsx';
import { MembershipPanel } from '#web/features/communities/components/membership-panel.tsx';
import { CommunityThreads } from '#web/features/discussion/components/community-threads.tsx';
import { ImprovementSection } from '#web/features/improvement/components/improvement-section.tsx';
import { CommunityCycles } from '#web/features/inquiry/components/cycles/community-cycles.tsx';

const OWNER_KIND_LABELS = { district: 'District', school: 'School', network: 'Network' } as const;

/** A community's page: what it is about, who facilitates, how to join, and its discussions. */
export default function CommunityPage() {
  const { id = '' } = useParams();
  const { community: c, fallback } = useCommunityPage(id);
  if (fallback) return fallback;
  const p = c.permissions;
  return (
    <>
      <section className="page">
        <p className="community-card__kind">{COMMUNITY_KIND_LABELS[c.kind]}</p>
        <PageHeading title={c.name}>{c.name}</PageHeading>
        <p className="muted">
          {OWNER_KIND_LABELS[c.owner.kind]}: {c.owner.name} · {JOIN_POLICY_LABELS[c.joinPolicy]} ·{' '}
          {c.counts.members} {c.counts.members === 1 ? 'member' : 'members'}
          {c.archived && ' · Archived'}
        </p>
        <MembershipPanel community={c} />
        <h2 id="community-about">About</h2>
        {c.purpose ? (
          <p className="community-text">{c.purpose}</p>
        ) : (
          <p className="muted">No purpose written yet.</p>
        )}
        {c.studentFocus && (
          <>
            <h3>Student-learning focus</h3>
            <p className="community-text">{c.studentFocus}</p>
          </>
        )}
        {(c.subjects.length > 0 || c.gradeBands.length > 0) && (
          <dl className="community-facts">
            {c.subjects.length > 0 && (
              <>
                <dt>Subjects</dt>
                <dd>{c.subjects.join(', ')}</dd>
              </>
            )}
            {c.gradeBands.length > 0 && (
              <>
                <dt>Grade bands</dt>
                <dd>{c.gradeBands.join(', ')}</dd>
              </>
            )}
          </dl>
        )}
        <h3>Facilitators</h3>
        {c.facilitators.length ? (
          <ul>
            {c.facilitators.map((f) => (
              <li key={f.id}>
                <Link to={`/people/${f.id}`}>{f.name}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No active facilitator.</p>
        )}
        <nav aria-label="Community" className="actions">
          {p.canRead && <Link to={`/communities/${c.id}/members`}>Members ({c.counts.members})</Link>}
          {p.canParticipate && <Link to={`/communities/${c.id}/videos`}>Video library</Link>}
          {p.canFacilitate && (
            <Link to={`/communities/${c.id}/manage`}>
              Manage
              {c.counts.pendingRequests > 0 &&
                ` (${c.counts.pendingRequests} ${c.counts.pendingRequests === 1 ? 'request' : 'requests'} waiting)`}
            </Link>
          )}
        </nav>
      </section>
      {p.canRead && c.kind === 'improvement_community' && (
        <div className="page">
          <ImprovementSection communityId={c.id} />
        </div>
      )}
      {p.canRead && <CommunityCycles communityId={c.id} canStart={p.canParticipate} />}
      {p.canRead ? (
        <CommunityThreads communityId={c.id} canPost={p.canParticipate} canFacilitate={p.canFacilitate} />
      ) : (
        <section className="page">
          <h2>Discussions</h2>
          <p className="muted">Only members read this community’s discussions.</p>
        </section>
      )}
    </>
  );
}
