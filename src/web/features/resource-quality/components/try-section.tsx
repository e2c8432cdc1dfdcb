import { type FormEvent, useRef, useState } from 'react';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import type { TryBody, TryView } from '#shared/contracts/resource-quality.ts';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { SelectField, TextArea } from '#web/components/field.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { formatDay } from '#web/lib/format.ts';
import { useReportTry, useTries } from '../api/tries.ts';

/** "I tried it": the form to report what happened in one's class, and everyone's reports. */
export function TrySection({ resourceId }: { resourceId: string }) {
  const tries = useTries(resourceId);
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  if (tries.isPending) return <Loading label="Loading reports…" />;
  if (tries.isError) return <ErrorMessage error={tries.error} />;
  const all = tries.data.pages.flatMap((p) => p.data);
  const count = tries.data.pages[0].triedCount;
  return (
    <section aria-labelledby="tries-heading" className="quality__section">
      <h3 id="tries-heading">I tried it</h3>
      <p className="muted">
        {count === 0
          ? 'No one has reported trying it yet.'
          : `${count} ${count === 1 ? 'teacher report' : 'teacher reports'} of trying it with a class.`}
      </p>
      <p ref={statusRef} tabIndex={-1} aria-live="polite" className="quality__status">
        {status}
      </p>
      {open ? (
        <TryForm
          resourceId={resourceId}
          onDone={(saved) => {
            setOpen(false);
            if (saved) {
              setStatus('Thank you: your report is saved.');
              requestAnimationFrame(() => statusRef.current?.focus());
            } else requestAnimationFrame(() => openerRef.current?.focus());
          }}
        />
      ) : (
        <p>
          <button
            ref={openerRef}
            type="button"
            className="button"
            onClick={() => {
              setStatus('');
              setOpen(true);
            }}
          >
            I tried it: report what happened
          </button>
        </p>
      )}
      {all.length === 0 ? (
        <EmptyState title="No reports yet">
          <p>Tried it with a class? Tell colleagues what happened and what you changed.</p>
        </EmptyState>
      ) : (
        <>
          <ul className="try-list">
            {all.map((t) => (
              <TryItem key={t.id} report={t} />
            ))}
          </ul>
          <LoadMore query={tries} noun="reports" />
        </>
      )}
    </section>
  );
}

function TryItem({ report: t }: { report: TryView }) {
  const where = [t.schoolName, t.districtName].filter(Boolean).join(', ');
  return (
    <li className="try card">
      <p className="try__head">
        <strong>{t.teacher.name ?? 'A teacher in another network'}</strong>
        {where && <span className="muted"> · {where}</span>}
        <span className="muted"> · {formatDay(t.createdAt)}</span>
      </p>
      <p>
        <span className="tag">Grade {t.gradeBand}</span>
        <span className="tag">{t.subject}</span>
        <span className="tag">Version {t.version}</span>
      </p>
      <dl className="try__facts">
        {t.context && <Fact term="Context" text={t.context} />}
        <Fact term="What happened" text={t.whatHappened} />
        {t.studentWork && <Fact term="What students produced" text={t.studentWork} />}
        {t.adaptations && <Fact term="What they adapted" text={t.adaptations} />}
      </dl>
    </li>
  );
}

function Fact({ term, text }: { term: string; text: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd className="quality__text">{text}</dd>
    </>
  );
}

const EMPTY: Required<TryBody> = {
  gradeBand: '3-5',
  subject: 'Mathematics',
  context: '',
  whatHappened: '',
  studentWork: '',
  adaptations: '',
};

function TryForm({ resourceId, onDone }: { resourceId: string; onDone: (saved: boolean) => void }) {
  const report = useReportTry(resourceId);
  const [draft, setDraft] = useState<Required<TryBody>>(EMPTY);
  const [missing, setMissing] = useState(false);
  const set = (field: keyof TryBody) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: e.target.value }));
  const fieldError = (f: keyof TryBody) =>
    report.error instanceof ApiError ? report.error.fieldError(f) : undefined;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!draft.whatHappened.trim()) {
      setMissing(true);
      event.currentTarget.querySelector<HTMLTextAreaElement>('textarea[name="whatHappened"]')?.focus();
      return;
    }
    report.mutate(draft, { onSuccess: () => onDone(true) });
  };
  const fields: Array<keyof TryBody> = [
    'gradeBand',
    'subject',
    'context',
    'whatHappened',
    'studentWork',
    'adaptations',
  ];
  const anyFieldError = fields.some((f) => fieldError(f));
  return (
    <form className="quality__form try-form" onSubmit={submit} noValidate aria-labelledby="try-form-heading">
      <h4 id="try-form-heading">Report trying it</h4>
      <div className="try-form__row">
        <SelectField
          label="Grade band"
          value={draft.gradeBand}
          onChange={set('gradeBand')}
          error={fieldError('gradeBand')}
        >
          {GRADE_BANDS.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Subject"
          value={draft.subject}
          onChange={set('subject')}
          error={fieldError('subject')}
        >
          {SUBJECTS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </SelectField>
      </div>
      <TextArea
        label="Context (optional)"
        hint="Your class and setting, e.g. “Grade 4, 26 students, half of them English learners.”"
        name="context"
        value={draft.context}
        onChange={set('context')}
        maxLength={2000}
        rows={2}
        error={fieldError('context')}
      />
      <TextArea
        label="What happened"
        name="whatHappened"
        value={draft.whatHappened}
        onChange={(e) => {
          set('whatHappened')(e);
          setMissing(false);
        }}
        maxLength={4000}
        rows={4}
        required
        aria-required="true"
        error={missing ? 'Say what happened when you used it.' : fieldError('whatHappened')}
      />
      <TextArea
        label="What students produced (optional)"
        hint="In aggregate, with no student names: e.g. “most groups found two strategies”."
        name="studentWork"
        value={draft.studentWork}
        onChange={set('studentWork')}
        maxLength={4000}
        rows={3}
        error={fieldError('studentWork')}
      />
      <TextArea
        label="What you adapted (optional)"
        name="adaptations"
        value={draft.adaptations}
        onChange={set('adaptations')}
        maxLength={4000}
        rows={3}
        error={fieldError('adaptations')}
      />
      <ErrorMessage error={anyFieldError ? null : report.error} />
      <div className="actions">
        <button type="submit" className="button" disabled={report.isPending}>
          {report.isPending ? 'Saving…' : 'Save report'}
        </button>
        <button type="button" className="button button--secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
