import type { ReactNode } from 'react';
import { EmptyState, ErrorMessage, Loading } from './feedback.tsx';
import { LoadMore, type Pager } from './paged-list.tsx';
import { TableWrap } from './table-wrap.tsx';

/**
 * A paged list shown as a table: loading, its error or its empty state until it has rows; each row
 * ends with its actions (a column only screen readers hear named); "Load more" below.
 */
export function PagedTable<T extends { id: string }>({
  query,
  label,
  headingId,
  loadingLabel,
  empty,
  columns,
  noun,
  row,
}: {
  query: Pager & {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: { pages: Array<{ data: T[] }> } | undefined;
  };
  /** The scrolling region's name. */
  label: string;
  /** The heading that names the table. */
  headingId: string;
  loadingLabel: string;
  /** Said when there are no rows: the title, and what to do first if anything. */
  empty: { title: string; body?: ReactNode };
  /** The headers of the columns before the actions. */
  columns: string[];
  /** What the rows are, as "Load more …" says it. */
  noun: string;
  /** The cells of one row, its actions last. */
  row: (item: T) => ReactNode;
}) {
  if (query.isPending) return <Loading label={loadingLabel} />;
  if (query.isError) return <ErrorMessage error={query.error} />;
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  if (rows.length === 0) return <EmptyState title={empty.title}>{empty.body}</EmptyState>;
  return (
    <>
      <TableWrap label={label}>
        <table aria-labelledby={headingId}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((item) => (
              <tr key={item.id}>{row(item)}</tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <LoadMore query={query} noun={noun} />
    </>
  );
}
