import { Link } from 'react-router';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';

/** What a resource route shows while loading, or when the resource is gone or not the viewer's to see. */
export function ResourceFallback({ query }: { query: { isPending: boolean; error: unknown } }) {
  if (query.isPending)
    return (
      <section className="page">
        <Loading label="Loading the resource…" />
      </section>
    );
  // A mistyped resource id (400 naming `id`) is as missing as a withdrawn or unshared resource (404);
  // other 400s (such as a bad version range) keep their own message below.
  if (
    query.error instanceof ApiError &&
    (query.error.status === 404 || (query.error.status === 400 && query.error.fieldError('id')))
  )
    return (
      <section className="page">
        <PageHeading>Resource not found</PageHeading>
        <p>This resource does not exist, was withdrawn, or is not shared with you.</p>
        <p>
          <Link to="/resources">Browse the library</Link>
        </p>
      </section>
    );
  return (
    <section className="page">
      <PageHeading>Something went wrong</PageHeading>
      <ErrorMessage error={query.error} />
    </section>
  );
}
