import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { RubricBody } from '#shared/contracts/coaching.ts';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { useCreateRubric, useRubrics } from '#web/features/coaching/api/coaching.ts';
import { useSession } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';

/** `Domain | code | row title` lines, grouped into domains in the order they first appear. */
function parseRows(text: string): RubricBody['domains'] {
  const domains: RubricBody['domains'] = [];
  for (const line of text.split('\n')) {
    const [domain, code, title] = line.split('|').map((s) => s.trim());
    if (!domain || !title) continue;
    let d = domains.find((x) => x.title === domain);
    if (!d) {
      d = { title: domain, rows: [] };
      domains.push(d);
    }
    d.rows.push({ code: code ?? '', title });
  }
  return domains;
}

/** The district's coaching rubrics; its administrators define new ones (Danielson-style domains and rows). */
export default function CoachingRubricsPage() {
  const rubrics = useRubrics();
  const session = useSession();
  const user = session.data?.user;
  const create = useCreateRubric(user?.districtId ?? '');
  const [rows, setRows] = useState('');
  const isAdmin = user?.roles.includes('district_admin');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate(
      { title: String(form.get('title') ?? ''), description: '', domains: parseRows(rows) },
      { onSuccess: () => setRows('') },
    );
  };
  const problem = create.error instanceof ApiError ? create.error.problem.errors : [];
  return (
    <section className="page">
      <p>
        <Link to="/coaching">Back to coaching</Link>
      </p>
      <PageHeading>Coaching rubrics</PageHeading>
      <p className="muted">
        Teachers of your district may take a row of these rubrics as a coaching cycle's focus.
      </p>
      {rubrics.isPending ? (
        <Loading />
      ) : rubrics.error ? (
        <ErrorMessage error={rubrics.error} />
      ) : rubrics.data.length === 0 ? (
        <EmptyState title="Your district has defined no coaching rubric yet." />
      ) : (
        rubrics.data.map((r) => (
          <section key={r.id} aria-label={r.title}>
            <h2>{r.title}</h2>
            <ul className="plain-list">
              {r.rows.map((row) => (
                <li key={row.id}>
                  <span className="muted">{row.domain}:</span> {row.code} {row.title}
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
      {isAdmin && (
        <form onSubmit={submit} aria-label="Define a rubric" noValidate>
          <h2>Define a rubric</h2>
          <TextField
            label="Title"
            name="title"
            error={problem.find((e) => e.path === '/body/title')?.message}
          />
          <TextArea
            label="Rows"
            name="rows"
            rows={8}
            value={rows}
            onChange={(e) => setRows(e.target.value)}
            hint="One row a line: domain | code | title, e.g. Instruction | 3b | Questioning and discussion"
            error={problem.find((e) => e.path.startsWith('/body/domains'))?.message}
          />
          <FormActions label="Save the rubric" pending={create.isPending} />
        </form>
      )}
    </section>
  );
}
