import { PageHeading } from '#web/components/feedback.tsx';

// Placeholder until this page is built; not linked from anywhere yet.
export default function HomePage() {
  return (
    <section className="page">
      <PageHeading>home</PageHeading>
    </section>
  );
}
