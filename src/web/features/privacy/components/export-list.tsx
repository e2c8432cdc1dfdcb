import type { DataExport } from '#shared/contracts/privacy.ts';

const bytesInWords = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

const when = (iso: string) => new Date(iso).toLocaleString();

/** One export: its progress while it is written, then its download until it expires. */
function ExportItem({ item, label }: { item: DataExport; label: string }) {
  const running = item.status === 'queued' || item.status === 'running';
  const percent = item.stepsTotal > 0 ? Math.round((item.stepsDone / item.stepsTotal) * 100) : 0;
  return (
    <li className="card">
      <p>
        <strong>{label}</strong>{' '}
        <span className="muted">
          started {when(item.createdAt)}
          {item.requestedBy ? ` by ${item.requestedBy}` : ''}
        </span>
      </p>
      {running && (
        <>
          <label htmlFor={`export-${item.id}`}>Preparing the export</label>
          <progress id={`export-${item.id}`} max={item.stepsTotal || 1} value={item.stepsDone}>
            {percent}%
          </progress>
          <p className="muted">
            {item.status === 'queued'
              ? 'Waiting to start…'
              : `${percent}% done: ${item.step ?? 'working'} (${item.rows.toLocaleString()} rows so far).`}
          </p>
        </>
      )}
      {item.status === 'ready' && item.downloadUrl && (
        <p>
          <a className="button" href={item.downloadUrl} download>
            Download {label.toLowerCase()} ({item.byteSize === null ? 'ZIP' : bytesInWords(item.byteSize)})
          </a>{' '}
          <span className="muted">
            {item.rows.toLocaleString()} rows, {item.files.toLocaleString()} files. The link works until{' '}
            {item.expiresAt ? when(item.expiresAt) : 'it expires'}.
          </span>
        </p>
      )}
      {item.status === 'failed' && <p className="notice notice--error">{item.error}</p>}
      {item.status === 'expired' && <p className="muted">Expired: its file was deleted. Start a new one.</p>}
    </li>
  );
}

/**
 * Exports with their progress; the newest's state is announced when it changes status (not at every
 * step of the bar).
 */
export function ExportList({ items, label, name }: { items: DataExport[]; label: string; name: string }) {
  const newest = items[0];
  return (
    <>
      <p role="status" aria-live="polite" className="visually-hidden">
        {newest?.status === 'ready'
          ? `${label} is ready to download.`
          : newest?.status === 'failed'
            ? `${label} could not be written.`
            : newest && (newest.status === 'queued' || newest.status === 'running')
              ? `Preparing ${label.toLowerCase()}…`
              : ''}
      </p>
      <ul className="bare-list" aria-label={name}>
        {items.map((item) => (
          <ExportItem key={item.id} item={item} label={label} />
        ))}
      </ul>
    </>
  );
}
