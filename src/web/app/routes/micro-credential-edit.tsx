import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { LocalAddressWarning } from '#web/features/awards/components/local-address-warning.tsx';
import { useMicroCredential } from '#web/features/micro-credentials/api/get-micro-credential.ts';
import {
  useUpdateMicroCredential,
  useUploadBadgeImage,
} from '#web/features/micro-credentials/api/save-micro-credential.ts';
import {
  changedFields,
  CredentialForm,
} from '#web/features/micro-credentials/components/credential-form.tsx';

/**
 * The issuer's admin edits a definition. Once anyone has started on or earned the current version,
 * saving changes makes a new version; the old one stays as it was for them.
 */
export default function MicroCredentialEditPage() {
  const { id = '' } = useParams();
  const credential = useMicroCredential(id);
  const update = useUpdateMicroCredential(id);
  const upload = useUploadBadgeImage(id);
  const navigate = useNavigate();
  const [imageError, setImageError] = useState<unknown>(null);

  if (credential.isPending) return <Loading />;
  if (credential.isError)
    return (
      <section className="page">
        <PageHeading>Could not load this micro-credential</PageHeading>
        <ErrorMessage error={credential.error} />
        <p>
          <Link to="/micro-credentials">Back to micro-credentials</Link>
        </p>
      </section>
    );
  const data = credential.data;
  return (
    <section className="page credential-edit-page">
      <PageHeading title={`Edit ${data.title}`}>Edit “{data.title}”</PageHeading>
      <p>
        <Link to={`/micro-credentials/${id}`}>Back to the micro-credential</Link>
      </p>
      {!data.viewer.canManage ? (
        <p>Only the issuer’s administrators may edit this micro-credential.</p>
      ) : (
        <>
          <LocalAddressWarning />
          {data.earnedCount > 0 && (
            <p className="notice notice--ok">
              People have earned this credential. Saving changes makes version {data.currentVersion + 1}; what
              they earned stays as it was.
            </p>
          )}
          {imageError ? <ErrorMessage error={imageError} /> : null}
          <CredentialForm
            credential={data}
            issuers={[data.issuer]}
            submitLabel="Save changes"
            pending={update.isPending || upload.isPending}
            error={update.error}
            onCancel={() => navigate(`/micro-credentials/${id}`)}
            onSubmit={async (values, image) => {
              setImageError(null);
              const changes = changedFields(data, values);
              try {
                if (Object.keys(changes).length) await update.mutateAsync(changes);
              } catch {
                // The form shows what the server said about its fields.
                return;
              }
              try {
                if (image) await upload.mutateAsync(image);
              } catch (error) {
                setImageError(error);
                return;
              }
              navigate(`/micro-credentials/${id}`);
            }}
          />
        </>
      )}
    </section>
  );
}
