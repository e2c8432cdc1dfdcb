import { Link, useParams } from 'react-router';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useVideo, VideoOwnerPanel, VideoWorkspace } from '#web/features/video/index.ts';
import { ApiError } from '#web/lib/api-client.ts';

/** One video: the workspace (player, comments, transcript) and, for its owner, sharing and the rest. */
export default function VideoPage() {
  const { id = '' } = useParams();
  const video = useVideo(id);
  if (video.isPending) return <Loading />;
  if (video.error)
    return (
      <section className="page">
        <PageHeading>Video</PageHeading>
        {video.error instanceof ApiError && video.error.status === 404 ? (
          <p>There is no such video, or it is not shared with you.</p>
        ) : (
          <ErrorMessage error={video.error} />
        )}
        <Link to="/videos">Back to videos</Link>
      </section>
    );
  const { data, abilities } = video.data;
  return (
    <section className="page">
      <PageHeading>{data.title}</PageHeading>
      <p>
        {abilities.manage ? 'Your video' : `Shared by ${data.owner.name}`} ·{' '}
        <Link to="/videos">All videos</Link>
      </p>
      <VideoWorkspace videoId={id} />
      {abilities.manage && <VideoOwnerPanel video={data} />}
    </section>
  );
}
