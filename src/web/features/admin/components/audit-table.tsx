import { type FormEvent, useState } from 'react';
import { SelectField, TextField } from '#web/components/field.tsx';
import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import {
  AUDIT_KIND_LABELS,
  AUDIT_KINDS,
  type AuditFilters,
  type AuditKind,
} from '#shared/contracts/audit.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { auditExportHref, useAuditActors, useAuditLog } from '../api/list-audit.ts';
import { formatDate } from './labels.ts';
import { TableWrap } from '#web/components/table-wrap.tsx';

/** The chosen values of the filter form, leaving out the empty ones. */
function readFilters(form: HTMLFormElement): AuditFilters {
  const data = new FormData(form);
  const value = (name: string) => {
    const v = data.get(name);
    return typeof v === 'string' && v ? v : undefined;
  };
  return {
    actorId: value('actorId'),
    kind: value('kind') as AuditKind | undefined,
    from: value('from'),
    to: value('to'),
  };
}

/** The district's audit log in words, newest first: filters, a CSV download and older entries on demand. */
export function AuditTable() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const log = useAuditLog(filters);
  const actors = useAuditActors();
  const events = log.data?.pages.flatMap((p) => p.data) ?? [];
  const fieldError = (name: string) =>
    log.error instanceof ApiError ? log.error.fieldError(name) : undefined;

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFilters(readFilters(event.currentTarget));
  };

  return (
    <div>
      <search>
        <form aria-label="Filter the audit log" onSubmit={apply} noValidate>
          <div className="grid">
            <SelectField label="Who" name="actorId" defaultValue="">
              <option value="">Anyone</option>
              {(actors.data?.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </SelectField>
            <SelectField label="Kind of action" name="kind" defaultValue="">
              <option value="">Any kind</option>
              {AUDIT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {AUDIT_KIND_LABELS[kind]}
                </option>
              ))}
            </SelectField>
            <TextField label="From" name="from" type="date" error={fieldError('from')} />
            <TextField label="To" name="to" type="date" error={fieldError('to')} />
          </div>
          <div className="actions">
            <button type="submit" className="button">
              Show entries
            </button>
            <button type="reset" className="button button--secondary" onClick={() => setFilters({})}>
              Clear filters
            </button>
            <a className="button button--secondary" href={auditExportHref(filters)} download>
              Download CSV
            </a>
          </div>
        </form>
      </search>
      {log.isPending ? (
        <Loading label="Loading the audit log…" />
      ) : log.isError ? (
        <ErrorMessage error={log.error} />
      ) : events.length === 0 ? (
        <EmptyState title="Nothing recorded">No entry matches these filters.</EmptyState>
      ) : (
        <TableWrap label="Audit log">
          <table>
            <caption className="visually-hidden">Administrative actions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What happened</th>
                <th scope="col">Kind</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>
                    <time dateTime={event.at}>{formatDate(event.at)}</time>
                  </td>
                  <td>{event.description}</td>
                  <td>{event.kind ? AUDIT_KIND_LABELS[event.kind] : <span className="muted">Other</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {log.hasNextPage && (
        <p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => log.fetchNextPage()}
            disabled={log.isFetchingNextPage}
          >
            {log.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
          </button>
        </p>
      )}
    </div>
  );
}
