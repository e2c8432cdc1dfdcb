import type { EdcampBoardStatus } from '#shared/contracts/edcamp.ts';

/**
 * Who may do what on an edcamp board (decision 084).
 *
 * - The board is seen by whoever may see its event, and by the guests of this board while it admits
 *   guests; anyone else is told it does not exist (404).
 * - The event's organizers arrange the grid, change rooms and slots, close the board and see the
 *   join code.
 * - While the board is open, every participant (person or guest) proposes and votes.
 * - A proposer withdraws their own session until it is placed; an organizer, any session nobody
 *   has marked as attended.
 * - Signed-in people mark the session they went to in a slot, once that slot has begun.
 */
export interface BoardStanding {
  organizer: boolean;
  /** A signed-in person (not a guest). */
  person: boolean;
  status: EdcampBoardStatus;
}

export const canOrganize = (s: BoardStanding) => s.organizer;
export const canPropose = (s: BoardStanding) => s.status === 'open';
export const canVote = (s: BoardStanding) => s.status === 'open';

export function canWithdraw(
  s: BoardStanding,
  session: { mine: boolean; placed: boolean; attended: number },
): boolean {
  if (session.attended > 0) return false;
  return s.organizer || (session.mine && !session.placed);
}

/** People may say they went from the start of the slot (a few minutes early, as rooms fill). */
export const ATTEND_EARLY_MS = 10 * 60_000;

export function canAttend(
  s: BoardStanding,
  session: { placed: boolean; slotStartsAt: Date | null },
  now = new Date(),
): boolean {
  return (
    s.person &&
    session.placed &&
    session.slotStartsAt !== null &&
    session.slotStartsAt.getTime() - ATTEND_EARLY_MS <= now.getTime()
  );
}
