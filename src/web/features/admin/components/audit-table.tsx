import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import type { AuditEvent } from '#shared/contracts/admin.ts';
import { useAuditLog } from '../api/list-audit.ts';
import { formatDate } from './labels.ts';
import { TableWrap } from './table-wrap.tsx';

const ACTIONS: Record<string, string> = {
  'user.role_changed': 'Changed role',
  'user.deactivated': 'Deactivated account',
  'user.reactivated': 'Reactivated account',
  'invitation.created': 'Invited',
  'invitation.bulk_created': 'Invited in bulk',
  'invitation.resent': 'Resent invitation',
  'invitation.revoked': 'Revoked invitation',
  'school.created': 'Added school',
  'school.renamed': 'Renamed school',
  'school.archived': 'Archived school',
  'school.unarchived': 'Unarchived school',
  'roster.imported': 'Imported roster',
};

/** A detail value as text; objects are shown as compact JSON, never as markup. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

function Details({ details }: { details: AuditEvent['details'] }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="muted">—</span>;
  if ('from' in details && 'to' in details && entries.length === 2)
    return (
      <span>
        {describeValue(details.from)} → {describeValue(details.to)}
      </span>
    );
  return (
    <dl className="audit-details">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt className="visually-hidden">{key}</dt>
          <dd>
            <span className="muted">{key}:</span> {describeValue(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The district's audit log, newest first, with a button to load older events. */
export function AuditTable() {
  const log = useAuditLog();
  const events = log.data?.pages.flatMap((p) => p.data) ?? [];
  if (log.isPending) return <Loading label="Loading the audit log…" />;
  if (log.isError) return <ErrorMessage error={log.error} />;
  if (events.length === 0) return <EmptyState title="Nothing recorded yet" />;
  return (
    <div>
      <TableWrap label="Audit log">
        <table>
          <caption className="visually-hidden">Administrative actions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>
                  <time dateTime={event.at}>{formatDate(event.at)}</time>
                </td>
                <td>{event.actor?.name ?? <span className="muted">Trellis</span>}</td>
                <td>{ACTIONS[event.action] ?? event.action}</td>
                <td>
                  {event.target.name ?? event.target.id ?? ''}{' '}
                  <span className="muted">({event.target.type})</span>
                </td>
                <td>
                  <Details details={event.details} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {log.hasNextPage && (
        <p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => log.fetchNextPage()}
            disabled={log.isFetchingNextPage}
          >
            {log.isFetchingNextPage ? 'Loading…' : 'Load older events'}
          </button>
        </p>
      )}
    </div>
  );
}
