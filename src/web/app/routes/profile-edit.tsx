import { Link } from 'react-router';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useDirectoryOptions } from '#web/features/directory/api/get-directory-options.ts';
import { useOwnProfile } from '#web/features/profiles/api/get-own-profile.ts';
import { OwnSchools } from '#web/features/profiles/components/own-schools.tsx';
import { PhotoField } from '#web/features/profiles/components/photo-field.tsx';
import { ProfileForm } from '#web/features/profiles/components/profile-form.tsx';

/** Edit one's own profile, photo, and who sees each field. */
export default function ProfileEditPage() {
  const profile = useOwnProfile();
  const options = useDirectoryOptions();
  if (profile.isPending || options.isPending) return <Loading />;
  if (profile.isError || options.isError)
    return (
      <section className="page">
        <PageHeading>My profile</PageHeading>
        <ErrorMessage error={profile.error ?? options.error} />
      </section>
    );
  const schools = options.data.districts.find((d) => d.id === profile.data.district.id)?.schools ?? [];
  return (
    <>
      <section className="page">
        <PageHeading>My profile</PageHeading>
        <p>
          <Link to={`/people/${profile.data.id}`}>See my profile as colleagues see it</Link>
        </p>
        <PhotoField photoUrl={profile.data.photoUrl} name={profile.data.name} />
      </section>
      <section className="page">
        <ProfileForm profile={profile.data} />
      </section>
      <section className="page">
        <OwnSchools districtSchools={schools} />
      </section>
    </>
  );
}
