import { PagedTable } from '#web/components/paged-table.tsx';
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
  return (
    <PagedTable
      query={useRosterImports()}
      label="Recent imports"
      headingId={headingId}
      loadingLabel="Loading recent imports…"
      empty={{ title: 'No imports yet.' }}
      columns={['Previewed', 'By', 'Status', 'Counts']}
      noun="imports"
      row={(row) => {
        const when = fullDate.format(new Date(row.createdAt));
        return (
          <>
            <td>
              <time dateTime={row.createdAt}>{when}</time>
            </td>
            <td>{row.actor.name}</td>
            <td>
              {row.appliedAt ? (
                <>
                  Applied <time dateTime={row.appliedAt}>{fullDate.format(new Date(row.appliedAt))}</time>
                </>
              ) : (
                'Preview, not applied'
              )}
            </td>
            <td>{summarize(row.counts, row.appliedAt !== null)}</td>
            <td>
              <OpenButton name={`the import previewed ${when}`} onOpen={() => onOpen(row.id)} />
            </td>
          </>
        );
      }}
    />
  );
}
