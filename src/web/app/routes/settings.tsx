import { PageHeading } from '#web/components/feedback.tsx';

// Placeholder until this page is built; not linked from anywhere yet.
export default function SettingsPage() {
  return (
    <section className="page">
      <PageHeading>settings</PageHeading>
    </section>
  );
}
