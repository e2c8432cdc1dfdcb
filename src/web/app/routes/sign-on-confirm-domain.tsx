import { useSearchParams } from 'react-router';
import { ErrorMessage, Notice, PageHeading } from '#web/components/feedback.tsx';
import { useConfirmDomain } from '#web/features/sso/api/confirm-domain.ts';

/** The page a domain confirmation mail links to: one button, so a mail scanner's visit confirms nothing. */
export default function ConfirmDomainPage() {
  const [params] = useSearchParams();
  const confirm = useConfirmDomain();
  const token = params.get('token') ?? '';
  return (
    <section className="page page--narrow">
      <PageHeading>Confirm your district’s domain</PageHeading>
      {confirm.isSuccess ? (
        <Notice>
          {confirm.data.data.domain} is confirmed: people with addresses there can now sign in with their
          district’s account.
        </Notice>
      ) : (
        <>
          <p>
            Confirm that this domain belongs to the district that asked, so its staff can sign in with it.
          </p>
          <ErrorMessage error={confirm.error} />
          <button
            type="button"
            className="button"
            disabled={!token || confirm.isPending}
            onClick={() => confirm.mutate(token)}
          >
            Confirm the domain
          </button>
        </>
      )}
    </section>
  );
}
