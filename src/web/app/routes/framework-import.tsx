import { PageHeading } from '#web/components/feedback.tsx';

export default function FrameworkImportPage() {
  return (
    <section className="page">
      <PageHeading>framework-import</PageHeading>
    </section>
  );
}
