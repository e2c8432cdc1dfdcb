import { type FormEvent, useState } from 'react';
import {
  BADGE_IMAGE_MAX_BYTES,
  CREDENTIAL_CRITERIA_MAX,
  CREDENTIAL_DESCRIPTION_MAX,
  CREDENTIAL_SUMMARY_MAX,
  CREDENTIAL_TITLE_MAX,
  type CredentialKind,
  type IssuerView,
  type MicroCredentialDetail,
  TEAM_SIZE_MAX,
  VALID_FOR_DAYS_MAX,
} from '#shared/contracts/micro-credentials.ts';
import type { Rubric } from '#shared/rubric.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { CompetencyPicker } from '#web/features/frameworks/components/competency-picker.tsx';
import type { CreateMicroCredentialInput, UpdateMicroCredentialInput } from '../api/save-micro-credential.ts';
import { type AssessorDraft, AssessorChooser } from './assessor-chooser.tsx';
import { errorAt, errorsUnder } from './field-errors.ts';
import { type MemberDraft, MemberChooser } from './member-chooser.tsx';
import { newPromptKey, type PromptDraft, PromptsEditor } from './prompts-editor.tsx';
import { RubricEditor, STARTER_RUBRIC } from './rubric-editor.tsx';

/** Everything the form holds, whole: what a create sends, and what an edit compares against. */
export type DefinitionValues = CreateMicroCredentialInput & { kind: CredentialKind };

interface FormState {
  issuerOrgId: string;
  kind: CredentialKind;
  title: string;
  summary: string;
  description: string;
  criteria: string;
  competencyIds: string[];
  prompts: PromptDraft[];
  rubric: Rubric;
  maxTeamSize: string;
  secondAssessor: boolean;
  validForDays: string;
  assessors: AssessorDraft[];
  members: MemberDraft[];
}

function initialState(credential: MicroCredentialDetail | undefined, issuers: IssuerView[]): FormState {
  if (!credential)
    return {
      issuerOrgId: issuers[0]?.id ?? '',
      kind: 'micro',
      title: '',
      summary: '',
      description: '',
      criteria: '',
      competencyIds: [],
      prompts: [{ key: newPromptKey(), kind: 'reflection', prompt: '', required: true }],
      rubric: STARTER_RUBRIC,
      maxTeamSize: '1',
      secondAssessor: false,
      validForDays: '',
      assessors: [],
      members: [],
    };
  const v = credential.current;
  return {
    issuerOrgId: credential.issuer.id,
    kind: credential.kind,
    title: v.title,
    summary: credential.summary,
    description: v.description,
    criteria: v.criteria,
    competencyIds: v.competencies.map((c) => c.id),
    prompts: v.evidencePrompts.map((p) => ({ ...p, key: newPromptKey() })),
    rubric: v.rubric ?? STARTER_RUBRIC,
    maxTeamSize: String(v.maxTeamSize),
    secondAssessor: v.secondAssessor,
    validForDays: v.validForDays === null ? '' : String(v.validForDays),
    assessors: credential.assessors.map((a) => ({ userId: a.id, name: a.name, lead: a.lead })),
    members: credential.members.map((m) => ({ id: m.id, title: m.title })),
  };
}

/** The request body for the state; numbers left blank or unreadable go as they are, for the server to name. */
function toValues(state: FormState): DefinitionValues {
  const micro = state.kind === 'micro';
  return {
    issuerOrgId: state.issuerOrgId,
    kind: state.kind,
    title: state.title.trim(),
    summary: state.summary.trim(),
    description: state.description.trim(),
    criteria: state.criteria.trim(),
    competencyIds: state.competencyIds,
    evidencePrompts: micro
      ? state.prompts.map((p) => ({
          ...(p.id ? { id: p.id } : {}),
          kind: p.kind,
          prompt: p.prompt.trim(),
          required: p.required,
        }))
      : [],
    ...(micro ? { rubric: state.rubric } : {}),
    maxTeamSize: micro ? Number(state.maxTeamSize) : 1,
    secondAssessor: micro && state.secondAssessor,
    validForDays: state.validForDays.trim() === '' ? null : Number(state.validForDays),
    assessors: micro ? state.assessors.map((a) => ({ userId: a.userId, lead: a.lead })) : [],
    memberIds: micro ? [] : state.members.map((m) => m.id),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Only the fields an edit changed, so an untouched definition keeps its version. */
export function changedFields(
  credential: MicroCredentialDetail,
  values: DefinitionValues,
): UpdateMicroCredentialInput {
  const before = toValues(initialState(credential, []));
  const changes: Record<string, unknown> = {};
  const keys = [
    'title',
    'summary',
    'description',
    'criteria',
    'competencyIds',
    'evidencePrompts',
    'rubric',
    'maxTeamSize',
    'secondAssessor',
    'validForDays',
    'assessors',
    'memberIds',
  ] as const;
  for (const key of keys) if (!same(before[key], values[key])) changes[key] = values[key];
  return changes as UpdateMicroCredentialInput;
}

/**
 * A micro-credential's or stack's definition, for creating one or editing one: basics, competencies,
 * evidence prompts, rubric, team size, assessors (or a stack's members), validity and badge image.
 */
export function CredentialForm({
  credential,
  issuers,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  credential?: MicroCredentialDetail;
  /** The issuers the person administers (a new credential chooses one). */
  issuers: IssuerView[];
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: DefinitionValues, image: File | null) => void;
  onCancel?: () => void;
}) {
  const [state, setState] = useState(() => initialState(credential, issuers));
  const [image, setImage] = useState<File | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setState((s) => ({ ...s, [key]: value }));
  const micro = state.kind === 'micro';
  const issuerName = credential?.issuer.name ?? issuers.find((i) => i.id === state.issuerOrgId)?.name;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!state.title.trim()) problems.title = 'Give the credential a title.';
    if (image && image.size > BADGE_IMAGE_MAX_BYTES) problems.image = 'The image must be at most 1 MB.';
    if (image && !['image/png', 'image/jpeg'].includes(image.type))
      problems.image = 'Choose a PNG or JPEG image.';
    setLocalErrors(problems);
    if (Object.keys(problems).length) return;
    onSubmit(toValues(state), image);
  };

  return (
    <form onSubmit={submit} noValidate className="credential-form">
      <ErrorMessage error={error} />
      <fieldset>
        <legend>Basics</legend>
        {credential ? (
          <p>
            {credential.kind === 'stack' ? 'A stack' : 'A micro-credential'} issued by{' '}
            {credential.issuer.name}.
          </p>
        ) : (
          <>
            {issuers.length > 1 ? (
              <SelectField
                label="Issued by"
                value={state.issuerOrgId}
                onChange={(e) => setState((s) => ({ ...s, issuerOrgId: e.target.value, members: [] }))}
                error={errorAt(error, '/body/issuerOrgId')}
              >
                {issuers.map((issuer) => (
                  <option key={issuer.id} value={issuer.id}>
                    {issuer.name} ({issuer.kind})
                  </option>
                ))}
              </SelectField>
            ) : (
              <p>Issued by {issuerName}.</p>
            )}
            <fieldset className="credential-form__kind">
              <legend>Kind</legend>
              <label className="checkbox">
                <input type="radio" name="kind" checked={micro} onChange={() => set('kind', 'micro')} /> A
                micro-credential: earned with evidence, reviewed against a rubric
              </label>
              <label className="checkbox">
                <input type="radio" name="kind" checked={!micro} onChange={() => set('kind', 'stack')} /> A
                stack: earned by earning a set of micro-credentials
              </label>
            </fieldset>
          </>
        )}
        <TextField
          label="Title"
          required
          maxLength={CREDENTIAL_TITLE_MAX}
          value={state.title}
          onChange={(e) => set('title', e.target.value)}
          error={localErrors.title ?? errorAt(error, '/body/title')}
        />
        <TextField
          label="Summary"
          hint="One line shown in lists and search results."
          maxLength={CREDENTIAL_SUMMARY_MAX}
          value={state.summary}
          onChange={(e) => set('summary', e.target.value)}
          error={errorAt(error, '/body/summary')}
        />
        <TextArea
          label="Description"
          rows={5}
          maxLength={CREDENTIAL_DESCRIPTION_MAX}
          hint="What the credential recognises and why it matters. Plain text."
          value={state.description}
          onChange={(e) => set('description', e.target.value)}
          error={errorAt(error, '/body/description')}
        />
        <TextArea
          label="Criteria"
          rows={3}
          maxLength={CREDENTIAL_CRITERIA_MAX}
          hint="How it is earned, in words. It travels with every credential issued."
          value={state.criteria}
          onChange={(e) => set('criteria', e.target.value)}
          error={errorAt(error, '/body/criteria')}
        />
      </fieldset>

      <div className="credential-form__competencies">
        <CompetencyPicker
          label="Competencies it recognises"
          value={state.competencyIds}
          onChange={(ids) => set('competencyIds', ids)}
        />
        {errorsUnder(error, '/body/competencyIds') && (
          <p className="field__error">{errorsUnder(error, '/body/competencyIds')}</p>
        )}
      </div>

      {micro ? (
        <>
          <PromptsEditor value={state.prompts} onChange={(p) => set('prompts', p)} error={error} />
          <RubricEditor value={state.rubric} onChange={(r) => set('rubric', r)} error={error} />
          <fieldset>
            <legend>Review and teams</legend>
            <TextField
              label="Largest team that may submit together"
              hint={`1 means individuals only; at most ${TEAM_SIZE_MAX}.`}
              type="number"
              inputMode="numeric"
              min={1}
              max={TEAM_SIZE_MAX}
              value={state.maxTeamSize}
              onChange={(e) => set('maxTeamSize', e.target.value)}
              error={errorAt(error, '/body/maxTeamSize')}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={state.secondAssessor}
                onChange={(e) => set('secondAssessor', e.target.checked)}
                aria-describedby="second-assessor-hint"
              />{' '}
              Require a second assessor
            </label>
            <p className="field__hint" id="second-assessor-hint">
              Two assessors must agree; a lead assessor settles disagreements.
            </p>
            {errorAt(error, '/body/secondAssessor') && (
              <p className="field__error">{errorAt(error, '/body/secondAssessor')}</p>
            )}
          </fieldset>
          <AssessorChooser value={state.assessors} onChange={(a) => set('assessors', a)} error={error} />
        </>
      ) : (
        <MemberChooser
          issuerOrgId={state.issuerOrgId}
          value={state.members}
          onChange={(m) => set('members', m)}
          error={error}
        />
      )}

      <fieldset>
        <legend>Validity and image</legend>
        <TextField
          label="Valid for (days)"
          hint={`Leave empty if it never expires; at most ${VALID_FOR_DAYS_MAX} days.`}
          type="number"
          inputMode="numeric"
          min={1}
          max={VALID_FOR_DAYS_MAX}
          value={state.validForDays}
          onChange={(e) => set('validForDays', e.target.value)}
          error={errorAt(error, '/body/validForDays')}
        />
        {credential?.imageUrl && (
          <p>
            <img className="credential-form__image" src={credential.imageUrl} alt="The current badge" />
          </p>
        )}
        <TextField
          label={credential?.imageUrl ? 'Replace the badge image' : 'Badge image'}
          hint="A square PNG or JPEG of at most 1 MB."
          type="file"
          accept="image/png,image/jpeg"
          onChange={(e) => setImage(e.target.files?.[0] ?? null)}
          error={localErrors.image}
        />
      </fieldset>

      <FormActions label={submitLabel} pending={pending} onCancel={onCancel} />
    </form>
  );
}
