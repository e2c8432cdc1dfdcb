import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { useCycleFacts, usePlanOverview, useStartPlanVersion } from '../api/plan.ts';
import { Findings } from '../components/plan/findings.tsx';
import { PlanChanges } from '../components/plan/plan-changes.tsx';
import { NewestPlan } from '../components/plan/plan-panel.tsx';
import '../components/plan/plan.css';

/**
 * Lesson study's Revise and share phase (under the cycle page's heading for the phase): the revised plan as a new version with its changes from
 * the first, and the findings report published to the community or the network.
 */
export function RevisePhase({ cycleId }: { cycleId: string }) {
  const overview = usePlanOverview(cycleId);
  const facts = useCycleFacts(cycleId);
  const start = useStartPlanVersion(cycleId);
  if (overview.isPending) return <Loading label="Loading the plan…" />;
  if (overview.error) return <ErrorMessage error={overview.error} />;
  const { versions } = overview.data.data;
  const newest = versions.at(-1);
  return (
    <div className="revise-phase">
      {!newest ? (
        <EmptyState title="No plan to revise">
          <p>The team writes the plan in the Plan phase first.</p>
        </EmptyState>
      ) : newest.version === 1 ? (
        <div>
          <p>
            After the lesson and the discussion, the team writes a revised plan. It starts as a copy of the
            first, which stays as it was taught; the changes between them are shown here.
          </p>
          {overview.data.abilities.revise && (
            <button
              type="button"
              className="button"
              disabled={start.isPending}
              onClick={() => start.mutate()}
            >
              {start.isPending ? 'Starting…' : 'Start the revised plan'}
            </button>
          )}
          <ErrorMessage error={start.error} />
        </div>
      ) : (
        <>
          <h3>Revised plan (version {newest.version})</h3>
          <NewestPlan cycleId={cycleId} showCaseStudents={false} />
          <PlanChanges cycleId={cycleId} version={newest.version} />
        </>
      )}
      <Findings
        cycleId={cycleId}
        cycleTitle={facts.data?.title ?? ''}
        networkId={facts.data?.networkId ?? null}
      />
    </div>
  );
}

export default RevisePhase;
