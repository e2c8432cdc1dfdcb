import { type FormEvent, useState } from 'react';
import type { CaseStudent } from '#shared/contracts/inquiry-plan.ts';
import { TextArea, TextField } from '#web/components/field.tsx';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useAddCaseStudent, useChangeCaseStudent, useRemoveCaseStudent } from '../../api/plan.ts';

/** Why the form asks for a pseudonym, said where the name is typed. */
export const PSEUDONYM_HINT =
  'Never a real name. Give a made-up name or a letter ("Student A"). The plan is printed, carried ' +
  'into classrooms, shared across districts and may be published with the findings, so a real ' +
  'name would tell people outside the school about a child. Describe what to watch for, not who the child is.';

function CaseStudentForm(props: { cycleId: string; student?: CaseStudent; onDone: () => void }) {
  const { cycleId, student, onDone } = props;
  const add = useAddCaseStudent(cycleId);
  const change = useChangeCaseStudent(cycleId);
  const mutation = student ? change : add;
  const [pseudonym, setPseudonym] = useState(student?.pseudonym ?? '');
  const [watchFor, setWatchFor] = useState(student?.watchFor ?? '');
  const fieldError = (field: string) =>
    mutation.error instanceof ApiError ? mutation.error.fieldError(field) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const done = { onSuccess: onDone };
    if (student) change.mutate({ id: student.id, pseudonym, watchFor }, done);
    else
      add.mutate(
        { pseudonym, watchFor },
        {
          onSuccess: () => {
            setPseudonym('');
            setWatchFor('');
            onDone();
          },
        },
      );
  };

  return (
    <form onSubmit={submit} className="case-student-form" noValidate>
      <ErrorMessage error={mutation.error} />
      <TextField
        label="Pseudonym"
        hint={PSEUDONYM_HINT}
        value={pseudonym}
        maxLength={40}
        required
        onChange={(e) => setPseudonym(e.target.value)}
        error={fieldError('pseudonym')}
      />
      <TextArea
        label="What to watch for"
        hint="The thinking or the moments observers should note for this student."
        value={watchFor}
        rows={2}
        onChange={(e) => setWatchFor(e.target.value)}
        error={fieldError('watchFor')}
      />
      <FormActions
        label={student ? 'Save case student' : 'Add case student'}
        pending={mutation.isPending}
        onCancel={student ? onDone : undefined}
      />
    </form>
  );
}

/** The plan's case students, by pseudonym, with what observers watch for in each. */
export function CaseStudents(props: { cycleId: string; students: CaseStudent[]; editable: boolean }) {
  const { cycleId, students, editable } = props;
  const remove = useRemoveCaseStudent(cycleId);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className="case-students" aria-labelledby="case-students-heading">
      <h3 id="case-students-heading">Case students</h3>
      <p>A few students the observers follow closely, each by a pseudonym.</p>
      {students.length === 0 ? (
        <p>No case students yet.</p>
      ) : (
        <ul className="case-students__list">
          {students.map((s) => (
            <li key={s.id}>
              {editing === s.id ? (
                <CaseStudentForm cycleId={cycleId} student={s} onDone={() => setEditing(null)} />
              ) : (
                <>
                  <p>
                    <strong>{s.pseudonym}</strong>
                    {s.watchFor ? `: ${s.watchFor}` : ''}
                  </p>
                  {editable && (
                    <div className="actions">
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => setEditing(s.id)}
                      >
                        Change {s.pseudonym}
                      </button>
                      <button
                        type="button"
                        className="button button--secondary"
                        disabled={remove.isPending}
                        onClick={() => remove.mutate(s.id)}
                      >
                        Remove {s.pseudonym}
                      </button>
                    </div>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={remove.error} />
      {editable && students.length < 8 && <CaseStudentForm cycleId={cycleId} onDone={() => {}} />}
    </section>
  );
}
