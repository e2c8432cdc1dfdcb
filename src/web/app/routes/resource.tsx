import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { PageHeading } from '#web/components/feedback.tsx';
import { AddToCollection } from '#web/features/collections/components/add-to-collection.tsx';
import { MoreLikeThis } from '#web/features/library/components/more-like-this.tsx';
import { BringHomeResource } from '#web/features/mobilization/components/bring-home.tsx';
import { QualityPanel } from '#web/features/resource-quality/components/quality-panel.tsx';
import { useResource } from '#web/features/resources/api/get-resource.ts';
import { useDeleteResource } from '#web/features/resources/api/save-resource.ts';
import { RemixList } from '#web/features/resources/components/remix-list.tsx';
import { ResourceContent } from '#web/features/resources/components/resource-items.tsx';
import { ResourceFacts, ResourceMeta } from '#web/features/resources/components/resource-meta.tsx';
import { ResourceFallback } from '#web/features/resources/components/resource-unavailable.tsx';
import { VersionHistory } from '#web/features/resources/components/version-history.tsx';

/** A resource's page: what it is, its files and links with previews, its versions, remixes and quality signals. */
export default function ResourcePage() {
  const { id = '' } = useParams();
  const query = useResource(id);
  const remove = useDeleteResource(id);
  const confirm = useConfirmStep();
  const navigate = useNavigate();
  if (!query.data) return <ResourceFallback query={query} />;
  const r = query.data;
  const p = r.permissions;
  return (
    <>
      <article className="page resource-page">
        <ResourceMeta resource={r} />
        <PageHeading title={r.title}>{r.title}</PageHeading>
        <p className="resource-page__version">
          Version {r.version}
          {r.version > 1 && (
            <>
              {' · '}
              <Link to={`/resources/${r.id}/changes`}>what changed</Link>
              {r.changeNote && <span className="muted"> — {r.changeNote}</span>}
            </>
          )}
        </p>
        {r.summary && <p className="resource-page__summary">{r.summary}</p>}
        <ResourceFacts subjects={r.subjects} gradeBands={r.gradeBands} alignments={r.alignments} />
        <nav aria-label="Resource actions" className="actions">
          {p.canEdit && (
            <Link className="button" to={`/resources/${r.id}/edit`}>
              Edit
            </Link>
          )}
          {p.canRemix && (
            <Link className="button button--secondary" to={`/resources/${r.id}/remix`}>
              Remix
            </Link>
          )}
          <Link className="button button--secondary" to={`/resources/${r.id}/spread`}>
            Spread
          </Link>
          {p.canDelete && (
            <button
              type="button"
              ref={confirm.opener}
              className="button button--secondary"
              onClick={confirm.start}
              aria-expanded={confirm.open}
            >
              Withdraw
            </button>
          )}
        </nav>
        {!p.canRemix && p.remixRefusal && (
          <p className="muted resource-page__no-remix">Remix is not available. {p.remixRefusal}</p>
        )}
        {confirm.open && (
          <ConfirmStep
            prompt="Withdraw this resource? It disappears from the library, collections and feeds, and its files can no longer be downloaded."
            confirmLabel="Withdraw resource"
            pending={remove.isPending}
            error={remove.error}
            onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate('/resources') })}
            onCancel={confirm.close}
          />
        )}
        <ResourceContent notesHtml={r.notesHtml} items={r.items} />
        <div className="resource-page__slots">
          <AddToCollection resourceId={r.id} />
          <BringHomeResource resourceId={r.id} />
        </div>
      </article>
      <QualityPanel resourceId={r.id} isOwner={p.canEdit} />
      <RemixList resourceId={r.id} count={r.visibleRemixCount} />
      <VersionHistory resourceId={r.id} current={r.version} />
      <MoreLikeThis resourceId={r.id} />
    </>
  );
}
