import { EndorsementSection } from './endorsement-section.tsx';
import { ReviewSection } from './review-section.tsx';
import { TrySection } from './try-section.tsx';

/** Reviews, tries and endorsements of a resource, and the forms to add them. */
export function QualityPanel({ resourceId, isOwner }: { resourceId: string; isOwner: boolean }) {
  return (
    <section aria-labelledby="quality-heading" className="quality">
      <h2 id="quality-heading">How it worked for others</h2>
      <EndorsementSection resourceId={resourceId} />
      <ReviewSection resourceId={resourceId} isOwner={isOwner} />
      <TrySection resourceId={resourceId} />
    </section>
  );
}
