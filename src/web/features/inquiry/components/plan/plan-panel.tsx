import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { useRealtime } from '#web/lib/realtime.ts';
import {
  planKey,
  planOverviewKey,
  usePlanOverview,
  usePlanVersion,
  useStartPlanVersion,
} from '../../api/plan.ts';
import { CaseStudents } from './case-students.tsx';
import { PlanEditor } from './plan-editor.tsx';
import { PrintablePlan } from './printable-plan.tsx';
import './plan.css';

/** The newest plan version, to edit together or to read and print as observers will carry it. */
export function NewestPlan(props: { cycleId: string; showCaseStudents?: boolean }) {
  const { cycleId, showCaseStudents = true } = props;
  const client = useQueryClient();
  const overview = usePlanOverview(cycleId);
  const start = useStartPlanVersion(cycleId);
  const [view, setView] = useState<'edit' | 'print'>('edit');
  const newest = overview.data?.data.versions.at(-1) ?? null;
  const printable = usePlanVersion(cycleId, view === 'print' && newest ? newest.version : null);
  useRealtime([`inquiry-plan:${cycleId}`], (signal) => {
    if (signal.type === 'case-students' || signal.type === 'resync')
      void client.invalidateQueries({ queryKey: planOverviewKey(cycleId) });
  });

  if (overview.isPending) return <Loading label="Loading the plan…" />;
  if (overview.error) return <ErrorMessage error={overview.error} />;
  const { abilities } = overview.data;
  const { caseStudents } = overview.data.data;

  if (!newest)
    return (
      <EmptyState title="No plan yet">
        <p>
          The team writes the research lesson together in four columns: learning activities and key questions,
          anticipated student responses, teacher support, and points to notice.
        </p>
        {abilities.edit && (
          <button type="button" className="button" disabled={start.isPending} onClick={() => start.mutate()}>
            {start.isPending ? 'Starting…' : 'Start the plan'}
          </button>
        )}
        <ErrorMessage error={start.error} />
      </EmptyState>
    );

  return (
    <div className="plan-panel">
      <div className="plan-panel__views">
        <button
          type="button"
          className={`button${view === 'edit' ? '' : ' button--secondary'}`}
          aria-pressed={view === 'edit'}
          onClick={() => setView('edit')}
        >
          {abilities.edit ? 'Edit together' : 'Plan'}
        </button>
        <button
          type="button"
          className={`button${view === 'print' ? '' : ' button--secondary'}`}
          aria-pressed={view === 'print'}
          onClick={() => {
            setView('print');
            void client.invalidateQueries({ queryKey: planKey(cycleId) });
          }}
        >
          Printable version
        </button>
      </div>
      {view === 'edit' ? (
        <PlanEditor
          key={newest.id}
          cycleId={cycleId}
          planId={newest.id}
          version={newest.version}
          editable={abilities.edit && newest.editable}
          onRevised={() => void client.invalidateQueries({ queryKey: planOverviewKey(cycleId) })}
        />
      ) : printable.data ? (
        <>
          <button type="button" className="button plan-print__button" onClick={() => window.print()}>
            Print for observers
          </button>
          <PrintablePlan
            content={printable.data.data.content}
            version={newest.version}
            caseStudents={caseStudents}
          />
        </>
      ) : printable.error ? (
        <ErrorMessage error={printable.error} />
      ) : (
        <Loading label="Loading the printable plan…" />
      )}
      {showCaseStudents && (
        <CaseStudents cycleId={cycleId} students={caseStudents} editable={abilities.edit} />
      )}
    </div>
  );
}
