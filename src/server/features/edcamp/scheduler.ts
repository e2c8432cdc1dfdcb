/**
 * Proposes an edcamp schedule (decision 083): which proposed sessions go into which room at which
 * time. Pure: it reads the board as plain data and answers a grid, so it is tested on hand-made
 * boards and runs the same on the server and in a test.
 *
 * What a good schedule is, in order:
 * 1. A leader is never in two places: sessions that share a leader never share a slot (hard).
 * 2. The most wanted sessions get a place when there are more sessions than cells.
 * 3. Few voter conflicts: two sessions in one slot that the same person wants to attend cost that
 *    person one missed session (a leader counts as wanting their own session).
 * 4. Within a slot, the bigger rooms hold the more wanted sessions.
 *
 * Greedy, then local improvement: sessions are placed most-wanted first in the slot where they
 * cost the fewest conflicts, then single moves and pairwise swaps between slots are taken while
 * they lower the count. It finds no proven optimum (the problem is graph colouring with
 * capacities), but on boards of edcamp size (tens of sessions, a few hundred people) it settles
 * in milliseconds and leaves few conflicts.
 */

export interface SchedulerRoom {
  id: string;
  capacity: number;
}

export interface SchedulerSlot {
  id: string;
}

export interface SchedulerSession {
  id: string;
  /** Who leads it: never in two sessions of one slot. */
  leaderKeys: readonly string[];
  /** Who voted to attend it. */
  voterKeys: readonly string[];
}

export interface Placement {
  sessionId: string;
  roomId: string;
  slotId: string;
}

export interface ProposedSchedule {
  placements: Placement[];
  /** Sessions left out: no cell was left, or every slot had one of their leaders already. */
  unscheduled: string[];
  /** Missed sessions the schedule leaves: see `countConflicts`. */
  conflicts: number;
}

/** Interest in a session: its voters and its leaders, once each. */
const interestOf = (session: SchedulerSession) => new Set([...session.voterKeys, ...session.leaderKeys]);

/** Votes first, then the earlier proposal (ids are time-ordered), so the order is stable. */
function byDemand(a: SchedulerSession, b: SchedulerSession): number {
  return b.voterKeys.length - a.voterKeys.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The voter conflicts of a grid: for each slot and each person, the sessions they want in that slot
 * beyond the first one (a person wanting three sessions of one slot misses two).
 */
export function countConflicts(
  sessions: readonly SchedulerSession[],
  placements: readonly Pick<Placement, 'sessionId' | 'slotId'>[],
): number {
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const wanted = new Map<string, Map<string, number>>();
  for (const { sessionId, slotId } of placements) {
    const session = byId.get(sessionId);
    if (!session) continue;
    const counts = wanted.get(slotId) ?? new Map<string, number>();
    wanted.set(slotId, counts);
    for (const key of interestOf(session)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let conflicts = 0;
  for (const counts of wanted.values()) for (const n of counts.values()) conflicts += n - 1;
  return conflicts;
}

/** Proposes a schedule for the board; deterministic for the same input. */
export function proposeSchedule(input: {
  rooms: readonly SchedulerRoom[];
  slots: readonly SchedulerSlot[];
  sessions: readonly SchedulerSession[];
}): ProposedSchedule {
  const { rooms, slots } = input;
  const ranked = [...input.sessions].sort(byDemand);
  if (rooms.length === 0 || slots.length === 0)
    return { placements: [], unscheduled: ranked.map((s) => s.id), conflicts: 0 };

  const interest = new Map(ranked.map((s) => [s.id, interestOf(s)]));
  const leaders = new Map(ranked.map((s) => [s.id, new Set(s.leaderKeys)]));
  /** Per slot: the sessions in it, and how many of them each person wants. */
  const members: Set<string>[] = slots.map(() => new Set());
  const wantedIn: Map<string, number>[] = slots.map(() => new Map());
  const slotOf = new Map<string, number>();

  const leaderClash = (sessionId: string, slot: number, ignore?: string) => {
    const own = leaders.get(sessionId) ?? new Set();
    if (own.size === 0) return false;
    for (const other of members[slot]) {
      if (other === sessionId || other === ignore) continue;
      for (const key of leaders.get(other) ?? []) if (own.has(key)) return true;
    }
    return false;
  };
  /** Conflicts the session adds to the slot (or costs there, when it is in it already). */
  const costIn = (sessionId: string, slot: number) => {
    const inside = slotOf.get(sessionId) === slot;
    let cost = 0;
    for (const key of interest.get(sessionId) ?? [])
      if ((wantedIn[slot].get(key) ?? 0) > (inside ? 1 : 0)) cost++;
    return cost;
  };
  const add = (sessionId: string, slot: number) => {
    members[slot].add(sessionId);
    slotOf.set(sessionId, slot);
    const counts = wantedIn[slot];
    for (const key of interest.get(sessionId) ?? []) counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const remove = (sessionId: string) => {
    const slot = slotOf.get(sessionId);
    if (slot === undefined) return;
    members[slot].delete(sessionId);
    slotOf.delete(sessionId);
    const counts = wantedIn[slot];
    for (const key of interest.get(sessionId) ?? []) {
      const n = (counts.get(key) ?? 0) - 1;
      if (n > 0) counts.set(key, n);
      else counts.delete(key);
    }
  };

  // Greedy: most wanted first, each into the slot with a free room where it costs least (the
  // emptier slot, then the earlier one, on a tie).
  const unscheduled: string[] = [];
  for (const session of ranked) {
    let best = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let slot = 0; slot < slots.length; slot++) {
      if (members[slot].size >= rooms.length || leaderClash(session.id, slot)) continue;
      const cost = costIn(session.id, slot);
      if (cost < bestCost || (cost === bestCost && members[slot].size < members[best].size)) {
        best = slot;
        bestCost = cost;
      }
    }
    if (best === -1) unscheduled.push(session.id);
    else add(session.id, best);
  }

  // Local improvement: move a session to a slot with a free room, or swap two sessions of
  // different slots, whenever that lowers the conflicts; stop when nothing does (or after enough
  // rounds that a large board still answers at once).
  const placed = () => [...slotOf.keys()];
  for (let round = 0; round < 50; round++) {
    let improved = false;
    for (const a of placed()) {
      const from = slotOf.get(a);
      if (from === undefined) continue;
      for (let to = 0; to < slots.length; to++) {
        if (to === from) continue;
        const before = costIn(a, from);
        if (before === 0) break;
        if (members[to].size < rooms.length && !leaderClash(a, to)) {
          if (costIn(a, to) < before) {
            remove(a);
            add(a, to);
            improved = true;
            break;
          }
          continue;
        }
        for (const b of [...members[to]]) {
          if (leaderClash(a, to, b) || leaderClash(b, from, a)) continue;
          const current = before + costIn(b, to);
          remove(a);
          remove(b);
          add(a, to);
          add(b, from);
          if (costIn(a, to) + costIn(b, from) < current) {
            improved = true;
            break;
          }
          remove(a);
          remove(b);
          add(a, from);
          add(b, to);
        }
        if (slotOf.get(a) !== from) break;
      }
    }
    if (!improved) break;
  }

  // Rooms: within each slot the most wanted session takes the biggest room.
  const roomsBySize = [...rooms].sort((a, b) => b.capacity - a.capacity || (a.id < b.id ? -1 : 1));
  const placements: Placement[] = [];
  for (const [index, slot] of slots.entries()) {
    const inSlot = ranked.filter((s) => members[index].has(s.id));
    for (const [i, session] of inSlot.entries())
      placements.push({ sessionId: session.id, roomId: roomsBySize[i].id, slotId: slot.id });
  }
  return { placements, unscheduled, conflicts: countConflicts(input.sessions, placements) };
}
