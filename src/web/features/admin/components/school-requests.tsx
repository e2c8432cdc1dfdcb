import { useState } from 'react';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { useDecideSchoolRequest } from '../api/decide-school-request.ts';
import { useSchoolRequests } from '../api/list-school-requests.ts';

const names = (schools: Array<{ name: string }>) =>
  schools.length ? schools.map((s) => s.name).join(', ') : 'no school (district-wide)';

/** Requests from staff for a change of school, for a district admin to approve or decline. */
export function SchoolRequests() {
  const requests = useSchoolRequests();
  const decide = useDecideSchoolRequest();
  const [message, setMessage] = useState<string | null>(null);
  if (requests.isPending) return <Loading label="Loading school change requests…" />;
  if (requests.isError) return <ErrorMessage error={requests.error} />;
  return (
    <section aria-labelledby="school-requests-heading">
      <h2 id="school-requests-heading">School change requests</h2>
      <div role="status" aria-live="polite">
        {message && <p className="notice notice--ok">{message}</p>}
      </div>
      <ErrorMessage error={decide.error} />
      {requests.data.data.length === 0 ? (
        <p className="muted">No one is waiting for a change of school.</p>
      ) : (
        <ul className="bare-list">
          {requests.data.data.map((r) => (
            <li key={r.id} className="card">
              <p>
                <strong>{r.person.name}</strong> asks to belong to {names(r.schools)} (now{' '}
                {names(r.currentSchools)}).
              </p>
              {r.note && <p className="muted">“{r.note}”</p>}
              <div className="actions">
                <button
                  type="button"
                  className="button"
                  disabled={decide.isPending}
                  onClick={() =>
                    decide.mutate(
                      { id: r.id, approve: true },
                      { onSuccess: () => setMessage(`${r.person.name} now belongs to ${names(r.schools)}.`) },
                    )
                  }
                >
                  Approve<span className="visually-hidden"> the request of {r.person.name}</span>
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={decide.isPending}
                  onClick={() =>
                    decide.mutate(
                      { id: r.id, approve: false },
                      { onSuccess: () => setMessage(`The request of ${r.person.name} is declined.`) },
                    )
                  }
                >
                  Decline<span className="visually-hidden"> the request of {r.person.name}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
