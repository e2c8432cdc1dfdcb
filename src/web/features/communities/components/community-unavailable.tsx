import { Link } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';

/** Shown when a community cannot be seen: it never existed for this person, or their access ended. */
export function CommunityUnavailable({ hadAccess }: { hadAccess: boolean }) {
  return (
    <section className="page">
      <PageHeading>{hadAccess ? 'You are no longer a member' : 'Community not found'}</PageHeading>
      <p>
        {hadAccess
          ? 'Your access to this community has ended, so its page and discussions are no longer available to you.'
          : 'This community does not exist, or it is not open to you.'}
      </p>
      <p>
        <Link to="/communities">Browse communities</Link>
      </p>
    </section>
  );
}
