import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  CREDIT_STATUS_LABELS,
  LEARNING_SOURCE_LABELS,
  type LearningEntryView,
} from '#shared/contracts/learning.ts';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { SelectField } from '#web/components/field.tsx';
import { useDeleteEntry } from '#web/features/learning/api/delete-entry.ts';
import { useLearningEntry } from '#web/features/learning/api/get-entry.ts';
import { useLearningEntries } from '#web/features/learning/api/list-entries.ts';
import { useMergeEntries, useUnmergeEntry } from '#web/features/learning/api/merge-entries.ts';
import { useUpdateEntry } from '#web/features/learning/api/save-entry.ts';
import { EntryForm } from '#web/features/learning/components/entry-form.tsx';
import { formatDuration } from '#web/features/learning/components/format.ts';
import { formatDay } from '#web/lib/format.ts';

const DAY = 24 * 60 * 60 * 1000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * One activity, counted once: offers the entries a tool reported or Trellis recorded within two
 * weeks of this hand entry, and merges this one into the chosen one.
 */
function MergePanel({ entry }: { entry: LearningEntryView }) {
  const id = useId();
  const at = new Date(entry.occurredAt).getTime();
  const near = new URLSearchParams({
    from: isoDay(at - 14 * DAY),
    to: isoDay(at + 14 * DAY),
    status: 'logged',
  });
  const candidates = useLearningEntries(near.toString());
  const merge = useMergeEntries();
  const navigate = useNavigate();
  const [target, setTarget] = useState('');
  const recorded = (candidates.data?.pages.flatMap((p) => p.data) ?? []).filter((e) => e.source !== 'self');
  return (
    <section aria-labelledby={`${id}-heading`} className="learning-merge">
      <h2 id={`${id}-heading`}>Counted twice?</h2>
      <p className="muted">
        If a tool or Trellis also recorded this activity, merge this entry into that one: it keeps counting
        once, with your reflection, competencies and evidence added.
      </p>
      {candidates.isPending ? (
        <Loading label="Looking for the same activity…" />
      ) : recorded.length === 0 ? (
        <p className="muted">Nothing a tool or Trellis recorded within two weeks of this date.</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (target)
              merge.mutate(
                { id: target, entryId: entry.id },
                { onSuccess: (kept) => navigate(`/learning/${kept.id}`) },
              );
          }}
        >
          <SelectField
            label="The same activity as"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          >
            <option value="">Choose an entry</option>
            {recorded.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title} · {formatDay(e.occurredAt)} · {LEARNING_SOURCE_LABELS[e.source]}
              </option>
            ))}
          </SelectField>
          <ErrorMessage error={merge.error} />
          <div className="actions">
            <button type="submit" className="button" disabled={!target || merge.isPending}>
              {merge.isPending ? 'Merging…' : 'Merge into it'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** What an entry says: kind, source, date, hours, provider, credit, its result, competencies, reflection, evidence. */
function EntryDetails({ entry }: { entry: LearningEntryView }) {
  const unmerge = useUnmergeEntry();
  const score = entry.result?.score as { scaled?: number; raw?: number; max?: number } | undefined;
  return (
    <>
      <dl className="learning-facts">
        <dt>Kind</dt>
        <dd>{entry.kindLabel}</dd>
        <dt>Source</dt>
        <dd>{LEARNING_SOURCE_LABELS[entry.source]}</dd>
        <dt>Date</dt>
        <dd>
          <time dateTime={entry.occurredAt}>{formatDay(entry.occurredAt)}</time>
        </dd>
        <dt>Duration</dt>
        <dd>{formatDuration(entry.durationMinutes)}</dd>
        {entry.provider && (
          <>
            <dt>Provider</dt>
            <dd>{entry.provider}</dd>
          </>
        )}
        {entry.link && (
          <>
            <dt>Link</dt>
            <dd>
              <a href={entry.link} rel="noopener noreferrer" target="_blank">
                {entry.link}
              </a>
            </dd>
          </>
        )}
        {entry.about?.href && (
          <>
            <dt>About</dt>
            <dd>
              {entry.about.href.startsWith('/') ? (
                <Link to={entry.about.href}>Open it in Trellis</Link>
              ) : (
                <a href={entry.about.href} rel="noopener noreferrer" target="_blank">
                  {entry.about.href}
                </a>
              )}
            </dd>
          </>
        )}
        {entry.result && (entry.result.success !== undefined || score) && (
          <>
            <dt>Result</dt>
            <dd>
              {entry.result.success === true ? 'Passed' : entry.result.success === false ? 'Not passed' : ''}
              {score?.scaled !== undefined ? ` · score ${Math.round(score.scaled * 100)}%` : ''}
            </dd>
          </>
        )}
        <dt>Credit</dt>
        <dd>{entry.creditStatus ? CREDIT_STATUS_LABELS[entry.creditStatus] : CREDIT_STATUS_LABELS.none}</dd>
      </dl>
      {entry.competencies.length > 0 && (
        <>
          <h2>Competencies</h2>
          <ul>
            {entry.competencies.map((c) => (
              <li key={c.id}>
                {c.code ? <strong>{c.code} </strong> : null}
                {c.statement}
              </li>
            ))}
          </ul>
        </>
      )}
      {(entry.willTry || entry.practiceChange) && (
        <>
          <h2>Reflection</h2>
          {entry.willTry && (
            <>
              <h3>What I will try</h3>
              <p className="learning-text">{entry.willTry}</p>
            </>
          )}
          {entry.practiceChange && (
            <>
              <h3>What changed in my practice</h3>
              <p className="learning-text">{entry.practiceChange}</p>
            </>
          )}
        </>
      )}
      <h2>Evidence</h2>
      {entry.evidence.length === 0 ? (
        <p className="muted">No evidence yet.</p>
      ) : (
        <ul>
          {entry.evidence.map((e) => (
            <li key={e.id}>
              {!e.href ? (
                e.title
              ) : e.type === 'file' ? (
                <a href={e.href} download={e.title}>
                  {e.title}
                </a>
              ) : e.type === 'link' ? (
                <a href={e.href} rel="noopener noreferrer" target="_blank">
                  {e.title}
                </a>
              ) : (
                <Link to={e.href}>{e.title || (e.type === 'resource' ? 'A resource' : 'A thread')}</Link>
              )}
            </li>
          ))}
        </ul>
      )}
      {entry.merged.length > 0 && (
        <>
          <h2>Merged into this entry</h2>
          <ul>
            {entry.merged.map((m) => (
              <li key={m.id}>
                {m.title}{' '}
                {entry.abilities.edit && (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    disabled={unmerge.isPending}
                    onClick={() => unmerge.mutate({ id: entry.id, entryId: m.id })}
                  >
                    Undo merge<span className="visually-hidden"> of {m.title}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
          <ErrorMessage error={unmerge.error} />
        </>
      )}
    </>
  );
}

/** One entry of my log: read it, edit it, delete it, or merge it with the same activity recorded elsewhere. */
export default function LearningEntryPage() {
  const { id = '' } = useParams();
  const entry = useLearningEntry(id);
  const update = useUpdateEntry(id);
  const remove = useDeleteEntry();
  const confirm = useConfirmStep();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  if (entry.isPending) return <Loading label="Loading the entry…" />;
  if (entry.isError)
    return (
      <section className="page">
        <p>
          <Link to="/learning">My learning</Link>
        </p>
        <ErrorMessage error={entry.error} />
      </section>
    );
  const data = entry.data;
  return (
    <section className="page page--narrow">
      <p>
        <Link to="/learning">My learning</Link>
      </p>
      <PageHeading>{data.title}</PageHeading>
      {data.status === 'draft' && <p className="badge">Draft</p>}
      {saved && !editing && <Notice>Saved.</Notice>}
      {editing ? (
        <EntryForm
          entry={data}
          pending={update.isPending}
          error={update.error}
          onCancel={() => setEditing(false)}
          onSubmit={(body) =>
            update.mutate(body, {
              onSuccess: () => {
                setEditing(false);
                setSaved(true);
              },
            })
          }
        />
      ) : (
        <>
          <EntryDetails entry={data} />
          {(data.abilities.edit || data.abilities.delete) && (
            <div className="actions">
              {data.abilities.edit && (
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setSaved(false);
                    setEditing(true);
                  }}
                >
                  {data.abilities.editAll ? 'Edit' : 'Add reflection and evidence'}
                </button>
              )}
              {data.abilities.delete && (
                <button
                  type="button"
                  ref={confirm.opener}
                  className="button button--secondary"
                  onClick={confirm.start}
                >
                  Delete
                </button>
              )}
            </div>
          )}
          {!data.abilities.edit && data.creditStatus && (
            <p className="muted">
              {data.creditStatus === 'approved'
                ? 'Approved for credit: this entry can no longer change.'
                : 'Waiting for approval: this entry can change once the approver has answered.'}
            </p>
          )}
          {confirm.open && (
            <ConfirmStep
              prompt={`Delete “${data.title}” from your log?`}
              confirmLabel="Delete"
              pending={remove.isPending}
              error={remove.error}
              onCancel={confirm.close}
              onConfirm={() =>
                remove.mutate(data.id, {
                  onSuccess: () => navigate('/learning', { state: { notice: `“${data.title}” deleted.` } }),
                })
              }
            />
          )}
          {data.abilities.merge && <MergePanel entry={data} />}
        </>
      )}
    </section>
  );
}
