import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import {
  OPPORTUNITY_KINDS,
  OPPORTUNITY_KIND_LABELS,
  type OpportunityKind,
} from '#shared/contracts/pathways.ts';
import { EmptyState, ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import {
  useOpportunities,
  usePostOpportunity,
  usePublishedCredentials,
} from '#web/features/pathways/api/pathways.ts';
import { money } from '#web/features/pathways/components/requirement-list.tsx';
import { ApiError } from '#web/lib/api-client.ts';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Leadership opportunities of the district, with whether the viewer meets each; principals and district staff post them here. */
export default function OpportunitiesPage() {
  const list = useOpportunities();
  return (
    <section className="page">
      <p>
        <Link to="/pathways">Back to my pathways</Link>
      </p>
      <PageHeading>Leadership opportunities</PageHeading>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorMessage error={list.error} />
      ) : (
        <>
          {list.data.data.length === 0 ? (
            <EmptyState title="No leadership opportunity is open in your district right now." />
          ) : (
            <ul className="plain-list">
              {list.data.data.map((o) => (
                <li key={o.id} className="card">
                  <h2>
                    <Link to={`/opportunities/${o.id}`}>{o.title}</Link>
                  </h2>
                  <p className="muted">
                    {OPPORTUNITY_KIND_LABELS[o.kind]}
                    {o.schoolName ? ` · ${o.schoolName}` : ''} · {o.open ? `closes ${o.closesOn}` : 'closed'}
                    {o.stipendCents !== null ? ` · stipend ${money(o.stipendCents)}` : ''}
                  </p>
                  <p>
                    {o.myApplication
                      ? `Your application: ${o.myApplication.status}`
                      : o.eligible
                        ? 'You meet every requirement.'
                        : 'You do not meet every requirement yet.'}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {list.data.abilities.post && <PostOpportunityForm />}
        </>
      )}
    </section>
  );
}

function PostOpportunityForm() {
  const post = usePostOpportunity();
  const credentials = usePublishedCredentials();
  const [posted, setPosted] = useState<string | null>(null);
  const problem = post.error instanceof ApiError ? post.error.problem.errors : [];
  const fieldError = (path: string) => problem.find((e) => e.path === path)?.message;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const stipend = String(form.get('stipend') ?? '').trim();
    const credentialId = String(form.get('credentialId') ?? '');
    post.mutate(
      {
        kind: String(form.get('kind')) as OpportunityKind,
        title: String(form.get('title') ?? ''),
        description: String(form.get('description') ?? ''),
        timeCommitment: String(form.get('timeCommitment') ?? ''),
        stipendCents: stipend === '' ? null : Math.round(Number(stipend) * 100),
        startsOn: String(form.get('startsOn') ?? ''),
        endsOn: String(form.get('endsOn') ?? ''),
        closesOn: String(form.get('closesOn') ?? ''),
        requirements: credentialId ? [{ kind: 'credential', credentialId }] : [],
      },
      { onSuccess: (res) => setPosted(res.data.title) },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Post an opportunity" noValidate>
      <h2>Post an opportunity</h2>
      {posted && <Notice>Posted “{posted}”. Staff who meet its requirements are being told.</Notice>}
      {problem.length === 0 && post.error && <ErrorMessage error={post.error} />}
      <SelectField label="Kind" name="kind" defaultValue="lead_plc">
        {OPPORTUNITY_KINDS.map((k) => (
          <option key={k} value={k}>
            {OPPORTUNITY_KIND_LABELS[k]}
          </option>
        ))}
      </SelectField>
      <TextField label="Title" name="title" required error={fieldError('/body/title')} />
      <TextArea label="Description" name="description" rows={3} error={fieldError('/body/description')} />
      <TextField label="Time it takes" name="timeCommitment" hint="For example: one hour a week" />
      <TextField
        label="Stipend (dollars)"
        name="stipend"
        inputMode="decimal"
        error={fieldError('/body/stipendCents')}
      />
      <TextField
        label="Starts on"
        name="startsOn"
        type="date"
        defaultValue={inDays(14)}
        error={fieldError('/body/startsOn')}
      />
      <TextField
        label="Ends on"
        name="endsOn"
        type="date"
        defaultValue={inDays(380)}
        error={fieldError('/body/endsOn')}
      />
      <TextField
        label="Applications close on"
        name="closesOn"
        type="date"
        defaultValue={inDays(10)}
        error={fieldError('/body/closesOn')}
      />
      <SelectField
        label="Credential required"
        name="credentialId"
        defaultValue=""
        error={fieldError('/body/requirements/0/credentialId')}
      >
        <option value="">None</option>
        {(credentials.data ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </SelectField>
      <FormActions label="Post the opportunity" pendingLabel="Posting…" pending={post.isPending} />
    </form>
  );
}
