import { NewestPlan } from '../components/plan/plan-panel.tsx';

/**
 * Lesson study's Plan phase: the research-lesson plan in four columns, written by the team at once,
 * its printable version for observers, and its case students.
 */
export function PlanPhase({ cycleId }: { cycleId: string }) {
  return (
    <section aria-labelledby="plan-phase-heading">
      <h2 id="plan-phase-heading">The research-lesson plan</h2>
      <NewestPlan cycleId={cycleId} />
    </section>
  );
}

export default PlanPhase;
