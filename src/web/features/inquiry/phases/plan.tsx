import { NewestPlan } from '../components/plan/plan-panel.tsx';

/**
 * Lesson study's Plan phase (under the cycle page's heading for the phase): the research-lesson plan
 * in four columns, written by the team at once, its printable version for observers, and its case
 * students.
 */
export function PlanPhase({ cycleId }: { cycleId: string }) {
  return <NewestPlan cycleId={cycleId} />;
}

export default PlanPhase;
