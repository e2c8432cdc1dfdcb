import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { SelectField } from '#web/components/field.tsx';
import { FilterForm, OptionSelect } from '#web/components/filter-form.tsx';
import { LoadMore, ResultCount } from '#web/components/paged-list.tsx';
import {
  type MicroCredentialSearch,
  useMicroCredentialList,
} from '#web/features/micro-credentials/api/list-micro-credentials.ts';
import { useMicroCredentialOptions } from '#web/features/micro-credentials/api/get-options.ts';
import { CredentialCard } from '#web/features/micro-credentials/components/credential-card.tsx';
import { ApiError } from '#web/lib/api-client.ts';

const FIELDS = ['q', 'issuerOrgId', 'competencyId', 'kind', 'status'] as const;
const KIND_LABELS = { micro: 'Micro-credentials', stack: 'Stacks' };
const STATUS_LABELS = { draft: 'Drafts', published: 'Published', retired: 'Retired' };

/** Browse and search the micro-credentials and stacks one may earn; issuers' admins start new ones. */
export default function MicroCredentialsPage() {
  const [params, setParams] = useSearchParams();
  const search: MicroCredentialSearch = {};
  for (const field of FIELDS) {
    const value = params.get(field);
    if (value) search[field] = value;
  }
  const options = useMicroCredentialOptions();
  const results = useMicroCredentialList(search);
  const credentials = results.data?.pages.flatMap((page) => page.data) ?? [];
  const count = credentials.length;
  const filtered = FIELDS.some((field) => search[field]);
  const administers = options.data?.administers ?? [];

  return (
    <section className="page">
      <div className="collection-heading">
        <PageHeading>Micro-credentials</PageHeading>
        {administers.length > 0 && (
          <Link to="/micro-credentials/new" className="button">
            New micro-credential
          </Link>
        )}
      </div>
      <p className="muted">
        Credit for what you can do in your practice, shown with evidence and reviewed by colleagues. Each is
        aligned to competencies in a <Link to="/frameworks">competency framework</Link>.
      </p>
      <nav aria-label="Credentials" className="credential-links">
        <Link to="/my-credentials">My credentials</Link>
        <Link to="/submissions">My submissions</Link>
        <Link to="/reviews">Review queue</Link>
        <Link to="/verify">Verify a credential</Link>
      </nav>
      {options.isError && <ErrorMessage error={options.error} />}
      <FilterForm
        key={`${params.toString()}-${options.isSuccess}`}
        label="Search micro-credentials"
        fields={FIELDS}
        queryLabel="Search by title or summary"
        query={search.q}
        queryError={results.error instanceof ApiError ? results.error.fieldError('q') : undefined}
        submitLabel="Search"
        onSearch={setParams}
        onClear={filtered ? () => setParams({}) : undefined}
      >
        <SelectField label="Issuer" name="issuerOrgId" defaultValue={search.issuerOrgId ?? ''}>
          <option value="">Any issuer</option>
          {(options.data?.issuers ?? []).map((issuer) => (
            <option key={issuer.id} value={issuer.id}>
              {issuer.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Competency" name="competencyId" defaultValue={search.competencyId ?? ''}>
          <option value="">Any competency</option>
          {(options.data?.competencies ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.code ? `${c.code} ${c.statement}` : c.statement}
            </option>
          ))}
        </SelectField>
        <OptionSelect
          label="Kind"
          name="kind"
          anyLabel="Micro-credentials and stacks"
          options={['micro', 'stack']}
          labels={KIND_LABELS}
          defaultValue={search.kind}
        />
        {administers.length > 0 && (
          <OptionSelect
            label="Status"
            name="status"
            anyLabel="Any status"
            options={['published', 'draft', 'retired']}
            labels={STATUS_LABELS}
            defaultValue={search.status}
          />
        )}
      </FilterForm>
      <h2>Results</h2>
      <ResultCount
        query={results}
        count={count}
        none="No micro-credential matches."
        one="credential"
        many="credentials"
      />
      {results.isPending ? null : results.isError ? (
        <ErrorMessage error={results.error} />
      ) : count === 0 ? (
        <EmptyState title={filtered ? 'No micro-credentials found' : 'No micro-credentials yet'}>
          <p>
            {filtered
              ? 'Try other words or fewer filters.'
              : administers.length > 0
                ? 'Define the first one for your colleagues to earn.'
                : 'When your district or network publishes micro-credentials, they appear here.'}
          </p>
          {!filtered && administers.length > 0 && (
            <p>
              <Link to="/micro-credentials/new">New micro-credential</Link>
            </p>
          )}
        </EmptyState>
      ) : (
        <ul className="grid credential-list">
          {credentials.map((credential) => (
            <li key={credential.id}>
              <CredentialCard credential={credential} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={results} noun="micro-credentials" />
    </section>
  );
}
