import { useParams } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { useMembers } from '#web/features/communities/api/members.ts';
import {
  BackToCommunity,
  isUnavailable,
  useCommunityPage,
} from '#web/features/communities/components/community-page.tsx';
import { CommunityUnavailable } from '#web/features/communities/components/community-unavailable.tsx';
import { MemberSummary } from '#web/features/communities/components/member-summary.tsx';

/** Who belongs to a community, across schools and districts. */
export default function CommunityMembersPage() {
  const { id = '' } = useParams();
  const { community: c, fallback } = useCommunityPage(id);
  const members = useMembers(id, 'active', c?.permissions.canRead ?? false);

  if (fallback) return fallback;
  // Access can end between reading the community and its members.
  if (isUnavailable(members.error)) return <CommunityUnavailable hadAccess />;
  const list = members.data?.pages.flatMap((page) => page.data) ?? [];
  const districts = new Set(list.map((m) => m.district.id)).size;
  const schools = new Set(list.map((m) => m.school?.id).filter(Boolean)).size;

  return (
    <section className="page">
      <PageHeading title={`Members of ${c.name}`}>Members of {c.name}</PageHeading>
      <BackToCommunity community={c} />
      {!c.permissions.canRead ? (
        <p>Only members see who belongs to this community.</p>
      ) : members.isPending ? (
        <Loading label="Loading members…" />
      ) : members.isError ? (
        <ErrorMessage error={members.error} />
      ) : list.length === 0 ? (
        <EmptyState title="No members yet" />
      ) : (
        <>
          <p role="status" className="muted">
            {c.counts.members} {c.counts.members === 1 ? 'member' : 'members'}
            {list.length > 0 &&
              ` — those shown come from ${schools} ${schools === 1 ? 'school' : 'schools'} in ${districts} ${districts === 1 ? 'district' : 'districts'}`}
            .
          </p>
          <ul className="grid community-list">
            {list.map((member) => (
              <li key={member.id} className="card">
                <MemberSummary member={member} />
              </li>
            ))}
          </ul>
          <LoadMore query={members} noun="members" />
        </>
      )}
    </section>
  );
}
