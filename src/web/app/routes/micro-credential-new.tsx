import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { LocalAddressWarning } from '#web/features/awards/components/local-address-warning.tsx';
import { useMicroCredentialOptions } from '#web/features/micro-credentials/api/get-options.ts';
import {
  uploadBadgeImage,
  useCreateMicroCredential,
} from '#web/features/micro-credentials/api/save-micro-credential.ts';
import { CredentialForm } from '#web/features/micro-credentials/components/credential-form.tsx';

/** An issuer's admin defines a micro-credential or a stack; it starts as a draft. */
export default function MicroCredentialNewPage() {
  const options = useMicroCredentialOptions();
  const create = useCreateMicroCredential();
  const navigate = useNavigate();
  const [failedImage, setFailedImage] = useState<{ error: unknown; id: string } | null>(null);

  return (
    <section className="page credential-edit-page">
      <PageHeading>New micro-credential</PageHeading>
      <p>
        <Link to="/micro-credentials">Back to micro-credentials</Link>
      </p>
      {options.data && options.data.administers.length > 0 && <LocalAddressWarning />}
      {failedImage ? (
        <>
          <ErrorMessage error={failedImage.error} />
          <p>
            The draft was saved, but its image could not be.{' '}
            <Link to={`/micro-credentials/${failedImage.id}/edit`}>Edit the draft to try another image</Link>
          </p>
        </>
      ) : options.isPending ? (
        <Loading />
      ) : options.isError ? (
        <ErrorMessage error={options.error} />
      ) : options.data.administers.length === 0 ? (
        <p>Only district and network administrators define micro-credentials.</p>
      ) : (
        <CredentialForm
          issuers={options.data.administers}
          submitLabel="Save as a draft"
          pending={create.isPending}
          error={create.error}
          onSubmit={(values, image) =>
            create.mutate(values, {
              onSuccess: async (credential) => {
                if (image)
                  try {
                    await uploadBadgeImage(credential.id, image);
                  } catch (error) {
                    setFailedImage({ error, id: credential.id });
                    return;
                  }
                navigate(`/micro-credentials/${credential.id}`);
              },
            })
          }
        />
      )}
    </section>
  );
}
