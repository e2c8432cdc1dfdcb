import { Link, useParams } from 'react-router';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useProfile } from '#web/features/profiles/api/get-profile.ts';
import { useSession } from '#web/features/session/api/session.ts';
import { ProfileDetails } from '#web/features/profiles/components/profile-details.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { FollowButton, FollowCounts } from '#web/features/feed/components/follow-button.tsx';
import { PersonCredentials } from '#web/features/wallet/components/person-credentials.tsx';
import { MessageButton } from '#web/features/messages/components/message-button.tsx';
import { PersonRoles } from '#web/features/pathways/components/person-roles.tsx';

/** A person's profile, as far as the viewer may see it. */
export default function PersonPage() {
  const { id = '' } = useParams();
  const profile = useProfile(id);
  const signedIn = Boolean(useSession().data);
  if (profile.isPending) return <Loading />;
  if (profile.isError) {
    const missing =
      profile.error instanceof ApiError && (profile.error.status === 404 || profile.error.status === 400);
    return (
      <section className="page">
        {missing ? (
          <>
            <PageHeading>Person not found</PageHeading>
            <p>
              There is no one here you can see. They may have left, or their profile is not shared with you.
            </p>
          </>
        ) : (
          <>
            <PageHeading>Could not load this profile</PageHeading>
            <ErrorMessage error={profile.error} />
          </>
        )}
        <p>
          {signedIn ? (
            <Link to="/directory">Search the directory</Link>
          ) : (
            <Link to={`/sign-in?next=${encodeURIComponent(`/people/${id}`)}`}>Sign in to see more</Link>
          )}
        </p>
      </section>
    );
  }
  const { data: person, abilities } = profile.data;
  return (
    <section className="page">
      <PageHeading>{person.name}</PageHeading>
      {signedIn &&
        (abilities.edit ? (
          <FollowCounts personId={person.id} />
        ) : (
          <>
            <FollowButton personId={person.id} name={person.name} />
            <MessageButton personId={person.id} name={person.name} />
          </>
        ))}
      <ProfileDetails person={person} canEdit={abilities.edit} />
      <PersonCredentials personId={person.id} isSelf={abilities.edit} />
      {signedIn && <PersonRoles personId={person.id} />}
    </section>
  );
}
