import { useState } from 'react';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { TextArea } from '#web/components/field.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useRevokeAward } from '../api/revoke-award.ts';

/** The issuer admin's "Revoke": a required reason and a confirm step. */
export function RevokeAward({ awardId, title }: { awardId: string; title: string }) {
  const step = useConfirmStep();
  const revoke = useRevokeAward(awardId);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const serverReason = revoke.error instanceof ApiError ? revoke.error.fieldError('reason') : undefined;
  const confirm = () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    revoke.mutate(reason.trim(), { onSuccess: () => step.close() });
  };
  return (
    <div className="award-revoke">
      <button
        ref={step.opener}
        type="button"
        className="button button--danger"
        onClick={step.start}
        aria-expanded={step.open}
      >
        Revoke
      </button>
      {step.open && (
        <ConfirmStep
          prompt={`Revoke “${title}”? Anyone who verifies it will see it is revoked. This cannot be undone.`}
          confirmLabel={revoke.isPending ? 'Revoking…' : 'Revoke credential'}
          pending={revoke.isPending}
          error={serverReason ? undefined : revoke.error}
          onConfirm={confirm}
          onCancel={step.close}
        >
          <TextArea
            label="Reason (required)"
            hint="Shown to the earner. At most 500 characters."
            maxLength={500}
            required
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setMissing(false);
            }}
            error={missing ? 'Say why the credential is revoked.' : serverReason}
          />
        </ConfirmStep>
      )}
    </div>
  );
}
