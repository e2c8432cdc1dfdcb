import { useRef, useState } from 'react';

/** What a list's infinite query offers to page on (react-query's infinite query result). */
export interface Pager {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<{ hasNextPage: boolean }>;
}

/**
 * The "Load more" footer of a paged list. When the last page arrives the button goes away, so the
 * keyboard's focus moves to a short note saying everything is shown instead of being lost.
 */
export function LoadMore({ query, noun }: { query: Pager; noun: string }) {
  const [ended, setEnded] = useState(false);
  const endRef = useRef<HTMLParagraphElement>(null);
  if (!query.hasNextPage)
    return ended ? (
      <p ref={endRef} tabIndex={-1} className="muted" onBlur={() => setEnded(false)}>
        All {noun} shown.
      </p>
    ) : null;
  return (
    <p>
      <button
        type="button"
        className="button button--secondary"
        disabled={query.isFetchingNextPage}
        onClick={async () => {
          const next = await query.fetchNextPage();
          if (!next.hasNextPage) {
            setEnded(true);
            requestAnimationFrame(() => endRef.current?.focus());
          }
        }}
      >
        {query.isFetchingNextPage ? `Loading more ${noun}…` : `Load more ${noun}`}
      </button>
    </p>
  );
}

/** The polite status line above a list of search results: searching, none, or how many are shown. */
export function ResultCount({
  query,
  count,
  none,
  one,
  many,
}: {
  query: { isPending: boolean; isError: boolean; hasNextPage?: boolean };
  count: number;
  /** Said when nothing matches. */
  none: string;
  one: string;
  many: string;
}) {
  // With nothing found the page shows its empty state; the count is then said to screen readers only,
  // so the page does not say "nothing" twice.
  const nothing = !query.isPending && !query.isError && count === 0;
  return (
    <p role="status" className={nothing ? 'visually-hidden' : 'muted'}>
      {query.isPending
        ? 'Searching…'
        : query.isError
          ? ''
          : count === 0
            ? none
            : `${count} ${count === 1 ? one : many} shown${query.hasNextPage ? ', more available' : ''}.`}
    </p>
  );
}
