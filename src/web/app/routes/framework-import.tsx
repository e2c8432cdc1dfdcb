import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { CASE_PACKAGE_MAX_BYTES } from '#shared/contracts/frameworks.ts';
import { ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import { useFrameworkOptions } from '#web/features/frameworks/api/framework-options.ts';
import { useImportFramework } from '#web/features/frameworks/api/import-framework.ts';
import { OwnerSelect } from '#web/features/frameworks/components/owner-select.tsx';
import { ApiError } from '#web/lib/api-client.ts';

const MEGABYTES = CASE_PACKAGE_MAX_BYTES / 1024 / 1024;

/** An issuer's admin uploads a CASE 1.0 package (.json) and sees what the import created or updated. */
export default function FrameworkImportPage() {
  const options = useFrameworkOptions();
  const upload = useImportFramework();
  const [localError, setLocalError] = useState<string | null>(null);
  const apiError = upload.error instanceof ApiError ? upload.error : null;
  const fileError =
    localError ?? apiError?.problem.errors.find((e) => e.path.startsWith('/body/file'))?.message ?? undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setLocalError('Choose the CASE package’s .json file.');
      return;
    }
    if (file.size > CASE_PACKAGE_MAX_BYTES) {
      setLocalError(`The file is larger than ${MEGABYTES} MB.`);
      return;
    }
    setLocalError(null);
    upload.mutate({ ownerOrgId: String(form.get('ownerOrgId') ?? ''), file });
  };

  if (options.isPending) return <Loading />;
  const owners = options.data?.administers ?? [];
  const result = upload.data;

  return (
    <section className="page framework-import">
      <PageHeading>Import a framework from CASE</PageHeading>
      <p>
        <Link to="/frameworks">Back to frameworks</Link>
      </p>
      {options.isError ? (
        <ErrorMessage error={options.error} />
      ) : owners.length === 0 ? (
        <p>Only district and network administrators may import frameworks.</p>
      ) : (
        <>
          <p>
            Upload a CASE 1.0 package as published by a state or standards body: one JSON file holding its
            CFDocument, CFItems and CFAssociations. Importing the same package again updates the framework in
            place; competencies it no longer has are removed unless a micro-credential is aligned to them.
          </p>
          <form onSubmit={submit} noValidate className="framework-form" aria-label="Import a CASE package">
            <OwnerSelect owners={owners} error={apiError?.fieldError('ownerOrgId')} />
            <TextField
              label="CASE package (.json)"
              name="file"
              type="file"
              accept=".json,application/json"
              required
              hint={`At most ${MEGABYTES} MB and 5,000 competencies.`}
              error={fileError}
            />
            <div className="actions">
              <button type="submit" className="button" disabled={upload.isPending}>
                {upload.isPending ? 'Importing…' : 'Import framework'}
              </button>
            </div>
          </form>
          <div aria-live="polite">
            {upload.isPending && <p className="muted">Importing the package…</p>}
            {result && (
              <Notice>
                <p>
                  {result.createdFramework ? 'Imported' : 'Updated'}{' '}
                  <Link to={`/frameworks/${result.frameworkId}`}>{result.title}</Link>.
                </p>
                <dl className="import-counts">
                  <dt>Created</dt>
                  <dd>{result.created}</dd>
                  <dt>Updated</dt>
                  <dd>{result.updated}</dd>
                  <dt>Unchanged</dt>
                  <dd>{result.unchanged}</dd>
                  <dt>Removed</dt>
                  <dd>{result.removed}</dd>
                  <dt>Kept (aligned to a credential)</dt>
                  <dd>{result.kept}</dd>
                </dl>
              </Notice>
            )}
          </div>
          {upload.isError && <ErrorMessage error={upload.error} />}
        </>
      )}
    </section>
  );
}
