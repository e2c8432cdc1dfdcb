import type { ReactNode } from 'react';
import { ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import { type CycleFilters, useCycleList } from '../../api/cycles.ts';
import { CycleCard } from './cycle-card.tsx';

/** A list of cycles from one of the list endpoints, a page at a time. */
export function CycleList({
  path,
  filters,
  empty,
}: {
  path: string;
  filters: CycleFilters;
  empty: ReactNode;
}) {
  const list = useCycleList(path, filters);
  if (list.isPending) return <Loading label="Loading cycles…" />;
  if (list.error) return <ErrorMessage error={list.error} />;
  const cycles = list.data.pages.flatMap((p) => p.data);
  if (cycles.length === 0) return <>{empty}</>;
  return (
    <>
      <ul className="cycle-list">
        {cycles.map((c) => (
          <CycleCard key={c.id} cycle={c} />
        ))}
      </ul>
      <LoadMore query={list} noun="cycles" />
    </>
  );
}
