import { type FormEvent, useState } from 'react';
import { TextField } from '#web/components/field.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import type { School } from '#shared/contracts/admin.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useArchiveSchool } from '../api/archive-school.ts';
import { useCreateSchool } from '../api/create-school.ts';
import { useSchools } from '../api/list-schools.ts';
import { useRenameSchool } from '../api/rename-school.ts';
import { TableWrap } from './table-wrap.tsx';

/** The district's schools: add, rename, archive and bring back. */
export function SchoolsManager() {
  const [showArchived, setShowArchived] = useState(true);
  const schools = useSchools(showArchived);
  const create = useCreateSchool();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const add = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name, {
      onSuccess: ({ data }) => {
        setMessage(`${data.name} added.`);
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
                <SchoolRow key={school.id} school={school} onDone={setMessage} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

function SchoolRow({ school, onDone }: { school: School; onDone: (message: string) => void }) {
  const rename = useRenameSchool();
  const archive = useArchiveSchool();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(school.name);

  const save = (event: FormEvent) => {
    event.preventDefault();
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
            onClick={() =>
              archive.mutate(
                { id: school.id, archived: !school.archivedAt },
                {
                  onSuccess: ({ data }) =>
                    onDone(data.archivedAt ? `${data.name} archived.` : `${data.name} is open again.`),
                },
              )
            }
          >
            {school.archivedAt ? 'Unarchive' : 'Archive'}
            <span className="visually-hidden"> {school.name}</span>
          </button>
        </div>
      </td>
    </tr>
  );
}
