import { useState } from 'react';
import type { LibraryClip } from '#shared/contracts/video-library.ts';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { VideoWorkspace } from '#web/features/video/index.ts';
import { formatDay } from '#web/lib/format.ts';
import { useLibrary, useTakeBackClip } from '../api/library.ts';
import { describeRange } from './clip-time.ts';
import { ShareClipForm } from './share-clip-form.tsx';

function ClipCard({ communityId, clip }: { communityId: string; clip: LibraryClip }) {
  const [watching, setWatching] = useState(false);
  const takeBack = useTakeBackClip(communityId);
  const confirm = useConfirmStep();
  const headingId = `clip-${clip.id}`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{clip.title}</h3>
      <p className="muted">
        Shared by {clip.sharedBy.name} on {formatDay(clip.createdAt)} · {describeRange(clip.clip)}
        {clip.hideComments ? ' · comments hidden' : ''}
      </p>
      {clip.note && <p>{clip.note}</p>}
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          aria-expanded={watching}
          onClick={() => setWatching(!watching)}
        >
          {watching ? 'Close the player' : 'Watch'}
          <span className="visually-hidden"> “{clip.title}”</span>
        </button>
        {clip.abilities.revoke && !confirm.open && (
          <button
            type="button"
            ref={confirm.opener}
            className="button button--secondary"
            onClick={confirm.start}
          >
            Take back<span className="visually-hidden"> “{clip.title}”</span>
          </button>
        )}
      </div>
      {confirm.open && (
        <ConfirmStep
          prompt={`Take “${clip.title}” out of the library? Members stop being able to play it at once.`}
          confirmLabel="Take it back"
          pending={takeBack.isPending}
          error={takeBack.error}
          onConfirm={() => takeBack.mutate(clip.id, { onSuccess: confirm.close })}
          onCancel={confirm.close}
        />
      )}
      {watching && <VideoWorkspace videoId={clip.videoId} tags={[]} />}
    </li>
  );
}

/** A community's video library: clips members shared as exemplars, and sharing one's own. */
export function CommunityLibrary({ communityId }: { communityId: string }) {
  const library = useLibrary(communityId);
  const [sharing, setSharing] = useState(false);
  if (library.isPending) return <Loading label="Loading the video library…" />;
  if (library.isError) return <ErrorMessage error={library.error} />;
  const clips = library.data.pages.flatMap((p) => p.data);
  const canShare = library.data.pages[0]?.abilities.share ?? false;
  return (
    <>
      {canShare && (
        <section aria-labelledby="share-clip-heading">
          <h2 id="share-clip-heading">Share a clip of your lesson</h2>
          {sharing ? (
            <ShareClipForm communityId={communityId} onShared={() => setSharing(false)} />
          ) : (
            <button type="button" className="button" onClick={() => setSharing(true)}>
              Share a clip
            </button>
          )}
        </section>
      )}
      <section aria-labelledby="library-heading">
        <h2 id="library-heading">Clips</h2>
        {clips.length === 0 ? (
          <EmptyState title="No clips shared yet">
            <p>
              When a member shares a moment of their teaching as an example for others, it appears here. Only
              members can watch it, and only the part that was shared.
            </p>
          </EmptyState>
        ) : (
          <ul className="grid">
            {clips.map((clip) => (
              <ClipCard key={clip.id} communityId={communityId} clip={clip} />
            ))}
          </ul>
        )}
        <LoadMore query={library} noun="clips" />
      </section>
    </>
  );
}
