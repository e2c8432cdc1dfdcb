import { useState } from 'react';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { SelectField } from '#web/components/field.tsx';
import { ErrorMessage } from '#web/components/feedback.tsx';
import {
  type DistrictRole,
  ROLE_LABELS,
  type StaffBulkAction,
  type StaffBulkBody,
  type StaffBulkResult,
  type StaffFilter,
} from '#shared/contracts/admin.ts';
import { useBulkUpdateStaff } from '../api/bulk-update-staff.ts';
import { type StaffFilters, staffFilterQuery } from '../api/list-staff.ts';
import { useSchools } from '../api/list-schools.ts';
import { RoleOptions } from './role-options.tsx';

/** Whom a bulk action is for: these ids, or everyone matching the filters (the count confirmed). */
export type BulkTarget = { ids: string[] } | { matching: StaffFilters; expectedCount: number };

const ACTION_LABELS: Record<StaffBulkAction, string> = {
  change_role: 'Change role',
  move_school: 'Move to a school',
  deactivate: 'Deactivate',
  reactivate: 'Reactivate',
  resend_welcome: 'Send the welcome email again',
};

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/** What happened, in a sentence, including who was left as they were and why. */
export function describeOutcome(result: StaffBulkResult, extra: string): string {
  const done: Record<StaffBulkAction, string> = {
    change_role: `Changed the role of ${people(result.changed)}${extra}; they are signed out so their next visit carries it.`,
    move_school: `Moved ${people(result.changed)}${extra}.`,
    deactivate: `Deactivated ${people(result.changed)} and signed them out everywhere.`,
    reactivate: `Reactivated ${people(result.changed)}; they can sign in again.`,
    resend_welcome: `Sent the welcome email to ${people(result.changed)}.`,
  };
  const parts = [done[result.action]];
  if (result.unchanged) parts.push(`${people(result.unchanged)} already so.`);
  for (const s of result.skipped) parts.push(`${s.name}: ${s.reason}`);
  return parts.join(' ');
}

/**
 * One action over the selected people: pick it (and its role or school), confirm with the count
 * named, and the outcome (with undo where there is one) goes to `onDone`.
 */
export function BulkActions({
  count,
  target,
  onDone,
  onClear,
}: {
  count: number;
  target: BulkTarget;
  onDone: (message: string, undo: StaffBulkBody[]) => void;
  onClear: () => void;
}) {
  const [action, setAction] = useState<StaffBulkAction>('change_role');
  const [role, setRole] = useState<DistrictRole>('teacher');
  const [schoolId, setSchoolId] = useState('');
  const schools = useSchools();
  const bulk = useBulkUpdateStaff();
  const confirm = useConfirmStep();

  const selection =
    'ids' in target
      ? { ids: target.ids }
      : {
          matching: staffFilterQuery(target.matching) as StaffFilter,
          expectedCount: target.expectedCount,
        };
  const body = (): StaffBulkBody => {
    switch (action) {
      case 'change_role':
        return { action, role, ...selection };
      case 'move_school':
        return { action, schoolId: schoolId || null, ...selection };
      default:
        return { action, ...selection };
    }
  };
  const schoolName = schools.data?.data.find((s) => s.id === schoolId)?.name ?? 'no school (district-wide)';
  const prompt: Record<StaffBulkAction, string> = {
    change_role: `Make ${people(count)} ${ROLE_LABELS[role].toLowerCase()}? They will be signed out.`,
    move_school: `Move ${people(count)} to ${schoolName}? Their other schools are replaced.`,
    deactivate: `Deactivate ${people(count)}? They are signed out everywhere and cannot sign in until reactivated.`,
    reactivate: `Reactivate ${people(count)}? They can sign in again.`,
    resend_welcome: `Send the welcome email again to ${people(count)}? Those who have signed in already are left out.`,
  };
  const extra =
    action === 'change_role'
      ? ` to ${ROLE_LABELS[role].toLowerCase()}`
      : action === 'move_school'
        ? ` to ${schoolName}`
        : '';

  return (
    <section className="notice" aria-label="Act on the selected people">
      <p>
        <strong>{people(count)} selected.</strong>
      </p>
      <div className="grid">
        <SelectField
          label="Action"
          value={action}
          onChange={(e) => {
            setAction(e.target.value as StaffBulkAction);
            confirm.close();
          }}
        >
          {(Object.keys(ACTION_LABELS) as StaffBulkAction[]).map((a) => (
            <option key={a} value={a}>
              {ACTION_LABELS[a]}
            </option>
          ))}
        </SelectField>
        {action === 'change_role' && (
          <SelectField
            label="New role"
            value={role}
            onChange={(e) => setRole(e.target.value as DistrictRole)}
          >
            <RoleOptions />
          </SelectField>
        )}
        {action === 'move_school' && (
          <SelectField
            label="School to move to"
            value={schoolId}
            onChange={(e) => setSchoolId(e.target.value)}
          >
            <option value="">No school (district-wide)</option>
            {schools.data?.data.map((school) => (
              <option key={school.id} value={school.id}>
                {school.name}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      {!confirm.open && (
        <div className="actions">
          <button ref={confirm.opener} type="button" className="button" onClick={confirm.start}>
            {ACTION_LABELS[action]}: {people(count)}…
          </button>
          <button type="button" className="button button--secondary" onClick={onClear}>
            Clear selection
          </button>
        </div>
      )}
      {confirm.open && (
        <ConfirmStep
          prompt={prompt[action]}
          confirmLabel={`${ACTION_LABELS[action]}: ${people(count)}`}
          tone={action === 'deactivate' ? 'danger' : 'primary'}
          pending={bulk.isPending}
          error={bulk.error}
          onConfirm={() =>
            // Not mutate's own callbacks: the list refreshes as the action lands and may redraw
            // this panel, and the outcome must still be told. A failure shows as `bulk.error`.
            bulk
              .mutateAsync(body())
              .then((result) => {
                confirm.close();
                onDone(describeOutcome(result.data, extra), result.data.undo as StaffBulkBody[]);
              })
              .catch(() => undefined)
          }
          onCancel={confirm.close}
        />
      )}
      {!confirm.open && <ErrorMessage error={bulk.error} />}
    </section>
  );
}

/** Puts back what a bulk action changed (the undo actions it returned, in order). */
export function UndoBulk({ undo, onDone }: { undo: StaffBulkBody[]; onDone: (message: string) => void }) {
  const bulk = useBulkUpdateStaff();
  const [pending, setPending] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button--secondary"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          try {
            let changed = 0;
            for (const body of undo) changed += (await bulk.mutateAsync(body)).data.changed;
            onDone(`Undone: ${people(changed)} put back as they were.`);
          } finally {
            setPending(false);
          }
        }}
      >
        Undo
      </button>
      <ErrorMessage error={bulk.error} />
    </>
  );
}
