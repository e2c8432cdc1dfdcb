import { useState } from 'react';
import { useParams } from 'react-router';
import type { CommunityKind, JoinPolicy } from '#shared/contracts/communities.ts';
import { ErrorMessage, Notice, PageHeading } from '#web/components/feedback.tsx';
import { useSetArchived, useUpdateCommunity } from '#web/features/communities/api/save-community.ts';
import { CommunityForm } from '#web/features/communities/components/community-form.tsx';
import { BackToCommunity, useCommunityPage } from '#web/features/communities/components/community-page.tsx';
import {
  InviteSection,
  MembersSection,
  RequestsSection,
} from '#web/features/communities/components/manage-members.tsx';
import { useSession } from '#web/features/session/api/session.ts';

/** Facilitators: requests, invitations, roles, removals, details and archiving. */
export default function CommunityManagePage() {
  const { id = '' } = useParams();
  const { community: c, fallback } = useCommunityPage(id);
  const me = useSession().data?.user.id;
  const update = useUpdateCommunity(id);
  const archive = useSetArchived(id);
  const [saved, setSaved] = useState(false);

  if (fallback) return fallback;
  if (!c.permissions.canFacilitate)
    return (
      <section className="page">
        <PageHeading>Manage {c.name}</PageHeading>
        <p>Only the facilitators of this community manage it.</p>
        <BackToCommunity community={c} />
      </section>
    );

  return (
    <>
      <section className="page">
        <PageHeading title={`Manage ${c.name}`}>Manage {c.name}</PageHeading>
        <BackToCommunity community={c} />
      </section>
      {c.joinPolicy === 'request' || c.counts.pendingRequests > 0 ? (
        <RequestsSection communityId={c.id} />
      ) : null}
      <InviteSection community={c} />
      <MembersSection communityId={c.id} myId={me} />
      <section className="page" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <div aria-live="polite">{saved && !update.isPending && <Notice>Details saved.</Notice>}</div>
        <CommunityForm
          key={c.id}
          community={c}
          submitLabel="Save details"
          pending={update.isPending}
          error={update.error}
          onSubmit={(values) => {
            setSaved(false);
            update.mutate(
              {
                kind: values.kind as CommunityKind,
                name: values.name,
                purpose: values.purpose,
                studentFocus: values.studentFocus,
                subjects: values.subjects as never,
                gradeBands: values.gradeBands as never,
                joinPolicy: values.joinPolicy as JoinPolicy,
              },
              { onSuccess: () => setSaved(true) },
            );
          }}
        />
      </section>
      <section className="page" aria-labelledby="archive-heading">
        <h2 id="archive-heading">{c.archived ? 'Archived' : 'Archive'}</h2>
        <p>
          {c.archived
            ? 'This community is archived: everyone who could read it still can, but it takes no new posts or members.'
            : 'Archiving keeps everything readable but stops new posts and new members. You can undo it.'}
        </p>
        <ErrorMessage error={archive.error} />
        <button
          type="button"
          className={c.archived ? 'button' : 'button button--danger'}
          disabled={archive.isPending}
          onClick={() => archive.mutate(!c.archived)}
        >
          {c.archived ? 'Bring the community back' : 'Archive the community'}
        </button>
      </section>
    </>
  );
}
