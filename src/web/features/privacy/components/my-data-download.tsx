import { ErrorMessage } from '#web/components/feedback.tsx';
import { useMyExports, useStartMyExport } from '../api/data-exports.ts';
import { MY_DATA_URL } from '../api/keys.ts';
import { ExportList } from './export-list.tsx';

/**
 * The signed-in person's own data: at once as one JSON file, or prepared in the background as a ZIP
 * with CSV and JSON and the files they uploaded.
 */
export function MyDataDownload() {
  const exports = useMyExports();
  const start = useStartMyExport();
  const items = exports.data?.data ?? [];
  const underWay = items.some((e) => e.status === 'queued' || e.status === 'running');
  return (
    <>
      <p className="muted">
        What Trellis keeps about you: your account, profile, posts, resources, collections, submissions,
        credentials, notifications and activity. Passwords and sign-in tokens are never included, nor what
        belongs to other people.
      </p>
      <p>
        <a className="button" href={MY_DATA_URL} download>
          Download my data
        </a>{' '}
        <span className="muted">One JSON file, at once (a ZIP when large).</span>
      </p>
      <p>
        <button
          type="button"
          className="button button--secondary"
          disabled={start.isPending || underWay}
          onClick={() => start.mutate()}
        >
          {underWay ? 'Preparing your archive…' : 'Prepare an archive with my files'}
        </button>{' '}
        <span className="muted">CSV and JSON for each kind of record, and the files you uploaded.</span>
      </p>
      <ErrorMessage error={start.error} />
      {items.length > 0 && <ExportList items={items} label="Your archive" name="Your archives" />}
    </>
  );
}
