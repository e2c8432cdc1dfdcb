import type { ReactNode } from 'react';
import { Link } from 'react-router';
import {
  type AudienceView,
  RESOURCE_KIND_LABELS,
  type ResourceSummary,
} from '#shared/contracts/resources.ts';
import { LICENCES } from '#shared/licences.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Who a resource is shared with, as someone looking at a list reads it. */
export function audienceText(audience: AudienceView): string {
  switch (audience.audience) {
    case 'private':
      return 'Private';
    case 'public':
      return 'Everyone on Trellis';
    case 'community':
      return audience.name ?? 'A community';
    default:
      return audience.name ?? `A ${audience.audience}`;
  }
}

/** "3.4/4 · 5 reviews", or that nobody has reviewed it yet. */
export function ratingText(resource: Pick<ResourceSummary, 'rating' | 'reviewCount'>): string {
  if (resource.rating === null || resource.reviewCount === 0) return 'No reviews yet';
  return `${resource.rating.toFixed(1)}/4 · ${plural(resource.reviewCount, 'review', 'reviews')}`;
}

/**
 * One resource in a list: kind, title (linking to its page), what it is for, its quality signals,
 * licence, audience and owner. `children` adds something of the list's own (a note, a button).
 */
export function ResourceCard({
  resource,
  headingLevel = 3,
  children,
}: {
  resource: ResourceSummary;
  /** The level of the title's heading in the page's outline. */
  headingLevel?: 2 | 3 | 4;
  children?: ReactNode;
}) {
  const Heading = `h${headingLevel}` as const;
  const signals = [
    ratingText(resource),
    plural(resource.triedCount, 'try', 'tries'),
    plural(resource.remixCount, 'remix', 'remixes'),
  ];
  if (resource.endorsementCount > 0)
    signals.push(plural(resource.endorsementCount, 'endorsement', 'endorsements'));
  return (
    <article className="card resource-card">
      <p className="resource-card__kind">{RESOURCE_KIND_LABELS[resource.kind]}</p>
      <Heading className="resource-card__title">
        <Link to={`/resources/${resource.id}`}>{resource.title}</Link>
      </Heading>
      {resource.remixOf && (
        <p className="muted">
          Remix of <Link to={`/resources/${resource.remixOf.id}`}>{resource.remixOf.title}</Link>
        </p>
      )}
      {resource.summary && <p className="resource-card__summary">{resource.summary}</p>}
      {(resource.subjects.length > 0 || resource.gradeBands.length > 0) && (
        <p className="muted">
          {[
            resource.subjects.join(', '),
            resource.gradeBands.length ? `grades ${resource.gradeBands.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join(' — ')}
        </p>
      )}
      <p className="resource-card__signals">{signals.join(' · ')}</p>
      <p className="muted">
        {resource.owner.name} · {audienceText(resource.audience)} · {LICENCES[resource.licence].label}
      </p>
      {children}
    </article>
  );
}
