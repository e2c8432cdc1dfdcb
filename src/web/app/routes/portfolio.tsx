import { PageHeading } from '#web/components/feedback.tsx';

export default function PortfolioPage() {
  return (
    <section className="page">
      <PageHeading>portfolio</PageHeading>
    </section>
  );
}
