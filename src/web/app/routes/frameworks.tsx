import { type FormEvent, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FRAMEWORK_TITLE_MAX } from '#shared/contracts/frameworks.ts';
import { EmptyState, ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import { LoadMore, ResultCount } from '#web/components/paged-list.tsx';
import { useFrameworkOptions } from '#web/features/frameworks/api/framework-options.ts';
import { useFrameworkList } from '#web/features/frameworks/api/list-frameworks.ts';
import { FrameworkCard } from '#web/features/frameworks/components/framework-card.tsx';
import { NewFrameworkForm } from '#web/features/frameworks/components/new-framework-form.tsx';
import { ApiError } from '#web/lib/api-client.ts';

/** Browse and search the competency frameworks one may see; issuer admins start or import one. */
export default function FrameworksPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? undefined;
  const results = useFrameworkList(q);
  const options = useFrameworkOptions();
  const owners = options.data?.administers ?? [];
  const [creating, setCreating] = useState(false);
  const newButton = useRef<HTMLButtonElement>(null);
  const frameworks = results.data?.pages.flatMap((page) => page.data) ?? [];
  const count = frameworks.length;

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const words = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    setParams(words ? { q: words } : {});
  };
  const closeNew = () => {
    setCreating(false);
    requestAnimationFrame(() => newButton.current?.focus());
  };

  return (
    <section className="page">
      <div className="framework-heading">
        <PageHeading>Frameworks</PageHeading>
        {owners.length > 0 && (
          <div className="actions">
            <button
              ref={newButton}
              type="button"
              className="button"
              aria-expanded={creating}
              onClick={() => setCreating(true)}
            >
              New framework
            </button>
            <Link to="/frameworks/import" className="button button--secondary">
              Import from CASE
            </Link>
          </div>
        )}
      </div>
      <p className="muted">
        Competency frameworks name what teachers can do, with codes;{' '}
        <Link to="/micro-credentials">micro-credentials</Link> are aligned to their competencies.
      </p>
      {creating && <NewFrameworkForm owners={owners} onCancel={closeNew} />}
      <search>
        <form aria-label="Search frameworks" onSubmit={search} noValidate className="framework-search">
          <TextField
            key={q ?? ''}
            label="Search by title or description"
            name="q"
            type="search"
            maxLength={FRAMEWORK_TITLE_MAX}
            defaultValue={q ?? ''}
            error={results.error instanceof ApiError ? results.error.fieldError('q') : undefined}
          />
          <div className="actions">
            <button type="submit" className="button">
              Search frameworks
            </button>
            {q && (
              <button type="button" className="button button--secondary" onClick={() => setParams({})}>
                Clear search
              </button>
            )}
          </div>
        </form>
      </search>
      <h2>Results</h2>
      <ResultCount
        query={results}
        count={count}
        none="No framework matches."
        one="framework"
        many="frameworks"
      />
      {results.isPending ? null : results.isError ? (
        <ErrorMessage error={results.error} />
      ) : count === 0 ? (
        <EmptyState title={q ? 'No frameworks found' : 'No frameworks yet'}>
          <p>
            {q
              ? 'Try another word.'
              : owners.length > 0
                ? 'Start one with “New framework”, or import one your state or network publishes in CASE.'
                : 'Your district and networks have not published a framework yet.'}
          </p>
        </EmptyState>
      ) : (
        <ul className="grid framework-list">
          {frameworks.map((framework) => (
            <li key={framework.id}>
              <FrameworkCard framework={framework} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={results} noun="frameworks" />
    </section>
  );
}
