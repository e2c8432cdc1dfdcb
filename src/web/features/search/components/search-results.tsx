import { Link } from 'react-router';
import type {
  ChangeIdeaHit,
  CommunityHit,
  EventHit,
  PostHit,
  SearchKind,
  ThreadHit,
} from '#shared/contracts/search.ts';
import type { CollectionSummary } from '#shared/contracts/collections.ts';
import type { ProfileView } from '#shared/contracts/profiles.ts';
import type { ResourceSummary } from '#shared/contracts/resources.ts';
import { CollectionCard } from '#web/features/collections/components/collection-card.tsx';
import { ResourceCard } from '#web/features/library/components/resource-card.tsx';
import { PersonCard } from '#web/features/directory/components/person-card.tsx';
import { formatWhen } from '#web/features/events/components/format.ts';
import { formatDay } from '#web/lib/format.ts';

/**
 * Server-made HTML whose only markup is <mark> around matched words: the server escapes every other
 * character of the text, so this is the one kind of HTML (besides post bodies) the app inserts.
 */
function Highlighted({ html, as: Tag = 'span' }: { html: string; as?: 'span' | 'p' }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: escaped on the server; only <mark> remains.
  return <Tag dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Who wrote a thread or reply, where, and when. */
function HitByline({ hit }: { hit: ThreadHit | PostHit }) {
  return (
    <p className="muted">
      {hit.author.name} in <Link to={`/communities/${hit.community.id}`}>{hit.community.name}</Link> ·{' '}
      <time dateTime={hit.createdAt}>{formatDay(hit.createdAt)}</time>
    </p>
  );
}

export function ThreadResult({ hit }: { hit: ThreadHit }) {
  return (
    <article className="search-hit">
      <h3>
        <Link to={`/communities/${hit.community.id}/threads/${hit.id}`}>
          <Highlighted html={hit.titleHtml} />
        </Link>
      </h3>
      <Highlighted as="p" html={hit.snippetHtml} />
      <HitByline hit={hit} />
    </article>
  );
}

export function PostResult({ hit }: { hit: PostHit }) {
  return (
    <article className="search-hit">
      <h3>
        <Link to={`/communities/${hit.community.id}/threads/${hit.thread.id}#post-${hit.id}`}>
          Reply in “{hit.thread.title}”
        </Link>
      </h3>
      <Highlighted as="p" html={hit.snippetHtml} />
      <HitByline hit={hit} />
    </article>
  );
}

const POLICY: Record<string, string> = { open: 'Open', request: 'By request', invitation: 'By invitation' };

export function CommunityResult({ hit }: { hit: CommunityHit }) {
  return (
    <article className="search-hit">
      <h3>
        <Link to={`/communities/${hit.id}`}>
          <Highlighted html={hit.nameHtml} />
        </Link>
      </h3>
      {hit.snippetHtml && <Highlighted as="p" html={hit.snippetHtml} />}
      <p className="muted">
        {POLICY[hit.joinPolicy] ?? hit.joinPolicy} · {hit.memberCount}{' '}
        {hit.memberCount === 1 ? 'member' : 'members'}
        {hit.subjects.length > 0 && <> · {hit.subjects.join(', ')}</>}
        {hit.gradeBands.length > 0 && <> · grades {hit.gradeBands.join(', ')}</>}
      </p>
    </article>
  );
}

/**
 * A change idea a PDSA cycle adopted: it leads to the network's cycles of that change idea (or the
 * community's page), where the cycle is listed as a summary; its working materials stay the team's.
 */
export function ChangeIdeaResult({ hit }: { hit: ChangeIdeaHit }) {
  const to =
    hit.networkId && hit.changeIdeaId
      ? `/networks/${hit.networkId}/cycles?changeIdeaId=${hit.changeIdeaId}`
      : `/communities/${hit.community.id}`;
  return (
    <article className="search-hit">
      <h3>
        <Link to={to}>
          <Highlighted html={hit.labelHtml} />
        </Link>
      </h3>
      <p>
        Adopted by the PDSA cycle “<Highlighted html={hit.snippetHtml} />”
        {hit.aimLabel && <> toward the aim “{hit.aimLabel}”</>}
      </p>
      <p className="muted">
        In <Link to={`/communities/${hit.community.id}`}>{hit.community.name}</Link> · started{' '}
        <time dateTime={hit.createdAt}>{formatDay(hit.createdAt)}</time>
      </p>
    </article>
  );
}

/** An event the viewer may see: when and where, leading to its page. */
export function EventResult({ hit }: { hit: EventHit }) {
  return (
    <article className="search-hit">
      <h3>
        <Link to={`/events/${hit.id}`}>
          <Highlighted html={hit.titleHtml} />
        </Link>
      </h3>
      {hit.snippetHtml && <Highlighted as="p" html={hit.snippetHtml} />}
      <p className="muted">
        <time dateTime={hit.startsAt}>{formatWhen(hit.startsAt, hit.timeZone)}</time>
        {hit.place && <> · {hit.place}</>}
      </p>
    </article>
  );
}

export const KIND_LABELS: Record<SearchKind, string> = {
  all: 'Everything',
  thread: 'Threads',
  post: 'Replies',
  community: 'Communities',
  person: 'People',
  resource: 'Resources',
  collection: 'Collections',
  change_idea: 'Adopted change ideas',
  event: 'Events',
};

export type ResultItem =
  | ThreadHit
  | PostHit
  | CommunityHit
  | ProfileView
  | ResourceSummary
  | CollectionSummary
  | ChangeIdeaHit
  | EventHit;

/** One kind's results as a list. */
export function ResultList({ kind, items }: { kind: Exclude<SearchKind, 'all'>; items: ResultItem[] }) {
  return (
    <ul className={kind === 'person' || kind === 'resource' ? 'grid bare-list' : 'bare-list search-list'}>
      {items.map((item) => (
        <li key={item.id}>
          {kind === 'thread' && <ThreadResult hit={item as ThreadHit} />}
          {kind === 'post' && <PostResult hit={item as PostHit} />}
          {kind === 'community' && <CommunityResult hit={item as CommunityHit} />}
          {kind === 'person' && <PersonCard person={item as ProfileView} />}
          {kind === 'resource' && <ResourceCard resource={item as ResourceSummary} />}
          {kind === 'collection' && <CollectionCard collection={item as CollectionSummary} />}
          {kind === 'change_idea' && <ChangeIdeaResult hit={item as ChangeIdeaHit} />}
          {kind === 'event' && <EventResult hit={item as EventHit} />}
        </li>
      ))}
    </ul>
  );
}
