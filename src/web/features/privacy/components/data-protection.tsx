import { type FormEvent, useState } from 'react';
import { TextArea } from '#web/components/field.tsx';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import type { DataProtectionBody, DataProtectionPage } from '#shared/contracts/privacy.ts';
import { useDataProtection, useUpdateDataProtection } from '../api/data-protection.ts';

/** Sanitized on the server (markdown-it without HTML, then an allowlist): safe to show as it is. */
function Rendered({ html }: { html: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitized with an allowlist on the server
  return <div dangerouslySetInnerHTML={{ __html: html }} />;
}

const FIELDS: { name: keyof DataProtectionBody; label: string; hint: string }[] = [
  { name: 'hosting', label: 'Where the data lives', hint: 'The hosting provider, region and backups.' },
  { name: 'subprocessors', label: 'Subprocessors', hint: 'Who else processes the data, or “None.”' },
  { name: 'contact', label: 'Whom to ask', hint: 'Who answers questions and requests.' },
  { name: 'notes', label: 'Notes', hint: 'Anything else (optional).' },
];

/** The operator's form for their words on the page; Markdown, shown sanitized. */
function EditForm({ page, onDone }: { page: DataProtectionPage; onDone: () => void }) {
  const update = useUpdateDataProtection();
  const [draft, setDraft] = useState<DataProtectionBody>(page.source);
  const serverError = update.error instanceof ApiError ? update.error : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(draft, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Edit the data-protection page">
      {serverError?.problem.errors.length === 0 && <ErrorMessage error={update.error} />}
      {FIELDS.map((f) => (
        <TextArea
          key={f.name}
          label={f.label}
          hint={`${f.hint} Markdown; links and emphasis are kept, HTML is shown as text.`}
          rows={f.name === 'notes' ? 6 : 3}
          value={draft[f.name]}
          error={serverError?.fieldError(f.name)}
          onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value })}
        />
      ))}
      <FormActions label="Save the data-protection page" pending={update.isPending} onCancel={onDone} />
    </form>
  );
}

/** The data-protection page: where data lives, what is collected per data class, retention, subprocessors. */
export function DataProtection() {
  const page = useDataProtection();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  if (page.isPending) return <Loading label="Loading the data-protection page…" />;
  if (page.isError) return <ErrorMessage error={page.error} />;
  const data = page.data.data;
  if (editing)
    return (
      <EditForm
        page={data}
        onDone={() => {
          setEditing(false);
          setSaved(true);
        }}
      />
    );
  return (
    <>
      {saved && (
        <Notice>
          <p>Saved. Everyone signed in now reads the new words.</p>
        </Notice>
      )}
      {data.abilities.edit && (
        <p>
          <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
            Edit this page
          </button>
        </p>
      )}
      <section aria-labelledby="dp-hosting">
        <h2 id="dp-hosting">Where the data lives</h2>
        <Rendered html={data.html.hosting} />
      </section>
      <section aria-labelledby="dp-collected">
        <h2 id="dp-collected">What Trellis collects, and how long it keeps it</h2>
        <p className="muted">
          Every table in Trellis declares who its data belongs to. This list is made from those declarations,
          so it says what the software does.
        </p>
        {data.classes.map((c) => (
          <section key={c.class} aria-labelledby={`dp-class-${c.class}`} className="card">
            <h3 id={`dp-class-${c.class}`}>{c.label}</h3>
            <p>{c.description}</p>
            <p>
              <strong>Records:</strong> {c.records.join(', ')}.
            </p>
            <ul>
              {c.retention.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <p className="muted">{c.exported}</p>
          </section>
        ))}
        {data.secrets.length > 0 && (
          <>
            <h3>Secrets, never exported</h3>
            <p>{data.secrets.join('; ')}.</p>
          </>
        )}
      </section>
      <section aria-labelledby="dp-subprocessors">
        <h2 id="dp-subprocessors">Subprocessors</h2>
        <Rendered html={data.html.subprocessors} />
      </section>
      <section aria-labelledby="dp-rights">
        <h2 id="dp-rights">Your data and your rights</h2>
        <p>
          In Settings you can download your data, and ask to have your account erased. Your district’s
          administrators can export the district’s data.
        </p>
        <Rendered html={data.html.contact} />
      </section>
      {data.html.notes && (
        <section aria-labelledby="dp-notes">
          <h2 id="dp-notes">Notes</h2>
          <Rendered html={data.html.notes} />
        </section>
      )}
      {data.updatedAt && (
        <p className="muted">Last changed {new Date(data.updatedAt).toLocaleDateString()}.</p>
      )}
    </>
  );
}
