/**
 * Network membership: which districts make up a network. A network's administrators list, add and
 * remove member districts; a district's administrator may take their own district out. Leaving
 * ends access at once: network-owned communities, their threads and network-visible content are
 * decided from the district's networks on every request, standings in the network's communities
 * end in the same transaction, and open pages of the district's people re-check what they hear.
 */
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { ForbiddenError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import type { RealtimeSignal } from '#server/platform/realtime.ts';
import type {
  DistrictAdoption,
  DistrictCandidate,
  NetworkDistrict,
  NetworkSummary,
} from '#shared/contracts/networks.ts';
import { endNetworkStandings } from '../communities/index.ts';
import {
  canManageNetworkDistricts,
  canRemoveNetworkDistrict,
  canSeeNetwork,
  networkAbilities,
} from './network-policy.ts';
import * as q from './network-queries.ts';

const NO_SUCH_NETWORK = 'No such network.';

/** The network, once the actor may manage its districts; 404 when it does not exist for them. */
function requireManager(actor: Actor, networkId: string): void {
  if (!canSeeNetwork(actor, networkId)) throw new NotFoundError(NO_SUCH_NETWORK);
  if (!canManageNetworkDistricts(actor, networkId))
    throw new ForbiddenError("Only this network's administrators may change its districts.");
}

/** The networks the actor's district belongs to or that they administer, with what they may do there. */
export async function listMyNetworks(args: { db: Db; actor: Actor }): Promise<NetworkSummary[]> {
  const { actor } = args;
  const found = await q.listNetworks(args.db, [...new Set([...actor.networkIds, ...actor.networkAdminOf])]);
  return found.map((n) => ({
    id: n.id,
    name: n.name,
    memberOfMyDistrict: actor.networkIds.includes(n.id),
    abilities: networkAbilities(actor, n.id),
  }));
}

/** A network's member districts, for its administrators. */
export async function listNetworkDistricts(args: {
  db: Db;
  actor: Actor;
  networkId: string;
}): Promise<NetworkDistrict[]> {
  requireManager(args.actor, args.networkId);
  const found = await q.listNetworkDistricts(args.db, args.networkId);
  return found.map((d) => ({ id: d.id, name: d.name, joinedAt: d.joined_at.toISOString() }));
}

/** Each member district's adoption of Trellis, for the network's administrators. */
export async function listDistrictAdoption(args: {
  db: Db;
  actor: Actor;
  networkId: string;
}): Promise<DistrictAdoption[]> {
  requireManager(args.actor, args.networkId);
  const found = await q.listDistrictAdoption(args.db, args.networkId);
  return found.map((d) => ({
    id: d.id,
    name: d.name,
    staff: d.staff,
    signedIn: d.signed_in,
    activeRecently: d.active_recently,
    communities: d.communities,
    posts: d.posts,
  }));
}

/** Districts a network administrator may add to the network. */
export async function listDistrictCandidates(args: {
  db: Db;
  actor: Actor;
  networkId: string;
}): Promise<DistrictCandidate[]> {
  requireManager(args.actor, args.networkId);
  return q.listDistrictCandidates(args.db, { networkId: args.networkId, limit: 500 });
}

/** Adds a district to a network: its people see the network's communities and content from now on. */
export async function addNetworkDistrict(args: {
  db: Db;
  actor: Actor;
  networkId: string;
  districtId: string;
}): Promise<NetworkDistrict> {
  const { actor } = args;
  requireManager(actor, args.networkId);
  return args.db.transaction(async (tx) => {
    const network = await q.lockNetwork(tx, args.networkId);
    if (!network) throw new NotFoundError(NO_SUCH_NETWORK);
    const district = await q.findDistrict(tx, args.districtId);
    if (!district) throw invalidField('/body/districtId', 'is not a district of this Trellis');
    const inserted = await q.insertNetworkDistrict(tx, { networkId: network.id, districtId: district.id });
    if (!inserted) {
      const current = (await q.listNetworkDistricts(tx, network.id)).find((d) => d.id === district.id);
      if (current) return { id: district.id, name: district.name, joinedAt: current.joined_at.toISOString() };
      throw new NotFoundError(NO_SUCH_NETWORK);
    }
    await recordNetworkChange(tx, { actor, network, district, change: 'added' });
    return { id: district.id, name: district.name, joinedAt: inserted.joined_at.toISOString() };
  });
}

/**
 * Takes a district out of a network. In the same transaction its people's standings in the
 * network's communities end; after commit their open pages re-check every topic they hear.
 */
export async function removeNetworkDistrict(args: {
  db: Db;
  actor: Actor;
  networkId: string;
  districtId: string;
}): Promise<void> {
  const { actor } = args;
  if (!canSeeNetwork(actor, args.networkId)) throw new NotFoundError(NO_SUCH_NETWORK);
  if (!canRemoveNetworkDistrict(actor, args.networkId, args.districtId))
    throw new ForbiddenError(
      "Only this network's administrators, or the district's own administrators, may take a district out.",
    );
  await args.db.transaction(async (tx) => {
    const network = await q.lockNetwork(tx, args.networkId);
    if (!network) throw new NotFoundError(NO_SUCH_NETWORK);
    const removed = await q.deleteNetworkDistrict(tx, { networkId: network.id, districtId: args.districtId });
    if (!removed) throw new NotFoundError('No such district in this network.');
    const ended = await endNetworkStandings(tx, { networkId: network.id, districtId: args.districtId });
    // Every signed-in person of the district: streams re-check their topics against the district's
    // networks as they now are, and pages fetch again.
    const people = new Set([...ended.userIds, ...(await q.listSignedInPeople(tx, args.districtId))]);
    await recordNetworkChange(tx, {
      actor,
      network,
      district: { id: args.districtId, name: removed.name },
      change: 'removed',
      details: { standingsEnded: ended.userIds.length },
      signals: [
        ...ended.signals,
        ...[...people].map((id) => ({ topic: `user:${id}` as const, type: 'access', id: network.id })),
      ],
    });
  });
}

/** The audit entry (in the district's log) and the activity statement of a membership change. */
async function recordNetworkChange(
  tx: Tx,
  args: {
    actor: Actor;
    network: { id: string; name: string };
    district: { id: string; name: string };
    change: 'added' | 'removed';
    details?: Record<string, unknown>;
    signals?: RealtimeSignal[];
  },
): Promise<void> {
  await recordAudit(tx, {
    actorId: args.actor.userId,
    action: args.change === 'added' ? 'network.district_added' : 'network.district_removed',
    target: { type: 'network', id: args.network.id },
    districtId: args.district.id,
    details: {
      networkName: args.network.name,
      districtId: args.district.id,
      districtName: args.district.name,
      ...args.details,
    },
  });
  await recordActivity(tx, {
    actor: args.actor,
    verb: args.change === 'added' ? 'joined' : 'left',
    object: { type: 'network', id: args.network.id, name: args.network.name },
    // The district joined or left: the statement is the district's, not the administrator's school's.
    context: { districtId: args.district.id, schoolId: null, networkId: args.network.id },
    ...(args.signals ? { signals: args.signals } : {}),
  });
}
