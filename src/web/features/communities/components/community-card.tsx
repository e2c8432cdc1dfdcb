import { Link } from 'react-router';
import {
  COMMUNITY_KIND_LABELS,
  type CommunitySummary,
  JOIN_POLICY_LABELS,
} from '#shared/contracts/communities.ts';
import { membershipLabel } from './membership-label.ts';

/** One community in a list: kind, name, owner, how to join, members and people like you. */
export function CommunityCard({ community }: { community: CommunitySummary }) {
  const status = membershipLabel(community.membership);
  return (
    <article className="card community-card">
      <p className="community-card__kind">{COMMUNITY_KIND_LABELS[community.kind]}</p>
      <h3 className="community-card__name">
        <Link to={`/communities/${community.id}`}>{community.name}</Link>
      </h3>
      <p className="muted">
        {community.owner.name} · {JOIN_POLICY_LABELS[community.joinPolicy]}
        {community.archived && ' · Archived'}
      </p>
      {community.purpose && <p className="community-card__purpose">{community.purpose}</p>}
      <p>
        {community.memberCount} {community.memberCount === 1 ? 'member' : 'members'}
        {community.peopleLikeYou > 0 && (
          <>
            {' · '}
            <strong>
              {community.peopleLikeYou} {community.peopleLikeYou === 1 ? 'person' : 'people'} like you
            </strong>
            <span className="visually-hidden"> (in other districts, teaching your subjects and grades)</span>
          </>
        )}
      </p>
      {(community.subjects.length > 0 || community.gradeBands.length > 0) && (
        <p className="muted">
          {[
            community.subjects.join(', '),
            community.gradeBands.length ? `grades ${community.gradeBands.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join(' — ')}
        </p>
      )}
      {status && <p className="tag">{status}</p>}
    </article>
  );
}
