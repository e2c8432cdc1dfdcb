import { type FormEvent, useRef, useState } from 'react';
import type { EndorsementView } from '#shared/contracts/resource-quality.ts';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { SelectField, TextArea } from '#web/components/field.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { formatDay } from '#web/lib/format.ts';
import { useEndorse, useEndorsements, useWithdrawEndorsement } from '../api/endorsements.ts';

/** Community endorsements as badges, and, for facilitators, the form to endorse for their community. */
export function EndorsementSection({ resourceId }: { resourceId: string }) {
  const endorsements = useEndorsements(resourceId);
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);
  const say = (text: string) => {
    setStatus(text);
    requestAnimationFrame(() => statusRef.current?.focus());
  };
  if (endorsements.isPending) return <Loading label="Loading endorsements…" />;
  if (endorsements.isError) return <ErrorMessage error={endorsements.error} />;
  const { data, candidates } = endorsements.data;
  return (
    <section aria-labelledby="endorsements-heading" className="quality__section">
      <h3 id="endorsements-heading">Endorsements</h3>
      <p ref={statusRef} tabIndex={-1} aria-live="polite" className="quality__status">
        {status}
      </p>
      {data.length === 0 ? (
        <p className="muted">No community has endorsed this resource yet.</p>
      ) : (
        <ul className="endorsement-list">
          {data.map((e) => (
            <Endorsement key={e.communityId} resourceId={resourceId} endorsement={e} onWithdrawn={say} />
          ))}
        </ul>
      )}
      {candidates.length > 0 && <EndorseForm resourceId={resourceId} candidates={candidates} onSaved={say} />}
    </section>
  );
}

function Endorsement({
  resourceId,
  endorsement: e,
  onWithdrawn,
}: {
  resourceId: string;
  endorsement: EndorsementView;
  onWithdrawn: (status: string) => void;
}) {
  const withdraw = useWithdrawEndorsement(resourceId);
  const confirm = useConfirmStep();
  const name = e.communityName ?? 'a community';
  return (
    <li className="endorsement">
      <p>
        <span className="badge endorsement__badge">Endorsed by {name}</span>{' '}
        <span className="muted">
          {e.endorser.name ? `${e.endorser.name}, ` : ''}
          {formatDay(e.createdAt)}
        </span>
      </p>
      {e.note && <p className="quality__text">{e.note}</p>}
      {e.abilities.remove &&
        (confirm.open ? (
          <ConfirmStep
            prompt={`Withdraw the endorsement of ${name}?`}
            confirmLabel="Withdraw endorsement"
            pending={withdraw.isPending}
            error={withdraw.error}
            onCancel={confirm.close}
            onConfirm={
              () =>
                withdraw
                  .mutateAsync(e.communityId)
                  .then(() => onWithdrawn(`The endorsement of ${name} is withdrawn.`))
                  .catch(() => {}) // shown through withdraw.error
            }
          />
        ) : (
          <button ref={confirm.opener} type="button" className="link-button" onClick={confirm.start}>
            Withdraw endorsement
          </button>
        ))}
    </li>
  );
}

function EndorseForm({
  resourceId,
  candidates,
  onSaved,
}: {
  resourceId: string;
  candidates: Array<{ id: string; name: string }>;
  onSaved: (status: string) => void;
}) {
  const endorse = useEndorse(resourceId);
  const [communityId, setCommunityId] = useState(candidates[0].id);
  const [note, setNote] = useState('');
  const chosen = candidates.find((c) => c.id === communityId) ?? candidates[0];
  const fieldError = (f: string) =>
    endorse.error instanceof ApiError ? endorse.error.fieldError(f) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    endorse.mutate(
      { communityId: chosen.id, note },
      {
        onSuccess: () => {
          setNote('');
          onSaved(`${chosen.name} now endorses this resource.`);
        },
      },
    );
  };
  return (
    <form className="quality__form" onSubmit={submit} aria-labelledby="endorse-heading">
      <h4 id="endorse-heading">Endorse as a facilitator</h4>
      {candidates.length > 1 && (
        <SelectField
          label="Community"
          value={chosen.id}
          onChange={(e) => setCommunityId(e.target.value)}
          error={fieldError('communityId')}
        >
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextArea
        label="Why your community recommends it (optional)"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={1000}
        rows={3}
        error={fieldError('note')}
      />
      <ErrorMessage
        error={
          fieldError('note') || (candidates.length > 1 && fieldError('communityId')) ? null : endorse.error
        }
      />
      <div className="actions">
        <button type="submit" className="button" disabled={endorse.isPending}>
          {endorse.isPending ? 'Endorsing…' : `Endorse for ${chosen.name}`}
        </button>
      </div>
    </form>
  );
}
