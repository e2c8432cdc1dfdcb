import { Link } from 'react-router';
import type { FeedHomeShare, FeedItem } from '#shared/contracts/feed.ts';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { useFeed } from '../api/get-feed.ts';
import { useMarkFeedSeen } from '../api/mark-feed-seen.ts';
import { formatWhen } from '#web/lib/format.ts';

function threadPath(item: FeedItem, communityId: string) {
  if (!item.thread) return `/communities/${communityId}`;
  const base = `/communities/${communityId}/threads/${item.thread.id}`;
  return item.verb === 'posted' || !item.post ? base : `${base}#post-${item.post.id}`;
}

/**
 * "Ana Díaz brought home Number talks to Lincoln Elementary from Grade 5 Math", with her note and,
 * for an insight, its words. The source community is named only when the viewer may see it.
 */
function HomeShareEntry({ item, share }: { item: FeedItem; share: FeedHomeShare }) {
  const person = <Link to={`/people/${item.actor.id}`}>{item.actor.name}</Link>;
  const from = share.from ? (
    <>
      {' '}
      from{' '}
      {share.from.community ? (
        <Link to={`/communities/${share.from.community.id}`}>{share.from.community.name}</Link>
      ) : (
        'a community'
      )}
    </>
  ) : null;
  const insightThread = share.insight?.thread;
  return (
    <article className={`feed-item feed-item--home${item.unread ? ' feed-item--new' : ''}`}>
      <p>
        {item.unread && <span className="badge">New</span>} {person} brought home{' '}
        {share.resource ? (
          <Link to={`/resources/${share.resource.id}`}>{share.resource.title}</Link>
        ) : (
          <>the insight from ‘{share.insight?.threadTitle}’</>
        )}{' '}
        to {share.target.name}
        {from}
        {' · '}
        <time className="muted" dateTime={item.at}>
          {formatWhen(item.at)}
        </time>
      </p>
      <p className="feed-item__note">{share.note}</p>
      {share.insight && <blockquote className="feed-item__excerpt">‘{share.insight.excerpt}’</blockquote>}
      {insightThread && (
        <p className="feed-item__thread">
          <Link to={`/communities/${insightThread.communityId}/threads/${insightThread.id}`}>
            Read the thread
          </Link>
        </p>
      )}
    </article>
  );
}

/** An item of a kind declared elsewhere: the actor, then the sentence its feature wrote. */
function SummaryEntry({ item, summary }: { item: FeedItem; summary: string }) {
  return (
    <article className={`feed-item${item.unread ? ' feed-item--new' : ''}`}>
      <p>
        {item.unread && <span className="badge">New</span>}{' '}
        <Link to={`/people/${item.actor.id}`}>{item.actor.name}</Link> {summary}
        {' · '}
        <time className="muted" dateTime={item.at}>
          {formatWhen(item.at)}
        </time>
      </p>
    </article>
  );
}

/** "Ana Díaz replied in Grade 5 Math", with the words quoted below. */
function FeedEntry({ item }: { item: FeedItem }) {
  if (item.homeShare) return <HomeShareEntry item={item} share={item.homeShare} />;
  if (item.summary) return <SummaryEntry item={item} summary={item.summary} />;
  if (!item.community) return null;
  const communityId = item.community.id;
  const community = <Link to={`/communities/${communityId}`}>{item.community.name}</Link>;
  const person = <Link to={`/people/${item.actor.id}`}>{item.actor.name}</Link>;
  return (
    <article className={`feed-item${item.unread ? ' feed-item--new' : ''}`}>
      <p>
        {item.unread && <span className="badge">New</span>} {person}{' '}
        {item.verb === 'posted' && <>started a thread in {community}</>}
        {item.verb === 'replied' && <>replied in {community}</>}
        {item.verb === 'marked_insight' && <>marked an insight in {community}</>}
        {item.verb === 'joined' && <>joined {community}</>}
        {' · '}
        <time className="muted" dateTime={item.at}>
          {formatWhen(item.at)}
        </time>
      </p>
      {item.thread && (
        <p className="feed-item__thread">
          <Link to={threadPath(item, communityId)}>{item.thread.title}</Link>
        </p>
      )}
      {item.post?.excerpt && <blockquote className="feed-item__excerpt">‘{item.post.excerpt}’</blockquote>}
    </article>
  );
}

/** The home feed: newest first, "New" on what came since one last marked it seen. */
export function HomeFeed() {
  const feed = useFeed();
  const seen = useMarkFeedSeen();
  const items = feed.data?.pages.flatMap((page) => page.data) ?? [];
  const unread = items.filter((i) => i.unread).length;
  return (
    <section className="page" aria-labelledby="feed-heading">
      <div className="actions feed-head">
        <h2 id="feed-heading">What’s happening</h2>
        {unread > 0 && (
          <button
            type="button"
            className="button button--secondary"
            disabled={seen.isPending}
            onClick={() => seen.mutate(undefined)}
          >
            Mark all as seen
          </button>
        )}
      </div>
      <ErrorMessage error={seen.error} />
      <p role="status" className="muted">
        {feed.isSuccess && (unread > 0 ? `${unread} new ${unread === 1 ? 'item' : 'items'}.` : '')}
      </p>
      {feed.isPending ? (
        <Loading label="Loading your feed…" />
      ) : feed.isError ? (
        <ErrorMessage error={feed.error} />
      ) : items.length === 0 ? (
        <EmptyState title="Nothing here yet">
          <p>
            <Link to="/communities">Join a community</Link> or follow colleagues from the{' '}
            <Link to="/directory">directory</Link> to see their threads and replies here. What colleagues
            bring home to your school or district appears here too.
          </p>
        </EmptyState>
      ) : (
        <ol className="feed">
          {items.map((item) => (
            <li key={item.id}>
              <FeedEntry item={item} />
            </li>
          ))}
        </ol>
      )}
      <LoadMore query={feed} noun="activity" />
    </section>
  );
}
