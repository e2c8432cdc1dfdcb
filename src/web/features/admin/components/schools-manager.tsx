import { type FormEvent, useEffect, useState } from 'react';
import { TextField } from '#web/components/field.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import type { School } from '#shared/contracts/admin.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useArchiveSchool } from '../api/archive-school.ts';
import { useCreateSchool } from '../api/create-school.ts';
import { useSchools } from '../api/list-schools.ts';
import { useRenameSchool } from '../api/rename-school.ts';
import { TableWrap } from '#web/components/table-wrap.tsx';

/** The district's schools: add, rename, archive and bring back. */
export function SchoolsManager() {
  const [showArchived, setShowArchived] = useState(true);
  const schools = useSchools(showArchived);
  const create = useCreateSchool();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  // Counts successes, so every row drops an error that an older attempt left behind.
  const [successes, setSuccesses] = useState(0);
  const { reset: resetCreate } = create;
  /** The page shows one outcome at a time: a success clears every older error, and the reverse. */
  const succeeded = (text: string) => {
    setMessage(text);
    resetCreate();
    setSuccesses((n) => n + 1);
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    create.mutate(name, {
      onSuccess: ({ data }) => {
        succeeded(`${data.name} added.`);
        setName('');
      },
    });
  };
  const list = schools.data?.data ?? [];

  return (
    <div>
      <form onSubmit={add} noValidate aria-labelledby="add-school-heading">
        <h2 id="add-school-heading">Add a school</h2>
        <ErrorMessage error={create.error} />
        <TextField
          label="School name"
          required
          maxLength={200}
          value={name}
          error={create.error instanceof ApiError ? create.error.fieldError('name') : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button" disabled={create.isPending || !name.trim()}>
          Add school
        </button>
      </form>

      <h2>Schools</h2>
      {message && <Notice>{message}</Notice>}
      <label className="checkbox">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
        Show archived schools
      </label>
      {schools.isPending ? (
        <Loading label="Loading schools…" />
      ) : schools.isError ? (
        <ErrorMessage error={schools.error} />
      ) : list.length === 0 ? (
        <EmptyState title="No schools yet">Add your district's first school above.</EmptyState>
      ) : (
        <TableWrap label="Schools">
          <table>
            <caption className="visually-hidden">Schools of your district</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((school) => (
                <SchoolRow
                  key={school.id}
                  school={school}
                  successes={successes}
                  onStart={() => setMessage(null)}
                  onDone={succeeded}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

function SchoolRow({
  school,
  successes,
  onStart,
  onDone,
}: {
  school: School;
  /** How many changes on the page have succeeded: a new one makes this row's old error stale. */
  successes: number;
  onStart: () => void;
  onDone: (message: string) => void;
}) {
  const rename = useRenameSchool();
  const archive = useArchiveSchool();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(school.name);
  const { reset: resetRename } = rename;
  const { reset: resetArchive } = archive;
  useEffect(() => {
    if (successes === 0) return;
    resetArchive();
    if (!editing) resetRename();
  }, [successes, editing, resetArchive, resetRename]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    onStart();
    rename.mutate(
      { id: school.id, name },
      {
        onSuccess: ({ data }) => {
          setEditing(false);
          onDone(`Renamed to ${data.name}.`);
        },
      },
    );
  };

  return (
    <tr>
      <th scope="row">
        {editing ? (
          <form onSubmit={save} noValidate>
            <TextField
              label={`New name for ${school.name}`}
              required
              maxLength={200}
              value={name}
              autoFocus
              error={rename.error instanceof ApiError ? rename.error.fieldError('name') : undefined}
              onChange={(e) => setName(e.target.value)}
            />
            <div className="actions">
              <button type="submit" className="button" disabled={rename.isPending || !name.trim()}>
                Save name
              </button>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  setEditing(false);
                  setName(school.name);
                  rename.reset();
                }}
              >
                Cancel
              </button>
            </div>
          </form>
        ) : (
          school.name
        )}
      </th>
      <td>{school.archivedAt ? 'Archived' : 'Open'}</td>
      <td>
        <ErrorMessage error={archive.error ?? (editing ? null : rename.error)} />
        <div className="actions">
          {!editing && (
            <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
              Rename<span className="visually-hidden"> {school.name}</span>
            </button>
          )}
          <button
            type="button"
            className={school.archivedAt ? 'button button--secondary' : 'button button--danger'}
            disabled={archive.isPending}
            onClick={() => {
              onStart();
              archive.mutate(
                { id: school.id, archived: !school.archivedAt },
                {
                  onSuccess: ({ data }) =>
                    onDone(data.archivedAt ? `${data.name} archived.` : `${data.name} is open again.`),
                },
              );
            }}
          >
            {school.archivedAt ? 'Unarchive' : 'Archive'}
            <span className="visually-hidden"> {school.name}</span>
          </button>
        </div>
      </td>
    </tr>
  );
}
