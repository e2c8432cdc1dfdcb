import { ErrorMessage } from '#web/components/feedback.tsx';
import { useFollow, useSetFollow } from '../api/follow.ts';

/** Follow or stop following a person, with their follower count; a toggle button (aria-pressed). */
export function FollowButton({ personId, name }: { personId: string; name: string }) {
  const state = useFollow(personId);
  const change = useSetFollow(personId);
  if (state.isPending) return null;
  if (state.isError) return <ErrorMessage error={state.error} />;
  const { following, followers, followingCount } = state.data;
  return (
    <div className="follow">
      <button
        type="button"
        className={following ? 'button button--secondary' : 'button'}
        aria-pressed={following}
        disabled={change.isPending}
        onClick={() => change.mutate(!following)}
      >
        {following && <span aria-hidden="true">✓ </span>}
        Follow<span className="visually-hidden"> {name}</span>
      </button>
      <p className="muted" aria-live="polite">
        {following && <>You follow {name}. </>}
        {followers} {followers === 1 ? 'follower' : 'followers'} · follows {followingCount}
      </p>
      <ErrorMessage error={change.error} />
    </div>
  );
}

/** One's own follower counts, on one's own profile. */
export function FollowCounts({ personId }: { personId: string }) {
  const state = useFollow(personId);
  if (!state.data) return null;
  const { followers, followingCount } = state.data;
  return (
    <p className="muted">
      {followers} {followers === 1 ? 'follower' : 'followers'} · follows {followingCount}
    </p>
  );
}
