import { Link, useNavigate } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { clock, useVideos, VideoUploader } from '#web/features/video/index.ts';
import { formatDay } from '#web/lib/format.ts';

const STATUS = {
  uploading: 'Uploading',
  processing: 'Converting',
  ready: 'Ready',
  failed: 'Could not be converted',
};

/** My lesson videos and those shared with me; upload or record a new one. */
export default function VideosPage() {
  const videos = useVideos('all');
  const navigate = useNavigate();
  const list = videos.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section className="page">
      <PageHeading>Videos</PageHeading>
      <section aria-labelledby="upload-heading">
        <h2 id="upload-heading">Upload a lesson</h2>
        <VideoUploader onUploaded={(id) => void navigate(`/videos/${id}`)} />
      </section>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">Your videos and videos shared with you</h2>
        {videos.isPending && <Loading />}
        <ErrorMessage error={videos.error} />
        {videos.data && list.length === 0 && (
          <EmptyState title="No videos yet">
            Upload a lesson above; it stays private until you share it.
          </EmptyState>
        )}
        <ul className="video-card-list">
          {list.map((v) => (
            <li key={v.id}>
              <Link to={`/videos/${v.id}`}>{v.title}</Link>{' '}
              <span>
                {v.mine ? 'yours' : `shared by ${v.owner.name}`} · {formatDay(v.createdAt)}
                {v.durationSeconds ? ` · ${clock(v.durationSeconds)}` : ''} · {STATUS[v.status]}
                {v.status === 'processing' ? ` ${v.progress}%` : ''}
              </span>
            </li>
          ))}
        </ul>
        {videos.hasNextPage && (
          <button
            type="button"
            onClick={() => void videos.fetchNextPage()}
            disabled={videos.isFetchingNextPage}
          >
            Show more
          </button>
        )}
      </section>
    </section>
  );
}
