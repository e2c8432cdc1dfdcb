import type { ReactElement } from 'react';
import { Link } from 'react-router';
import type { CommunityDetail } from '#shared/contracts/communities.ts';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useCommunity } from '../api/get-community.ts';
import { useCommunityUpdates } from '../api/use-community-updates.ts';
import { CommunityUnavailable } from './community-unavailable.tsx';

/** A community that is not there for this person (never was, or their access just ended). */
export function isUnavailable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}

/**
 * The community a community page is about, kept current as it changes; until it is ready, what the
 * page shows instead: loading, "not found" or "no longer a member", or the error under a heading.
 */
export function useCommunityPage(
  id: string,
): { community: CommunityDetail; fallback: null } | { community: undefined; fallback: ReactElement } {
  const community = useCommunity(id);
  useCommunityUpdates(id);
  if (community.isPending) return { community: undefined, fallback: <Loading /> };
  if (community.isError)
    return {
      community: undefined,
      fallback: isUnavailable(community.error) ? (
        <CommunityUnavailable hadAccess={!!community.data} />
      ) : (
        <section className="page">
          <PageHeading>Could not load this community</PageHeading>
          <ErrorMessage error={community.error} />
        </section>
      ),
    };
  return { community: community.data, fallback: null };
}

/** The way back from one of a community's inner pages to the community. */
export function BackToCommunity({ community }: { community: CommunityDetail }) {
  return (
    <p>
      <Link to={`/communities/${community.id}`}>Back to {community.name}</Link>
    </p>
  );
}
