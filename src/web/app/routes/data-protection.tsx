import { PageHeading } from '#web/components/feedback.tsx';
import { DataProtection } from '#web/features/privacy/components/data-protection.tsx';

/** Where Trellis keeps data, what it collects, how long, and who else processes it. */
export default function DataProtectionPage() {
  return (
    <section className="page" style={{ maxWidth: '48rem' }}>
      <PageHeading>Data protection</PageHeading>
      <DataProtection />
    </section>
  );
}
