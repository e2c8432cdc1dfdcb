import { useEffect, useReducer, useRef, useState } from 'react';
import { uuidv7 } from 'uuidv7';
import * as Y from 'yjs';
import type { PresenceResponse } from '#shared/contracts/inquiry-plan.ts';
import {
  addPlanRow,
  cellText,
  PLAN_COLUMN_LABELS,
  PLAN_COLUMNS,
  type PlanColumn,
  planRows,
  planText,
  setRowRemoved,
} from '#shared/lesson-plan.ts';
import { useRealtime } from '#web/lib/realtime.ts';
import { fetchPresence, leavePlan, markPresence } from '../../api/plan.ts';
import { SharedTextField } from './shared-text-field.tsx';
import { type SaveState, useSharedPlan } from './use-shared-plan.ts';

const HEARTBEAT_MS = 15_000;

const SAVE_WORDS: Record<SaveState, string> = {
  loading: 'Opening the plan…',
  saved: 'All changes saved',
  saving: 'Saving…',
  unsent: 'Not saved yet: kept on this device and sent when Trellis can be reached',
  error: 'Not saved',
};

/** Who else has the plan open, kept current by the plan's signals and a heartbeat. */
function usePresence(cycleId: string, planId: string, version: number, focus: string) {
  const [people, setPeople] = useState<PresenceResponse['data']>([]);
  const focusRef = useRef(focus);
  focusRef.current = focus;
  useEffect(() => {
    const beat = () =>
      markPresence(cycleId, version, focusRef.current).then(
        (res) => setPeople(res.data),
        () => {},
      );
    void beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => {
      clearInterval(timer);
      void leavePlan(cycleId, version).catch(() => {});
    };
  }, [cycleId, version]);
  useEffect(() => {
    void markPresence(cycleId, version, focus).then(
      (res) => setPeople(res.data),
      () => {},
    );
  }, [cycleId, version, focus]);
  useRealtime([`inquiry-plan:${planId}`], (signal) => {
    if (signal.type === 'presence' || signal.type === 'resync')
      void fetchPresence(cycleId, version).then(
        (res) => setPeople(res.data),
        () => {},
      );
  });
  return people;
}

/** Re-renders when rows are added, removed or put back (not on every keystroke inside a cell). */
function useRowsChanged(doc: Y.Doc | null) {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!doc) return;
    const rows = planRows(doc);
    const observe = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      if (events.some((e) => !(e.target instanceof Y.Text))) bump();
    };
    rows.observeDeep(observe);
    return () => rows.unobserveDeep(observe);
  }, [doc]);
}

/**
 * The research-lesson plan in its four columns, edited by the team at once: each cell a text
 * merged with everyone's edits, saved as one types, with who else is here and where.
 */
export function PlanEditor(props: {
  cycleId: string;
  planId: string;
  version: number;
  editable: boolean;
  onRevised: () => void;
}) {
  const { cycleId, planId, version, editable, onRevised } = props;
  const { doc, state, error, retry } = useSharedPlan({ cycleId, planId, version, editable, onRevised });
  const [focus, setFocus] = useState('');
  const people = usePresence(cycleId, planId, version, editable ? focus : '');
  useRowsChanged(doc);
  const [showRemoved, setShowRemoved] = useState(false);

  if (!doc)
    return (
      <p role="status" className="loading">
        {state === 'error' ? `The plan could not be opened: ${error ?? ''}` : 'Opening the plan…'}
      </p>
    );

  const othersAt = (where: string) => people.filter((p) => !p.me && p.focus === where).map((p) => p.name);
  const focusOn = (where: string) => (focused: boolean) => setFocus(focused ? where : '');
  const rows = planRows(doc).toArray();
  const shown = rows.filter((r) => r.get('removed') !== true);
  const removed = rows.filter((r) => r.get('removed') === true);
  const others = people.filter((p) => !p.me);

  return (
    <div className="plan-editor">
      <div className="plan-editor__status">
        <p role="status" aria-live="polite" className={`plan-save plan-save--${state}`}>
          {SAVE_WORDS[state]}
          {state === 'error' && error ? `: ${error}` : ''}
        </p>
        {(state === 'error' || state === 'unsent') && (
          <button type="button" className="button button--secondary" onClick={() => void retry()}>
            Try saving again
          </button>
        )}
        <p className="plan-presence">
          {others.length === 0
            ? 'No one else has the plan open.'
            : `Also here: ${others.map((p) => p.name).join(', ')}`}
        </p>
      </div>

      <SharedTextField
        text={planText(doc, 'title')}
        label="Research lesson"
        rows={1}
        readOnly={!editable}
        others={othersAt('title')}
        onFocusChange={focusOn('title')}
      />
      <SharedTextField
        text={planText(doc, 'goals')}
        label="Goals of the lesson"
        hint="What students should come to understand, in the team's words."
        readOnly={!editable}
        others={othersAt('goals')}
        onFocusChange={focusOn('goals')}
      />

      <ol className="plan-rows">
        {shown.map((row, index) => {
          const rowId = String(row.get('id'));
          return (
            <li key={rowId} className="plan-row">
              <fieldset>
                <legend>Part {index + 1}</legend>
                <div className="plan-row__cells">
                  {PLAN_COLUMNS.map((column: PlanColumn) => {
                    const text = cellText(row, column);
                    if (!text) return null;
                    const where = `${rowId}:${column}`;
                    return (
                      <SharedTextField
                        key={column}
                        text={text}
                        label={PLAN_COLUMN_LABELS[column]}
                        readOnly={!editable}
                        others={othersAt(where)}
                        onFocusChange={focusOn(where)}
                      />
                    );
                  })}
                </div>
                {editable && (
                  <div className="plan-row__actions">
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => addPlanRow(doc, uuidv7(), {}, rows.indexOf(row))}
                    >
                      Add a part after part {index + 1}
                    </button>
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => setRowRemoved(doc, rowId, true)}
                    >
                      Remove part {index + 1}
                    </button>
                  </div>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {editable && (
        <button type="button" className="button" onClick={() => addPlanRow(doc, uuidv7())}>
          Add a part at the end
        </button>
      )}
      {removed.length > 0 && (
        <section className="plan-removed" aria-label="Removed parts">
          <button
            type="button"
            className="button button--secondary"
            aria-expanded={showRemoved}
            onClick={() => setShowRemoved((s) => !s)}
          >
            Removed parts ({removed.length})
          </button>
          {showRemoved && (
            <ul>
              {removed.map((row) => (
                <li key={String(row.get('id'))}>
                  <span>{cellText(row, 'activities')?.toString() || 'An empty part'}</span>{' '}
                  {editable && (
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => setRowRemoved(doc, String(row.get('id')), false)}
                    >
                      Put it back
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
