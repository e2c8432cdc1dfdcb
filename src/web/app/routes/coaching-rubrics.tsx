import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { Rubric, RubricBody } from '#shared/contracts/coaching.ts';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { useCreateRubric, useRubrics, useUpdateRubric } from '#web/features/coaching/api/coaching.ts';
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

/** A rubric's rows as the lines `parseRows` reads. */
const rowsText = (rubric: Rubric) =>
  rubric.rows.map((row) => [row.domain, row.code, row.title].join(' | ')).join('\n');

/** Field errors of a rubric form, by path. */
const errorAt = (error: unknown, path: string) =>
  error instanceof ApiError ? error.problem.errors.find((e) => e.path.startsWith(path))?.message : undefined;

/**
 * A rubric edited in place: saving makes its next version. Cycles that took a row of it keep that
 * row as it was, so the form says so; someone else's edit since the page was read is reported.
 */
function EditRubric({ rubric, onDone }: { rubric: Rubric; onDone: () => void }) {
  const update = useUpdateRubric(rubric.id);
  const [title, setTitle] = useState(rubric.title);
  const [rows, setRows] = useState(() => rowsText(rubric));
  const conflict = update.error instanceof ApiError && update.error.status === 409;
  return (
    <form
      aria-label={`Edit ${rubric.title}`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate(
          { title, description: rubric.description, domains: parseRows(rows), version: rubric.version },
          { onSuccess: onDone },
        );
      }}
    >
      <p className="field__hint">
        Saving makes version {rubric.version + 1}. Coaching cycles that already took a row keep it as it was.
      </p>
      <TextField
        label="Title"
        name="title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={errorAt(update.error, '/body/title')}
      />
      <TextArea
        label="Rows"
        name="rows"
        rows={8}
        value={rows}
        onChange={(e) => setRows(e.target.value)}
        hint="One row a line: domain | code | title"
        error={errorAt(update.error, '/body/domains')}
      />
      {conflict && (
        <p className="notice notice--error" role="alert">
          Someone else has edited this rubric since you opened it. Its new version is shown above; open it
          again to edit.
        </p>
      )}
      <FormActions label="Save the rubric" pending={update.isPending} onCancel={onDone} />
    </form>
  );
}

/** The district's coaching rubrics; its administrators define new ones (Danielson-style domains and rows) and edit them in place. */
export default function CoachingRubricsPage() {
  const rubrics = useRubrics();
  const session = useSession();
  const user = session.data?.user;
  const create = useCreateRubric(user?.districtId ?? '');
  const [rows, setRows] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
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
            <p className="muted">Version {r.version}</p>
            <ul className="plain-list">
              {r.rows.map((row) => (
                <li key={row.id}>
                  <span className="muted">{row.domain}:</span> {row.code} {row.title}
                </li>
              ))}
            </ul>
            {isAdmin &&
              (editing === r.id ? (
                <EditRubric rubric={r} onDone={() => setEditing(null)} />
              ) : (
                <button type="button" className="button button--secondary" onClick={() => setEditing(r.id)}>
                  Edit {r.title}
                </button>
              ))}
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
