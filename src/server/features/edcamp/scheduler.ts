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

/** Orders tried besides the order of demand, and the swaps all of them together may weigh. */
const RESTARTS = 8;
const RESTART_SWAPS = 20_000;

/** A small seeded generator (mulberry32), so the same board always gets the same schedule. */
function seededRandom(text: string): () => number {
  let seed = 0;
  for (let i = 0; i < text.length; i++) seed = (Math.imul(seed, 31) + text.charCodeAt(i)) | 0;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Places the sessions in the order given (greedy), then improves the placement by moves and swaps:
 * the sessions of each slot, and those left out.
 */
function arrange(
  order: readonly SchedulerSession[],
  rooms: readonly SchedulerRoom[],
  slots: readonly SchedulerSlot[],
  /** Swaps it may still weigh; none for the first pass, which always finishes. */
  budget?: { left: number },
): { members: Set<string>[]; unscheduled: string[] } {
  const interest = new Map(order.map((s) => [s.id, interestOf(s)]));
  const leaders = new Map(order.map((s) => [s.id, new Set(s.leaderKeys)]));
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
  for (const session of order) {
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
          if (budget && --budget.left < 0) return { members, unscheduled };
          if (leaderClash(a, to, b) || leaderClash(b, from, a)) continue;
          // What a and b would cost after trading places, counted without moving them.
          const mine = interest.get(a) ?? new Set<string>();
          const theirs = interest.get(b) ?? new Set<string>();
          let after = 0;
          for (const key of mine) if ((wantedIn[to].get(key) ?? 0) - (theirs.has(key) ? 1 : 0) >= 1) after++;
          for (const key of theirs)
            if ((wantedIn[from].get(key) ?? 0) - (mine.has(key) ? 1 : 0) >= 1) after++;
          if (after < before + costIn(b, to)) {
            remove(a);
            remove(b);
            add(a, to);
            add(b, from);
            improved = true;
            break;
          }
        }
        if (slotOf.get(a) !== from) break;
      }
    }
    if (!improved) break;
  }
  return { members, unscheduled };
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

  // Greedy in order of demand, then again in a few other orders of the same placed sessions
  // (greedy's result hangs on its order); the fewest conflicts wins, the order of demand on a tie.
  const first = arrange(ranked, rooms, slots);
  const left = new Set(first.unscheduled);
  const placedFirst = ranked.filter((s) => !left.has(s.id));
  const conflictsOf = (members: Set<string>[]) =>
    countConflicts(
      input.sessions,
      members.flatMap((ids, slot) => [...ids].map((sessionId) => ({ sessionId, slotId: String(slot) }))),
    );
  const { unscheduled } = first;
  let { members } = first;
  let fewest = conflictsOf(members);
  const random = seededRandom(ranked.map((s) => s.id).join(','));
  // The swaps weighed, not the time taken, bound the restarts: the same board gets the same
  // schedule on a busy machine as on a quiet one, and a large board still answers at once.
  const budget = { left: RESTART_SWAPS };
  for (let restart = 0; restart < RESTARTS && fewest > 0 && budget.left > 0; restart++) {
    const order = shuffle(placedFirst, random).concat(ranked.filter((s) => left.has(s.id)));
    const next = arrange(order, rooms, slots, budget);
    if (next.unscheduled.length !== left.size || next.unscheduled.some((id) => !left.has(id))) continue;
    const conflicts = conflictsOf(next.members);
    if (conflicts < fewest) {
      members = next.members;
      fewest = conflicts;
    }
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
