import { Link, useParams } from 'react-router';
import type { MicroCredentialDetail } from '#shared/contracts/micro-credentials.ts';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { CohortAward } from '#web/features/awards/components/cohort-award.tsx';
import { LocalAddressWarning } from '#web/features/awards/components/local-address-warning.tsx';
import { CredentialAwards } from '#web/features/awards/components/credential-awards.tsx';
import { EarnPanel } from '#web/features/earning/components/earn-panel.tsx';
import { useMicroCredential } from '#web/features/micro-credentials/api/get-micro-credential.ts';
import { CredentialAdminActions } from '#web/features/micro-credentials/components/credential-admin-actions.tsx';
import { EvidencePromptList } from '#web/features/micro-credentials/components/evidence-prompt-list.tsx';
import { RubricTable } from '#web/features/micro-credentials/components/rubric-table.tsx';
import { CredentialHolders } from '#web/features/wallet/components/credential-holders.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { formatDay } from '#web/lib/format.ts';

function validityText(days: number | null): string {
  if (days === null) return 'Does not expire.';
  if (days % 365 === 0)
    return `Valid for ${days / 365} ${days === 365 ? 'year' : 'years'} after it is issued.`;
  return `Valid for ${days} days after it is issued.`;
}

/** How a micro-credential is earned: team size, review, validity. */
function EarningRules({ credential }: { credential: MicroCredentialDetail }) {
  const v = credential.current;
  return (
    <ul className="credential-page__rules">
      {credential.kind === 'micro' && (
        <li>
          {v.maxTeamSize > 1
            ? `Teams of up to ${v.maxTeamSize} may submit together.`
            : 'Earned individually.'}
        </li>
      )}
      {credential.kind === 'micro' && (
        <li>
          {v.secondAssessor
            ? 'Two assessors review each submission; a lead assessor settles disagreements.'
            : 'One assessor reviews each submission.'}
        </li>
      )}
      <li>{validityText(v.validForDays)}</li>
    </ul>
  );
}

function Body({ credential }: { credential: MicroCredentialDetail }) {
  const v = credential.current;
  return (
    <>
      <section aria-labelledby="credential-about">
        <h2 id="credential-about">About</h2>
        {v.description ? (
          <p className="credential-page__text">{v.description}</p>
        ) : (
          <p className="muted">No description.</p>
        )}
        <h3>How it is earned</h3>
        {v.criteria && <p className="credential-page__text">{v.criteria}</p>}
        <EarningRules credential={credential} />
      </section>

      <section aria-labelledby="credential-competencies">
        <h2 id="credential-competencies">Competencies</h2>
        {v.competencies.length === 0 ? (
          <p className="muted">Not aligned to any competency.</p>
        ) : (
          <ul className="credential-page__competencies">
            {v.competencies.map((c) => (
              <li key={c.id}>
                {c.code && <strong>{c.code} </strong>}
                {c.statement}{' '}
                <span className="muted">
                  (<Link to={`/frameworks/${c.framework.id}`}>{c.framework.title}</Link>)
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {credential.kind === 'stack' ? (
        <section aria-labelledby="credential-members">
          <h2 id="credential-members">Micro-credentials in this stack</h2>
          <p>Earn every one of these to earn the stack.</p>
          {credential.members.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ol>
              {credential.members.map((m) => (
                <li key={m.id}>
                  <Link to={`/micro-credentials/${m.id}`}>{m.title}</Link>
                  {m.status !== 'published' && <span className="muted"> ({m.status})</span>}
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : (
        <>
          <section aria-labelledby="credential-evidence">
            <h2 id="credential-evidence">Evidence asked for</h2>
            <EvidencePromptList prompts={v.evidencePrompts} />
          </section>
          <section aria-labelledby="credential-rubric">
            <h2 id="credential-rubric">Rubric</h2>
            {v.rubric ? (
              <RubricTable rubric={v.rubric} caption={`How evidence for “${v.title}” is judged`} />
            ) : (
              <p className="muted">No rubric yet.</p>
            )}
          </section>
          {credential.stacks.length > 0 && (
            <section aria-labelledby="credential-stacks">
              <h2 id="credential-stacks">Part of</h2>
              <ul>
                {credential.stacks.map((s) => (
                  <li key={s.id}>
                    <Link to={`/micro-credentials/${s.id}`}>{s.title}</Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}

      {credential.kind === 'micro' && (
        <section aria-labelledby="credential-assessors">
          <h2 id="credential-assessors">Assessors</h2>
          {credential.assessors.length === 0 ? (
            <p className="muted">No assessors appointed yet.</p>
          ) : (
            <ul>
              {credential.assessors.map((a) => (
                <li key={a.id}>
                  <Link to={`/people/${a.id}`}>{a.name}</Link>
                  {a.lead && <span className="muted"> (lead assessor)</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="credential-versions">
        <h2 id="credential-versions">Versions</h2>
        <p className="muted">A submission is judged against the version it started on.</p>
        <ul>
          {credential.versions.map((version) => (
            <li key={version.version}>
              Version {version.version}
              {version.version === credential.currentVersion && ' (current)'}: {version.title},{' '}
              {formatDay(version.createdAt)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** A micro-credential or stack: what it recognises, how it is earned and judged, and who holds it. */
export default function MicroCredentialPage() {
  const { id = '' } = useParams();
  const credential = useMicroCredential(id);

  if (credential.isPending) return <Loading />;
  if (credential.isError)
    return (
      <section className="page">
        {credential.error instanceof ApiError && credential.error.status < 500 ? (
          <>
            <PageHeading>Micro-credential not found</PageHeading>
            <p>This micro-credential does not exist, is still a draft, or is not offered to you.</p>
          </>
        ) : (
          <>
            <PageHeading>Could not load this micro-credential</PageHeading>
            <ErrorMessage error={credential.error} />
          </>
        )}
        <p>
          <Link to="/micro-credentials">Back to micro-credentials</Link>
        </p>
      </section>
    );

  const data = credential.data;
  return (
    <article className="page credential-page">
      <p>
        <Link to="/micro-credentials">Back to micro-credentials</Link>
      </p>
      <header className="credential-page__header">
        {data.imageUrl && (
          <img
            className="credential-page__image"
            src={data.imageUrl}
            alt={`Badge for ${data.title}`}
            width={128}
            height={128}
          />
        )}
        <div>
          <p className="collection-page__kind">
            {data.kind === 'stack' ? 'Stack' : 'Micro-credential'}
            {data.status !== 'published' && ` · ${data.status}`}
          </p>
          <PageHeading>{data.title}</PageHeading>
          <p>
            Issued by {data.issuer.name} · version {data.currentVersion} · earned by {data.earnedCount}{' '}
            {data.earnedCount === 1 ? 'person' : 'people'}
          </p>
          {data.summary && <p className="credential-page__summary">{data.summary}</p>}
        </div>
      </header>
      {data.viewer.canManage && <LocalAddressWarning />}
      {data.viewer.canManage && <CredentialAdminActions credential={data} />}
      <EarnPanel credentialId={data.id} />
      <Body credential={data} />
      {data.viewer.canManage && <CredentialAwards credentialId={data.id} />}
      {data.viewer.canManage && <CohortAward credentialId={data.id} />}
      <CredentialHolders credentialId={data.id} />
    </article>
  );
}
