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
            <TableWrap label="Hours by kind">
              <table>
                <caption>By kind</caption>
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <th scope="col">Hours</th>
                    <th scope="col">Entries</th>
                  </tr>
                </thead>
                <tbody>
                  {totals.data.byKind.map((k) => (
                    <tr key={k.kind}>
                      <th scope="row">{k.label}</th>
                      <td>{hoursOf(k.minutes)}</td>
                      <td>{k.entries}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            {totals.data.byCompetency.length > 0 && (
              <TableWrap label="Hours by competency">
                <table>
                  <caption>By competency</caption>
                  <thead>
                    <tr>
                      <th scope="col">Competency</th>
                      <th scope="col">Hours</th>
                      <th scope="col">Entries</th>
                    </tr>
                  </thead>
                  <tbody>
                    {totals.data.byCompetency.map((c) => (
                      <tr key={c.id}>
                        <th scope="row">
                          {c.code ? `${c.code} ` : ''}
                          {c.statement}
                        </th>
                        <td>{hoursOf(c.minutes)}</td>
                        <td>{c.entries}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
          </div>
        </>
      )}
    </section>
  );
}
