import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { useCheckIn } from '#web/features/events/api/events.ts';
import { ApiError } from '#web/lib/api-client.ts';

/** Check in with the code shown in the room or spoken in the meeting: made for a phone. */
export default function EventCheckInPage() {
  const checkIn = useCheckIn();
  // A phone that read the room's QR code arrives with the code filled in.
  const [params] = useSearchParams();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    checkIn.mutate(String(new FormData(e.currentTarget).get('code') ?? ''));
  };
  const codeError =
    checkIn.error instanceof ApiError
      ? checkIn.error.problem.errors.find((x) => x.path === '/body/code')?.message
      : undefined;
  return (
    <section className="page">
      <PageHeading>Check in</PageHeading>
      {checkIn.data ? (
        <div role="status">
          <p>
            <strong>You are checked in to {checkIn.data.data.title}.</strong> The hours are in your learning
            log.
          </p>
          <p>
            <Link to={`/events/${checkIn.data.data.eventId}`}>Back to the event</Link> ·{' '}
            <Link to="/learning">My learning log</Link>
          </p>
        </div>
      ) : (
        <form onSubmit={submit} aria-label="Check in" noValidate>
          <TextField
            label="Check-in code"
            name="code"
            required
            autoComplete="off"
            autoCapitalize="characters"
            inputMode="text"
            maxLength={20}
            defaultValue={params.get('code') ?? ''}
            hint="The six letters and digits shown in the room or said in the meeting."
            error={codeError ? `The code ${codeError}` : undefined}
          />
          {checkIn.error && !codeError && <ErrorMessage error={checkIn.error} />}
          <FormActions label="Check in" pendingLabel="Checking in…" pending={checkIn.isPending} />
        </form>
      )}
    </section>
  );
}
