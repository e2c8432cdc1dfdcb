import { type FormEvent, useId, useState } from 'react';
import { SCHOOL_REQUEST_NOTE_MAX } from '#shared/contracts/school-membership.ts';
import { CheckboxList, TextArea } from '#web/components/field.tsx';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useOwnSchools } from '../api/get-own-schools.ts';
import { useRequestSchoolChange } from '../api/request-school-change.ts';

const names = (schools: Array<{ name: string }>) =>
  schools.length ? schools.map((s) => s.name).join(', ') : 'no school (district-wide)';

/**
 * The schools one belongs to. They are assigned (by the roster, or by a district administrator),
 * so the profile shows them and offers a request for a change instead of a choice.
 */
export function OwnSchools({ districtSchools }: { districtSchools: Array<{ id: string; name: string }> }) {
  const own = useOwnSchools();
  const request = useRequestSchoolChange();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [sent, setSent] = useState(false);
  const panelId = useId();

  if (own.isPending) return <Loading label="Loading your schools…" />;
  if (own.isError) return <ErrorMessage error={own.error} />;
  const { schools, rostered, request: latest } = own.data;
  const current = schools.map((s) => s.id);
  const apiError = request.error instanceof ApiError ? request.error : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get('note') ?? '').trim();
    const listed = districtSchools.map((s) => s.id);
    const schoolIds = [
      ...current.filter((id) => chosen.has(id)),
      ...listed.filter((id) => chosen.has(id) && !current.includes(id)),
    ];
    setSent(false);
    request.mutate(
      { schoolIds, ...(note ? { note } : {}) },
      {
        onSuccess: () => {
          setOpen(false);
          setSent(true);
        },
      },
    );
  };

  return (
    <section aria-labelledby="own-schools-heading">
      <h2 id="own-schools-heading">My schools</h2>
      <p>You belong to {names(schools)}.</p>
      <div role="status" aria-live="polite">
        {sent && <p className="notice notice--ok">Your request is sent to your district administrators.</p>}
      </div>
      {latest?.status === 'pending' && (
        <p className="notice">
          Request pending: you asked to belong to {names(latest.schools)}. A district administrator will
          approve or decline it.
        </p>
      )}
      {latest?.status === 'declined' && (
        <p className="muted">Your last request, for {names(latest.schools)}, was declined.</p>
      )}
      {rostered ? (
        <p className="field__hint">
          Your schools come from your district’s roster; ask your district to change them there.
        </p>
      ) : (
        <>
          <button
            type="button"
            className="button button--secondary"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => {
              setChosen(new Set(current));
              request.reset();
              setOpen(!open);
            }}
          >
            Request a change of school
          </button>
          <div id={panelId} hidden={!open}>
            {open && (
              <form onSubmit={submit} noValidate>
                <ErrorMessage error={request.error} />
                <fieldset
                  aria-describedby={apiError?.fieldError('schoolIds') ? `${panelId}-error` : undefined}
                >
                  <legend>The schools you work at</legend>
                  <CheckboxList options={districtSchools} chosen={chosen} onChange={setChosen} />
                  {apiError?.fieldError('schoolIds') && (
                    <p className="field__error" id={`${panelId}-error`}>
                      {apiError.fieldError('schoolIds')}
                    </p>
                  )}
                </fieldset>
                <TextArea
                  label="Note for your district administrators (optional)"
                  name="note"
                  rows={2}
                  maxLength={SCHOOL_REQUEST_NOTE_MAX}
                  error={apiError?.fieldError('note')}
                />
                <div className="actions">
                  <button type="submit" className="button" disabled={request.isPending}>
                    Send request
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
                    Cancel
                  </button>
                </div>
              </form>
            )}
          </div>
        </>
      )}
    </section>
  );
}
