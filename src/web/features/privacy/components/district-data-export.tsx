import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { useDistrictExports, useStartDistrictExport } from '../api/data-exports.ts';
import { ExportList } from './export-list.tsx';

/** A district administrator's export of the district's data, written in the background as one ZIP. */
export function DistrictDataExport() {
  const exports = useDistrictExports();
  const start = useStartDistrictExport();
  const items = exports.data?.data ?? [];
  const underWay = items.some((e) => e.status === 'queued' || e.status === 'running');
  return (
    <>
      <p className="muted">
        One ZIP in open formats: every table of the district as CSV (<code>csv/</code>) and JSON (
        <code>json/</code>), the files people uploaded and shared (<code>files/</code>), and{' '}
        <code>manifest.json</code>, which names each table’s data class, its rows and the columns left out.
        What is private to people (their settings, notifications, sign-ins, submitted evidence) and every
        secret (password hashes, tokens, keys, sign-on and roster credentials) stay out, and nothing of
        another district is in it. Trellis prepares it in the background; you can leave this page. Only the
        district’s administrators can download it, for 7 days, and each download is recorded in the audit log.
      </p>
      <ErrorMessage error={start.error} />
      <p>
        <button
          type="button"
          className="button"
          disabled={start.isPending || underWay}
          onClick={() => start.mutate()}
        >
          {start.isPending
            ? 'Starting…'
            : underWay
              ? 'An export is being prepared'
              : 'Export the district’s data'}
        </button>
      </p>
      {exports.isPending ? (
        <Loading label="Loading the district’s exports…" />
      ) : exports.isError ? (
        <ErrorMessage error={exports.error} />
      ) : items.length === 0 ? (
        <EmptyState title="No exports yet">Start one above; it appears here with its progress.</EmptyState>
      ) : (
        <ExportList items={items} label="The district’s data" name="District exports" />
      )}
    </>
  );
}
