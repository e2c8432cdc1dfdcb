import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import type { RosterCounts } from '#shared/contracts/roster.ts';
import { useRosterImports } from '../api/list-roster-imports.ts';
import { OpenButton } from './roster-plan.tsx';

const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** What an applied import did, or what a preview would do: a preview created no one. */
export function summarize(counts: RosterCounts, applied: boolean): string {
  const { users, schools } = counts;
  const parts = applied
    ? [
        `${users.create} staff created`,
        `${users.update} updated`,
        `${users.deactivate} deactivated`,
        `${schools.create} schools created`,
      ]
    : [
        `would create ${users.create} staff`,
        `update ${users.update}`,
        `deactivate ${users.deactivate}`,
        `create ${schools.create} schools`,
      ];
  return [...parts, `${counts.rejected} rows rejected`].join(', ');
}

/** The district's recent imports, each with a way to open its plan. */
export function RosterImportList({ headingId, onOpen }: { headingId: string; onOpen: (id: string) => void }) {
  const imports = useRosterImports();
  if (imports.isPending) return <Loading label="Loading recent imports…" />;
  if (imports.isError) return <ErrorMessage error={imports.error} />;
  const rows = imports.data.pages.flatMap((p) => p.data);
  if (rows.length === 0) return <EmptyState title="No imports yet." />;
  return (
    <>
      <TableWrap label="Recent imports">
        <table aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">Previewed</th>
              <th scope="col">By</th>
              <th scope="col">Status</th>
              <th scope="col">Counts</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const when = fullDate.format(new Date(row.createdAt));
              return (
                <tr key={row.id}>
                  <td>
                    <time dateTime={row.createdAt}>{when}</time>
                  </td>
                  <td>{row.actor.name}</td>
                  <td>
                    {row.appliedAt ? (
                      <>
                        Applied{' '}
                        <time dateTime={row.appliedAt}>{fullDate.format(new Date(row.appliedAt))}</time>
                      </>
                    ) : (
                      'Preview, not applied'
                    )}
                  </td>
                  <td>{summarize(row.counts, row.appliedAt !== null)}</td>
                  <td>
                    <OpenButton name={`the import previewed ${when}`} onOpen={() => onOpen(row.id)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <LoadMore query={imports} noun="imports" />
    </>
  );
}
