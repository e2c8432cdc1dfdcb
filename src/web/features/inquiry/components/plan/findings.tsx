import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { LICENCE_IDS, LICENCES, type Licence } from '#shared/licences.ts';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useSession } from '#web/features/session/api/session.ts';
import { useFindings, usePublishFindings, useSaveFindings } from '../../api/plan.ts';

/** The report's draft: what the team learned about student thinking and about teaching. */
function FindingsDraft(props: { cycleId: string }) {
  const { cycleId } = props;
  const findings = useFindings(cycleId);
  const save = useSaveFindings(cycleId);
  const [studentThinking, setStudentThinking] = useState('');
  const [teaching, setTeaching] = useState('');
  const [base, setBase] = useState<string | null | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const data = findings.data?.data;
  useEffect(() => {
    if (data && base === undefined) {
      setStudentThinking(data.studentThinking);
      setTeaching(data.teaching);
      setBase(data.updatedAt);
    }
  }, [data, base]);
  if (findings.isPending) return <Loading label="Loading the findings…" />;
  if (findings.error) return <ErrorMessage error={findings.error} />;
  const { abilities } = findings.data;
  const fieldError = (field: string) =>
    save.error instanceof ApiError ? save.error.fieldError(field) : undefined;

  if (!abilities.edit)
    return (
      <div className="findings-text">
        <h4>What we learned about student thinking</h4>
        <p className="plan-print__text">{data?.studentThinking || 'Nothing written.'}</p>
        <h4>What we learned about teaching</h4>
        <p className="plan-print__text">{data?.teaching || 'Nothing written.'}</p>
      </div>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate(
      { studentThinking, teaching, baseUpdatedAt: base ?? null },
      {
        onSuccess: (res) => {
          setBase(res.data.updatedAt);
          setSaved(true);
        },
      },
    );
  };
  const conflict = save.error instanceof ApiError && save.error.problem.code === 'findings_changed';
  return (
    <form onSubmit={submit} noValidate>
      <ErrorMessage error={save.error} />
      {conflict && data && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            void findings.refetch().then((fresh) => {
              if (!fresh.data) return;
              setStudentThinking(fresh.data.data.studentThinking);
              setTeaching(fresh.data.data.teaching);
              setBase(fresh.data.data.updatedAt);
              save.reset();
            });
          }}
        >
          Load the newer draft (copy your words first)
        </button>
      )}
      {saved && <Notice>The draft is saved.</Notice>}
      <TextArea
        label="What we learned about student thinking"
        hint="From the observers' evidence: what students did and said, by case student pseudonym where it helps."
        rows={6}
        value={studentThinking}
        onChange={(e) => setStudentThinking(e.target.value)}
        error={fieldError('studentThinking')}
      />
      <TextArea
        label="What we learned about teaching"
        hint="What the team would keep, change or try next, and why."
        rows={6}
        value={teaching}
        onChange={(e) => setTeaching(e.target.value)}
        error={fieldError('teaching')}
      />
      <FormActions label="Save the draft" pending={save.isPending} />
    </form>
  );
}

/** Publishing the report as a Trellis resource to the community or a network. */
function PublishFindings(props: { cycleId: string; cycleTitle: string; networkId: string | null }) {
  const { cycleId, cycleTitle } = props;
  const session = useSession();
  const publish = usePublishFindings(cycleId);
  const [title, setTitle] = useState(`Findings: ${cycleTitle}`.slice(0, 200));
  const [summary, setSummary] = useState('');
  const [audience, setAudience] = useState<'community' | 'network'>('community');
  const [licence, setLicence] = useState<Licence>('cc-by');
  const networkId = props.networkId ?? session.data?.user.networkIds[0] ?? null;
  const fieldError = (field: string) =>
    publish.error instanceof ApiError ? publish.error.fieldError(field) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    publish.mutate({
      title,
      summary,
      audience,
      licence,
      networkId: audience === 'network' ? networkId : null,
    });
  };
  return (
    <form onSubmit={submit} noValidate className="findings-publish">
      <h4>Publish the findings</h4>
      <p>
        The report, the newest plan and the case students' pseudonyms with what to watch for in each become a
        research brief in the library, where others can find it, try it and remix it. Observation notes and
        photos stay with the team.
      </p>
      <ErrorMessage error={publish.error} />
      <TextField
        label="Title"
        value={title}
        maxLength={200}
        onChange={(e) => setTitle(e.target.value)}
        error={fieldError('title')}
      />
      <TextArea
        label="Summary"
        rows={2}
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        error={fieldError('summary')}
      />
      <SelectField
        label="Publish to"
        value={audience}
        onChange={(e) => setAudience(e.target.value as 'community' | 'network')}
        error={fieldError('audience') ?? fieldError('networkId')}
      >
        <option value="community">The cycle's community</option>
        {networkId && <option value="network">The whole network</option>}
      </SelectField>
      <SelectField
        label="Licence"
        hint="Whether and how others may remix the report."
        value={licence}
        onChange={(e) => setLicence(e.target.value as Licence)}
        error={fieldError('licence')}
      >
        {LICENCE_IDS.map((id) => (
          <option key={id} value={id}>
            {LICENCES[id].label}
          </option>
        ))}
      </SelectField>
      <FormActions label="Publish the findings" pendingLabel="Publishing…" pending={publish.isPending} />
    </form>
  );
}

/** The findings report: drafted by the team, published once by the facilitator. */
export function Findings(props: { cycleId: string; cycleTitle: string; networkId: string | null }) {
  const findings = useFindings(props.cycleId);
  const published = findings.data?.data.published;
  return (
    <section className="findings" aria-labelledby="findings-heading">
      <h3 id="findings-heading">Findings report</h3>
      {published && (
        <Notice>
          Published as <Link to={`/resources/${published.resourceId}`}>{published.title}</Link>
          {published.by ? ` by ${published.by.name}` : ''}.
        </Notice>
      )}
      <FindingsDraft cycleId={props.cycleId} />
      {findings.data?.abilities.publish && <PublishFindings {...props} />}
    </section>
  );
}
