import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import { useLearningTotals } from '../api/get-totals.ts';
import { hoursOf } from './format.ts';
import './learning.css';

/** Hours of logged learning in the period, by kind and by competency (drafts count nowhere). */
export function TotalsPanel({ from, to }: { from: string; to: string }) {
  const totals = useLearningTotals(from, to);
  const period =
    from && to ? `from ${from} to ${to}` : from ? `since ${from}` : to ? `until ${to}` : 'all time';
  return (
    <section aria-labelledby="learning-totals" className="learning-totals">
      <h2 id="learning-totals">Totals, {period}</h2>
      {totals.isPending ? (
        <Loading label="Adding up your hours…" />
      ) : totals.isError ? (
        <ErrorMessage error={totals.error} />
      ) : totals.data.entries === 0 ? (
        <p className="muted">No logged learning in this period yet.</p>
      ) : (
        <>
          <p className="learning-totals__sum">
            <strong>{hoursOf(totals.data.totalMinutes)} hours</strong> in {totals.data.entries}{' '}
            {totals.data.entries === 1 ? 'entry' : 'entries'}
          </p>
          <div className="grid">
            <HoursTable
              label="By kind"
              heading="Kind"
              rows={totals.data.byKind.map((k) => ({
                key: k.kind,
                name: k.label,
                minutes: k.minutes,
                entries: k.entries,
              }))}
            />
            {totals.data.byCompetency.length > 0 && (
              <HoursTable
                label="By competency"
                heading="Competency"
                rows={totals.data.byCompetency.map((c) => ({
                  key: c.id,
                  name: `${c.code ? `${c.code} ` : ''}${c.statement}`,
                  minutes: c.minutes,
                  entries: c.entries,
                }))}
              />
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** One table of hours and entries per row: by kind, or by competency. */
function HoursTable({
  label,
  heading,
  rows,
}: {
  label: string;
  heading: string;
  rows: { key: string; name: string; minutes: number; entries: number }[];
}) {
  return (
    <TableWrap label={`Hours ${label.toLowerCase()}`}>
      <table>
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col">Hours</th>
            <th scope="col">Entries</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.name}</th>
              <td>{hoursOf(row.minutes)}</td>
              <td>{row.entries}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
