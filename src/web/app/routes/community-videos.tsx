import { useParams } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';
import { BackToCommunity, useCommunityPage } from '#web/features/communities/components/community-page.tsx';
import { CommunityLibrary } from '#web/features/video-library/components/community-library.tsx';

/** A community's video library: moments of members' teaching shared as examples. */
export default function CommunityVideosPage() {
  const { id = '' } = useParams();
  const { community: c, fallback } = useCommunityPage(id);
  if (fallback) return fallback;
  return (
    <section className="page">
      <PageHeading title={`Video library of ${c.name}`}>Video library of {c.name}</PageHeading>
      <BackToCommunity community={c} />
      {c.permissions.canParticipate || c.permissions.canFacilitate ? (
        <CommunityLibrary communityId={c.id} />
      ) : (
        <p>Only members watch the clips shared in this community. Join it to see them.</p>
      )}
    </section>
  );
}
