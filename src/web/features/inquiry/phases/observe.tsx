import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import { useObservationSetup } from '../api/observation.ts';
import { LessonArrangements } from '../components/observation/lesson-arrangements.tsx';
import { ObservationSheet } from '../components/observation/observation-sheet.tsx';

/**
 * Lesson study's Teach and observe phase: the research lesson's time and place, who observes which
 * case student or group, and the observation sheet the team writes on during the lesson.
 */
export function ObservePhase({ cycleId }: { cycleId: string }) {
  const setup = useObservationSetup(cycleId);
  const session = useSession();
  if (setup.isPending || session.isPending) return <Loading />;
  if (setup.error) return <ErrorMessage error={setup.error} />;
  const userId = session.data?.user.id;
  if (!userId) return null;
  const { data, abilities } = setup.data;
  return (
    <div className="observe-phase">
      <LessonArrangements setup={data} canArrange={abilities.arrange} />
      {abilities.readNotes ? (
        <ObservationSheet setup={data} userId={userId} canObserve={abilities.observe} />
      ) : (
        <p className="muted">
          The observation notes and photos are private to the team of this lesson study.
        </p>
      )}
    </div>
  );
}

export default ObservePhase;
