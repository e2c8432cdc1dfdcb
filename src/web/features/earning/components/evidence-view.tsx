import { Link } from 'react-router';
import type { ActivityView, EvidenceAnswerView, EvidencePromptView } from '#shared/contracts/submissions.ts';
import { VideoWorkspace } from '#web/features/video/index.ts';
import { formatClock } from '#web/features/video-library/components/clip-time.ts';
import { formatWhen } from '#web/lib/format.ts';

/** One answer as its readers see it: text, a link, a file to download, a resource, an activity. */
function Answer({
  submissionId,
  answer,
  activities,
}: {
  submissionId: string;
  answer: EvidenceAnswerView;
  activities: ActivityView[];
}) {
  if (answer.text !== undefined) return <p className="evidence-view__text">{answer.text}</p>;
  if (answer.videoClip) {
    const range = `${formatClock(answer.videoClip.start)}–${formatClock(answer.videoClip.end)}`;
    if (answer.video?.removed)
      return <p className="muted">A classroom video clip ({range}), removed by its owner.</p>;
    if (!answer.video?.shared)
      return <p className="muted">A classroom video clip ({range}), not shared with you.</p>;
    return (
      <div>
        <p>
          {answer.video.title ? `“${answer.video.title}”, ` : ''}
          {range}
          {answer.videoClip.withComments ? ', with its comments' : ''}
        </p>
        <VideoWorkspace videoId={answer.videoClip.videoId} tags={[]} />
      </div>
    );
  }
  if (answer.url)
    return (
      <p>
        <a href={answer.url} rel="noopener noreferrer nofollow" target="_blank">
          {answer.url}
        </a>
      </p>
    );
  if (answer.fileId)
    return (
      <p>
        <a href={`/api/submissions/${submissionId}/files/${answer.fileId}`} download={answer.filename}>
          Download {answer.filename ?? 'file'}
        </a>
        {answer.contentType && <span className="muted"> ({answer.contentType})</span>}
      </p>
    );
  if (answer.resourceId)
    return (
      <p>
        <Link to={`/resources/${answer.resourceId}`}>Open the shared resource</Link>
      </p>
    );
  if (answer.statementId) {
    const activity = activities.find((a) => a.id === answer.statementId);
    return (
      <p>
        {activity
          ? `${activity.verb} “${activity.name}” on ${formatWhen(activity.timestamp)}`
          : 'A completed activity'}
      </p>
    );
  }
  return null;
}

/** Evidence, prompt by prompt, read-only; unanswered prompts say so. */
export function EvidenceView({
  submissionId,
  prompts,
  evidence,
  activities,
  headingLevel = 3,
}: {
  submissionId: string;
  prompts: EvidencePromptView[];
  evidence: EvidenceAnswerView[];
  activities: ActivityView[];
  headingLevel?: 3 | 4;
}) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className="evidence-view">
      {prompts.map((prompt) => {
        const answer = evidence.find((a) => a.promptId === prompt.id);
        return (
          <section key={prompt.id} className="evidence-view__item">
            <Heading>{prompt.prompt}</Heading>
            {answer ? (
              <>
                <Answer submissionId={submissionId} answer={answer} activities={activities} />
                {answer.private && (
                  <p className="muted evidence-view__private">
                    Private: only the earners, teammates and assessors see this.
                  </p>
                )}
              </>
            ) : (
              <p className="muted">Not answered.</p>
            )}
          </section>
        );
      })}
    </div>
  );
}
