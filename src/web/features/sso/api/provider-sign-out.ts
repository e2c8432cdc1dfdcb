import type { z } from 'zod';
import type { ProviderSignOutResponse } from '#shared/contracts/sso.ts';
import { api } from '#web/lib/api-client.ts';

/** The provider's own sign-out page for the signed-in person, asked just before Trellis's sign-out. */
export async function providerSignOut() {
  const { data } = await api<z.infer<typeof ProviderSignOutResponse>>('/sso/provider-sign-out');
  return data;
}
