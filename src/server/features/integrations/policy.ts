import type { Actor } from '#server/platform/auth.ts';
import { isDistrictAdmin } from '#server/platform/auth.ts';
import type { ApiClientAbilities } from '#shared/contracts/integrations.ts';

/** Only a district's administrators see and manage its API clients, and only their own district's. */
export function canManageApiClients(actor: Actor, districtId: string): boolean {
  return isDistrictAdmin(actor) && actor.districtId === districtId;
}

/** What an administrator may do to one client: nothing once it is revoked. */
export function apiClientAbilities(client: { revokedAt: Date | null; previousSecretHash: string | null }) {
  const live = client.revokedAt === null;
  return {
    rotate: live && client.previousSecretHash === null,
    retirePreviousSecret: live && client.previousSecretHash !== null,
    revoke: live,
  } satisfies ApiClientAbilities;
}
