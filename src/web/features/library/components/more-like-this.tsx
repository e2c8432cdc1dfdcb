import { useSimilarResources } from '../api/similar-resources.ts';
import { ResourceCard } from './resource-card.tsx';

const RELATION_LABELS = { remix: 'A remix of this resource', source: 'The resource this remixes' } as const;

/**
 * Resources like this one that the viewer may see: a heading and a short list of cards. Nothing at
 * all while loading, on an error, or when there is none: it is a suggestion, not part of the page.
 */
export function MoreLikeThis({ resourceId }: { resourceId: string }) {
  const similar = useSimilarResources(resourceId);
  if (!similar.data || similar.data.length === 0) return null;
  return (
    <section className="more-like-this" aria-labelledby={`more-like-this-${resourceId}`}>
      <h2 id={`more-like-this-${resourceId}`}>More like this</h2>
      <ul className="grid resource-list">
        {similar.data.map((resource) => (
          <li key={resource.id}>
            <ResourceCard resource={resource}>
              {resource.relation && <p className="tag">{RELATION_LABELS[resource.relation]}</p>}
            </ResourceCard>
          </li>
        ))}
      </ul>
    </section>
  );
}
