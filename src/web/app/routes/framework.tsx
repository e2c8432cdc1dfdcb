import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { useFramework } from '#web/features/frameworks/api/get-framework.ts';
import { useDeleteFramework } from '#web/features/frameworks/api/save-framework.ts';
import { CompetencyTree } from '#web/features/frameworks/components/competency-tree.tsx';
import { FrameworkDetailsForm } from '#web/features/frameworks/components/framework-details-form.tsx';
import { PublishToggle } from '#web/features/frameworks/components/publish-toggle.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { formatDay } from '#web/lib/format.ts';

function DeleteFramework({ id, title }: { id: string; title: string }) {
  const step = useConfirmStep();
  const remove = useDeleteFramework(id);
  const navigate = useNavigate();
  return step.open ? (
    <ConfirmStep
      prompt={`Delete “${title}” and all its competencies?`}
      confirmLabel="Delete the framework"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate('/frameworks') })}
      onCancel={() => {
        remove.reset();
        step.close();
      }}
    />
  ) : (
    <button ref={step.opener} type="button" className="button button--danger" onClick={step.start}>
      Delete framework
    </button>
  );
}

/** A framework: its competencies as a nested list with codes; the owner's admins edit it in place. */
export default function FrameworkPage() {
  const { id = '' } = useParams();
  const framework = useFramework(id);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);

  if (framework.isPending) return <Loading />;
  if (framework.isError)
    return (
      <section className="page">
        {framework.error instanceof ApiError && framework.error.status < 500 ? (
          <>
            <PageHeading>Framework not found</PageHeading>
            <p>
              This framework does not exist, was deleted, or belongs to a district or network you are not in.
            </p>
          </>
        ) : (
          <>
            <PageHeading>Could not load this framework</PageHeading>
            <ErrorMessage error={framework.error} />
          </>
        )}
        <p>
          <Link to="/frameworks">Back to frameworks</Link>
        </p>
      </section>
    );

  const f = framework.data;
  const doneEditing = (didSave: boolean) => {
    setEditing(false);
    setSaved(didSave);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  return (
    <section className="page framework-page">
      <p>
        <Link to="/frameworks">Frameworks</Link>
      </p>
      <PageHeading>{f.title}</PageHeading>
      <p className="muted">
        {f.owner.name} · {f.competencyCount} {f.competencyCount === 1 ? 'competency' : 'competencies'} ·
        updated {formatDay(f.updatedAt)}
        {f.importedFromCase && (
          <>
            {' · '}
            <span className="tag">Imported from CASE</span>
          </>
        )}
      </p>
      {f.description && <p className="framework-page__description">{f.description}</p>}
      {(f.creator || f.version) && (
        <p className="muted">
          {f.creator && <>By {f.creator}</>}
          {f.creator && f.version && ' · '}
          {f.version && <>Version {f.version}</>}
        </p>
      )}
      <div className="actions">
        <a className="button button--secondary" href={`/api/public/frameworks/${f.id}/case`} download>
          Export CASE JSON
        </a>
        {f.viewer.canManage && !editing && (
          <button
            ref={editButton}
            type="button"
            className="button button--secondary"
            onClick={() => setEditing(true)}
          >
            Edit details
          </button>
        )}
        {f.viewer.canManage && <DeleteFramework id={f.id} title={f.title} />}
      </div>
      {saved && !editing && <Notice>Saved.</Notice>}
      {editing && <FrameworkDetailsForm framework={f} onDone={doneEditing} />}
      <PublishToggle framework={f} />
      <CompetencyTree framework={f} />
    </section>
  );
}
