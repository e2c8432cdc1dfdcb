import { EVIDENCE_KIND_LABELS, type EvidencePrompt } from '#shared/contracts/micro-credentials.ts';

/** The evidence a credential asks for, in order, each with its kind and whether it is required. */
export function EvidencePromptList({ prompts }: { prompts: EvidencePrompt[] }) {
  if (!prompts.length) return <p className="muted">No evidence prompts.</p>;
  return (
    <ol className="evidence-prompts">
      {prompts.map((prompt) => (
        <li key={prompt.id}>
          <p className="evidence-prompts__prompt">{prompt.prompt}</p>
          <p className="muted">
            {EVIDENCE_KIND_LABELS[prompt.kind]} · {prompt.required ? 'required' : 'optional'}
          </p>
        </li>
      ))}
    </ol>
  );
}
