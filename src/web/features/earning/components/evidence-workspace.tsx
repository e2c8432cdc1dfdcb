import { useQueryClient } from '@tanstack/react-query';
import { type Ref, useCallback, useEffect, useRef, useState } from 'react';
import type {
  EvidenceAnswerInput,
  EvidenceAnswerView,
  EvidencePromptView,
  SubmissionDetail,
} from '#shared/contracts/submissions.ts';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { earningKeys } from '../api/keys.ts';
import { saveEvidence, saveEvidenceOnLeaving, staleEvidence } from '../api/save-evidence.ts';
import { useSubmitSubmission } from '../api/submit-submission.ts';
import { EvidenceEditor } from './evidence-editors.tsx';
import { RubricTable } from './rubric-table.tsx';

type Answers = Record<string, EvidenceAnswerInput>;

/** How long typing must pause before the draft saves itself. */
const AUTOSAVE_DELAY_MS = 1000;

// What the server adds to an answer (a file's type, a clip's consent time and its video's standing)
// is not sent back.
const toAnswers = (evidence: EvidenceAnswerView[]): Answers =>
  Object.fromEntries(
    evidence.map(({ contentType: _type, video: _video, videoClip, ...answer }) => [
      answer.promptId,
      videoClip
        ? {
            ...answer,
            videoClip: {
              videoId: videoClip.videoId,
              start: videoClip.start,
              end: videoClip.end,
              withComments: videoClip.withComments,
            },
          }
        : answer,
    ]),
  );

const toList = (answers: Answers, prompts: EvidencePromptView[]): EvidenceAnswerInput[] =>
  prompts.flatMap((p) => (answers[p.id] ? [answers[p.id]] : []));

/**
 * The field errors of a refused save or submit, by prompt: a save names `/body/evidence/<index>/…`
 * (an index into what was sent), a submit names `/body/evidence/<promptId>`.
 */
function errorsByPrompt(error: unknown, sent: EvidenceAnswerInput[]): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of error.problem.errors) {
    const [, , field, key] = e.path.split('/');
    if (field !== 'evidence' || key === undefined) continue;
    const promptId = /^\d+$/.test(key) ? sent[Number(key)]?.promptId : key;
    if (promptId) out[promptId] = e.message;
  }
  return out;
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'stale' }
  | { kind: 'error'; error: unknown };

const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** A prompt as the earner reads it, quoted: never its internal key. */
const promptTitle = (prompt: EvidencePromptView) => `“${prompt.prompt}”`;

/** Why evidence cannot be submitted yet, in the prompts' words (the server's detail names them too). */
function EvidenceProblem({ message, focusRef }: { message: string; focusRef?: Ref<HTMLDivElement> }) {
  return (
    <div ref={focusRef} tabIndex={-1} className="notice notice--error" role="alert">
      <p>{message}</p>
    </div>
  );
}

function SaveStatus({ state }: { state: SaveState }) {
  const text =
    state.kind === 'saving'
      ? 'Saving…'
      : state.kind === 'saved'
        ? `Saved at ${time.format(state.at)}`
        : state.kind === 'stale'
          ? 'A teammate saved meanwhile: their version is shown. Add your changes again.'
          : state.kind === 'error'
            ? `Not saved: ${state.error instanceof Error ? state.error.message : 'try again'}`
            : 'Drafts save as you write.';
  return (
    <p className={`save-status save-status--${state.kind}`} role="status" aria-live="polite">
      {text}
    </p>
  );
}

/**
 * Drafting evidence: one editor per prompt, saved about a second after typing stops and again on
 * leaving, the rubric beside it, and Submit with a confirm step.
 */
export function EvidenceWorkspace({ submission }: { submission: SubmissionDetail }) {
  const { id, definition } = submission;
  const prompts = definition.prompts;
  const session = useSession();
  const csrfToken = session.data?.csrfToken ?? null;
  const client = useQueryClient();
  const [answers, setAnswers] = useState<Answers>(() => toAnswers(submission.evidence));
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const latest = useRef(answers);
  const base = useRef(submission.updatedAt);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<void> | null>(null);
  const submit = useSubmitSubmission(id);
  const confirm = useConfirmStep();
  const [checkProblem, setCheckProblem] = useState<string | null>(null);
  const problemRef = useRef<HTMLDivElement>(null);

  const promptsRef = useRef(prompts);
  promptsRef.current = prompts;
  const csrfRef = useRef(csrfToken);
  csrfRef.current = csrfToken;

  /** Saves what changed since the last save; says whether the evidence is now saved as written. */
  const flush = useCallback(async (): Promise<boolean> => {
    clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    if (!dirty.current) return true;
    dirty.current = false;
    const sent = toList(latest.current, promptsRef.current);
    setSaveState({ kind: 'saving' });
    let saved = false;
    const run = saveEvidence(id, sent, base.current)
      .then((updatedAt) => {
        base.current = updatedAt;
        saved = true;
        setSaveState({ kind: 'saved', at: new Date() });
        setFieldErrors({});
      })
      .catch((error: unknown) => {
        const current = staleEvidence(error);
        if (current) {
          base.current = current.updatedAt;
          latest.current = toAnswers(current.evidence);
          setAnswers(latest.current);
          setSaveState({ kind: 'stale' });
          return;
        }
        dirty.current = true;
        setFieldErrors(errorsByPrompt(error, sent));
        setSaveState({ kind: 'error', error });
      })
      .finally(() => {
        inFlight.current = null;
      });
    inFlight.current = run;
    await run;
    return saved;
  }, [id]);

  const change = (promptId: string, answer: EvidenceAnswerInput | undefined) => {
    const next = { ...latest.current };
    if (answer) next[promptId] = answer;
    else delete next[promptId];
    latest.current = next;
    setAnswers(next);
    setCheckProblem(null);
    dirty.current = true;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
  };

  // Leaving: within Trellis the save simply carries on; closing the tab needs a keepalive request.
  useEffect(() => {
    const onLeave = () => {
      if (dirty.current)
        saveEvidenceOnLeaving(id, toList(latest.current, promptsRef.current), base.current, csrfRef.current);
      dirty.current = false;
    };
    window.addEventListener('pagehide', onLeave);
    return () => {
      window.removeEventListener('pagehide', onLeave);
      clearTimeout(timer.current);
      if (dirty.current) {
        dirty.current = false;
        void saveEvidence(id, toList(latest.current, promptsRef.current), base.current)
          .catch(() => {})
          .finally(() => client.invalidateQueries({ queryKey: earningKeys.submission(id) }));
      }
    };
  }, [id, client]);

  const submitErrors = errorsByPrompt(submit.error, []);
  return (
    <div className="evidence-workspace">
      <form
        className="evidence-workspace__form"
        aria-labelledby="evidence-heading"
        onSubmit={async (event) => {
          event.preventDefault();
          // Check first, then ask to confirm: a confirmation that a check then refuses is a false promise.
          const missing = prompts.filter((p) => p.required && !latest.current[p.id]);
          if (missing.length) {
            setFieldErrors(Object.fromEntries(missing.map((p) => [p.id, `${promptTitle(p)} is required`])));
            setCheckProblem(
              `Answer every required prompt before submitting: ${missing.map(promptTitle).join(', ')}.`,
            );
            requestAnimationFrame(() => problemRef.current?.focus());
            return;
          }
          setCheckProblem(null);
          submit.reset();
          if (await flush()) confirm.start();
        }}
      >
        <h2 id="evidence-heading">Your evidence</h2>
        <SaveStatus state={saveState} />
        {prompts.map((prompt) => (
          <EvidenceEditor
            key={prompt.id}
            submissionId={id}
            prompt={prompt}
            answer={answers[prompt.id]}
            onChange={(answer) => change(prompt.id, answer)}
            error={fieldErrors[prompt.id] ?? submitErrors[prompt.id]}
            csrfToken={csrfToken}
            activities={submission.activities}
          />
        ))}
        {checkProblem && <EvidenceProblem message={checkProblem} focusRef={problemRef} />}
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={() => void flush()}>
            Save now
          </button>
          <button ref={confirm.opener} type="submit" className="button" disabled={confirm.open}>
            {submission.status === 'revise' ? 'Resubmit for review' : 'Submit for review'}
          </button>
        </div>
        {confirm.open && (
          <ConfirmStep
            prompt="Submit this evidence to the assessors? You cannot change it while it is reviewed."
            confirmLabel={submit.isPending ? 'Submitting…' : 'Submit'}
            tone="primary"
            pending={submit.isPending}
            onConfirm={async () => {
              // Submit only what the earner sees saved: not a teammate's version they have not read.
              if (await flush()) submit.mutate(undefined, { onSuccess: confirm.close });
              else confirm.close();
            }}
            onCancel={confirm.close}
          />
        )}
        {submit.isError && (
          <EvidenceProblem
            message={submit.error instanceof Error ? submit.error.message : 'Not submitted.'}
          />
        )}
      </form>
      <aside className="evidence-workspace__rubric" aria-label="How it is judged">
        {definition.rubric ? (
          <RubricTable rubric={definition.rubric} caption="How assessors will judge it" stacked />
        ) : (
          <p className="muted">This credential is judged on its evidence, without a rubric.</p>
        )}
        {definition.criteria && (
          <>
            <h3>How it is earned</h3>
            <p>{definition.criteria}</p>
          </>
        )}
      </aside>
    </div>
  );
}
