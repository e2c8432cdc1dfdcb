import { useState } from 'react';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { TextArea, TextField } from '#web/components/field.tsx';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useMyErasure, useRequestErasure, useWithdrawErasure } from '../api/erasure-requests.ts';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : '');

/**
 * The signed-in person's request to be erased: asked with their address typed out; where their
 * district requires it, it waits for an administrator (and can be withdrawn meanwhile); otherwise
 * it is done at once and they are signed out.
 */
export function MyErasureRequest({ email }: { email: string }) {
  const mine = useMyErasure();
  const ask = useRequestErasure();
  const withdraw = useWithdrawErasure();
  const step = useConfirmStep();
  const [confirm, setConfirm] = useState('');
  const [note, setNote] = useState('');

  if (mine.isPending) return <Loading label="Loading your erasure request…" />;
  if (mine.isError) return <ErrorMessage error={mine.error} />;
  const { request, needsApproval } = mine.data.data;
  const fieldError = ask.error instanceof ApiError ? ask.error.fieldError('confirm') : undefined;

  if (request?.status === 'pending')
    return (
      <Notice>
        <p>
          You asked on {when(request.createdAt)} to have your account erased. Your district’s administrators
          decide; you will be told by email.
        </p>
        <ErrorMessage error={withdraw.error} />
        <button type="button" className="button button--secondary" onClick={() => withdraw.mutate()}>
          {withdraw.isPending ? 'Withdrawing…' : 'Withdraw my request'}
        </button>
      </Notice>
    );

  return (
    <div>
      {request?.status === 'declined' && (
        <Notice>
          <p>
            Your request of {when(request.createdAt)} was declined on {when(request.decidedAt)}.
            {request.decisionNote ? ` Their reason: ${request.decisionNote}` : ''}
          </p>
        </Notice>
      )}
      <p className="muted">
        Erasing deletes your account, profile, sign-ins, settings, notifications, memberships and the work
        that was yours alone; what you wrote or shared with colleagues stays, shown as by “Former member”.{' '}
        {needsApproval
          ? 'Your district’s records rules ask an administrator to approve it first.'
          : 'It happens at once and cannot be undone.'}{' '}
        Download your data first if you want to keep it.
      </p>
      {step.open ? (
        <ConfirmStep
          prompt={
            needsApproval
              ? 'Ask to have your account erased?'
              : 'Erase your account now? This cannot be undone.'
          }
          confirmLabel={ask.isPending ? 'Sending…' : needsApproval ? 'Ask to be erased' : 'Erase my account'}
          pending={ask.isPending}
          error={fieldError ? undefined : ask.error}
          onConfirm={() =>
            ask.mutate(
              { confirm, note: note.trim() || undefined },
              {
                onSuccess: (response) => {
                  // Erased: the session went with the account; a fresh page starts signed out.
                  if (response.data.status === 'completed') window.location.assign('/sign-in');
                  else step.close();
                },
              },
            )
          }
          onCancel={() => {
            ask.reset();
            setConfirm('');
            step.close();
          }}
        >
          <TextField
            label={`Type ${email} to confirm`}
            autoComplete="off"
            spellCheck={false}
            value={confirm}
            error={fieldError}
            onChange={(e) => setConfirm(e.target.value)}
          />
          {needsApproval && (
            <TextArea
              label="A note for your administrators (optional)"
              rows={3}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </ConfirmStep>
      ) : (
        <button ref={step.opener} type="button" className="button button--danger" onClick={step.start}>
          {needsApproval ? 'Ask to have my account erased…' : 'Erase my account…'}
        </button>
      )}
    </div>
  );
}
