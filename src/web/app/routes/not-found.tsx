import { Link } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';

export default function NotFoundPage() {
  return (
    <section className="page">
      <PageHeading>Page not found</PageHeading>
      <p>There is nothing at this address, or you may not see it.</p>
      <p>
        <Link to="/">Go to your home page</Link>
      </p>
    </section>
  );
}
