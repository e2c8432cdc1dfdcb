import { useSearchParams } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';
import { SignOnProblemExplained } from '#web/features/sso/components/sign-on-problem.tsx';

/** Where a sign-in through the district's provider lands when it could not sign the person in. */
export default function SignOnProblemPage() {
  const [params] = useSearchParams();
  return (
    <section className="page page--narrow">
      <PageHeading>Signing in</PageHeading>
      <SignOnProblemExplained reason={params.get('reason')} />
    </section>
  );
}
