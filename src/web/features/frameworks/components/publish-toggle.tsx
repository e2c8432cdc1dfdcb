import { useId } from 'react';
import type { FrameworkDetail } from '#shared/contracts/frameworks.ts';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { useUpdateFramework } from '../api/save-framework.ts';

/**
 * The owner's admins publish a framework's CASE package and competency addresses to anyone, or keep
 * them private to the owner's district or network (the default). Others see which it is.
 */
export function PublishToggle({ framework }: { framework: FrameworkDetail }) {
  const update = useUpdateFramework(framework.id);
  const hintId = useId();
  const published = update.isPending ? Boolean(update.variables?.published) : framework.published;
  const scope = framework.owner.kind === 'network' ? 'the network’s districts' : framework.owner.name;
  return (
    <section className="framework-publish" aria-labelledby={`${hintId}-heading`}>
      <h2 id={`${hintId}-heading`} className="framework-publish__heading">
        Public CASE addresses
      </h2>
      {framework.viewer.canManage && (
        <>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={published}
              disabled={update.isPending}
              aria-describedby={hintId}
              onChange={(event) => update.mutate({ published: event.target.checked })}
            />
            Publish this framework to anyone
          </label>
          <p className="field__hint" id={hintId}>
            Published, anyone (signed in or not, on any site) may read its CASE package and each competency’s
            address. Credentials aligned to its competencies link to those addresses: while it is private, the
            credentials still name the competencies, but the links answer “not found” outside {scope}.
          </p>
        </>
      )}
      <p role="status" aria-live="polite" className="framework-publish__status">
        {published ? (
          <>
            <span className="tag">Published</span> Anyone may read its CASE package and competencies.
          </>
        ) : (
          <>
            <span className="tag">Private</span> Only people in {scope} may read its CASE package and
            competencies.
          </>
        )}
      </p>
      <ErrorMessage error={update.error} />
    </section>
  );
}
