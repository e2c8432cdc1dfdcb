import { useId, useState } from 'react';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { useMicroCredentialList } from '../api/list-micro-credentials.ts';
import { errorAt } from './field-errors.ts';
import { move } from './prompts-editor.tsx';

export interface MemberDraft {
  id: string;
  title: string;
}

/** A stack's micro-credentials: chosen from the issuer's own, in the order earners see them. */
export function MemberChooser({
  issuerOrgId,
  value,
  onChange,
  error,
}: {
  issuerOrgId: string;
  value: MemberDraft[];
  onChange: (members: MemberDraft[]) => void;
  error: unknown;
}) {
  const id = useId();
  const [pick, setPick] = useState('');
  const available = useMicroCredentialList({ issuerOrgId, kind: 'micro' }, { enabled: Boolean(issuerOrgId) });
  const chosen = new Set(value.map((m) => m.id));
  const options = (available.data?.pages.flatMap((p) => p.data) ?? []).filter(
    (c) => !chosen.has(c.id) && c.status !== 'retired',
  );
  const listError = errorAt(error, '/body/memberIds');

  return (
    <fieldset className="member-chooser">
      <legend>Micro-credentials in this stack</legend>
      <p className="field__hint">Earning every one of them earns the stack. Choose at least two.</p>
      {listError && <p className="field__error">{listError}</p>}
      {value.length === 0 ? (
        <p className="muted">None chosen yet.</p>
      ) : (
        <ol className="member-chooser__chosen">
          {value.map((member, i) => (
            <li key={member.id}>
              <span>{member.title}</span>
              <div className="actions">
                <button
                  type="button"
                  className="link-button"
                  disabled={i === 0}
                  onClick={() => onChange(move(value, i, -1))}
                >
                  Move up<span className="visually-hidden"> {member.title}</span>
                </button>
                <button
                  type="button"
                  className="link-button"
                  disabled={i === value.length - 1}
                  onClick={() => onChange(move(value, i, 1))}
                >
                  Move down<span className="visually-hidden"> {member.title}</span>
                </button>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onChange(value.filter((m) => m.id !== member.id))}
                >
                  Remove<span className="visually-hidden"> {member.title}</span>
                </button>
              </div>
              {errorAt(error, `/body/memberIds/${i}`) && (
                <p className="field__error">{errorAt(error, `/body/memberIds/${i}`)}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {available.isError ? (
        <ErrorMessage error={available.error} />
      ) : (
        <div className="actions member-chooser__add">
          <label htmlFor={`${id}-pick`}>Add a micro-credential</label>
          <select id={`${id}-pick`} value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">{available.isPending ? 'Loading…' : 'Choose one'}</option>
            {options.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
                {c.status === 'draft' ? ' (draft)' : ''}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--secondary"
            disabled={!pick}
            onClick={() => {
              const found = options.find((c) => c.id === pick);
              if (found) onChange([...value, { id: found.id, title: found.title }]);
              setPick('');
            }}
          >
            Add to the stack
          </button>
          {available.hasNextPage && (
            <button
              type="button"
              className="link-button"
              disabled={available.isFetchingNextPage}
              onClick={() => void available.fetchNextPage()}
            >
              List more micro-credentials
            </button>
          )}
        </div>
      )}
    </fieldset>
  );
}
