/**
 * Who may change which districts make up a network, as pure functions. Services call them; the web
 * app reads the abilities they produce.
 */
import type { Role } from '#server/db/schema.ts';
import type { NetworkAbilities } from '#shared/contracts/networks.ts';

export interface NetworkActor {
  districtId: string;
  roles: readonly Role[];
  /** Networks the actor's home district belongs to. */
  networkIds: readonly string[];
  /** Networks the actor administers. */
  networkAdminOf: readonly string[];
}

const administersDistrict = (actor: NetworkActor) =>
  actor.roles.includes('district_admin') || actor.roles.includes('platform_admin');

/** Whether the network exists for the actor: their district belongs to it, or they administer it. */
export function canSeeNetwork(actor: NetworkActor, networkId: string): boolean {
  return actor.networkIds.includes(networkId) || actor.networkAdminOf.includes(networkId);
}

/** Listing, adding and removing member districts: the network's administrators. */
export function canManageNetworkDistricts(actor: NetworkActor, networkId: string): boolean {
  return actor.networkAdminOf.includes(networkId);
}

/**
 * Taking a district out of a network: the network's administrators, or an administrator of that
 * district whose district belongs to the network.
 */
export function canRemoveNetworkDistrict(
  actor: NetworkActor,
  networkId: string,
  districtId: string,
): boolean {
  if (canManageNetworkDistricts(actor, networkId)) return true;
  return (
    administersDistrict(actor) && actor.districtId === districtId && actor.networkIds.includes(networkId)
  );
}

export function networkAbilities(actor: NetworkActor, networkId: string): NetworkAbilities {
  return {
    manageDistricts: canManageNetworkDistricts(actor, networkId),
    leave:
      actor.networkIds.includes(networkId) && canRemoveNetworkDistrict(actor, networkId, actor.districtId),
  };
}
