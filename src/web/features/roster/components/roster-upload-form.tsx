import { type FormEvent, useId, useState } from 'react';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import type { RosterImportDetail } from '#shared/contracts/roster.ts';
import { type RosterUpload, useCreateRosterImport } from '../api/create-roster-import.ts';

type Packaging = 'zip' | 'separate';
const CSV_FIELDS = [
  { field: 'manifest', label: 'manifest.csv', hint: 'Each file up to 5 MB.' },
  { field: 'orgs', label: 'orgs.csv', hint: 'Optional in a delta that changes no schools.' },
  { field: 'users', label: 'users.csv', hint: undefined },
  { field: 'roles', label: 'roles.csv', hint: 'OneRoster 1.2: who works where, in which role.' },
  { field: 'userProfiles', label: 'userProfiles.csv', hint: 'OneRoster 1.2, where your export has it.' },
] as const;
const REQUIRED: Field[] = ['manifest', 'users'];
type Field = 'bundle' | (typeof CSV_FIELDS)[number]['field'];

/** A labelled file input with its error wired for screen readers. */
function FileInput(props: {
  label: string;
  accept: string;
  error?: string;
  hint?: string;
  onChange: (file: File | null) => void;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${props.error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <p className="field__hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <input
        id={id}
        type="file"
        accept={props.accept}
        aria-describedby={describedBy || undefined}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => props.onChange(e.target.files?.[0] ?? null)}
      />
      {props.error && (
        <p className="field__error" id={errorId}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Picks a OneRoster bundle (a zip, or its CSV files) and asks the server for a dry run. */
export function RosterUploadForm({ onPreview }: { onPreview: (result: RosterImportDetail) => void }) {
  const create = useCreateRosterImport();
  const [packaging, setPackaging] = useState<Packaging>('zip');
  const [files, setFiles] = useState<Partial<Record<Field, File>>>({});
  const [missing, setMissing] = useState<Partial<Record<Field, string>>>({});
  const name = useId();

  const setFile = (field: Field) => (file: File | null) =>
    setFiles((current) => {
      const next = { ...current };
      if (file) next[field] = file;
      else delete next[field];
      return next;
    });

  const serverError = (field: Field) =>
    create.error instanceof ApiError
      ? create.error.problem.errors
          .filter((e) => e.path === `/body/${field}`)
          .map((e) => e.message)
          .join(' ') || undefined
      : undefined;
  const errorFor = (field: Field) => missing[field] ?? serverError(field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const needed: Field[] = packaging === 'zip' ? ['bundle'] : REQUIRED;
    const absent = Object.fromEntries(needed.filter((f) => !files[f]).map((f) => [f, 'Choose a file.']));
    setMissing(absent);
    if (Object.keys(absent).length) return;
    const upload: RosterUpload =
      packaging === 'zip'
        ? { bundle: files.bundle! }
        : {
            manifest: files.manifest!,
            users: files.users!,
            ...(files.orgs ? { orgs: files.orgs } : {}),
            ...(files.roles ? { roles: files.roles } : {}),
            ...(files.userProfiles ? { userProfiles: files.userProfiles } : {}),
          };
    create.mutate(upload, { onSuccess: ({ data }) => onPreview(data) });
  };

  return (
    <form onSubmit={submit} noValidate aria-busy={create.isPending}>
      <ErrorMessage error={create.error} />
      <fieldset>
        <legend>How are the files packaged?</legend>
        <label className="checkbox">
          <input
            type="radio"
            name={name}
            value="zip"
            checked={packaging === 'zip'}
            onChange={() => setPackaging('zip')}
          />
          One zip file, as your system exports it
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name={name}
            value="separate"
            checked={packaging === 'separate'}
            onChange={() => setPackaging('separate')}
          />
          Separate CSV files
        </label>
      </fieldset>
      {packaging === 'zip' ? (
        <FileInput
          label="OneRoster zip file"
          accept=".zip,application/zip"
          hint="Up to 5 MB."
          error={errorFor('bundle')}
          onChange={setFile('bundle')}
        />
      ) : (
        CSV_FIELDS.map(({ field, label, hint }) => (
          <FileInput
            key={field}
            label={label}
            accept=".csv,text/csv"
            hint={hint}
            error={errorFor(field)}
            onChange={setFile(field)}
          />
        ))
      )}
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Preparing preview…' : 'Preview import'}
      </button>
    </form>
  );
}
