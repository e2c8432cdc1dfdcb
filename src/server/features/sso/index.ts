import type { FastifyInstance } from 'fastify';
import type { Tx } from '#server/db/client.ts';
import { defineFeature } from '#server/platform/feature.ts';
import { createSignOnContext } from './context.ts';
import data from './data.ts';
import { findSettings, listProviders, verifiedDomains } from './queries.ts';
import { signOnAdminRoutes, signOnRoutes } from './routes.ts';
import { checkPasswordSignIn } from './sign-in-service.ts';

/** Single sign-on with OpenID Connect: a district's providers and domains, and signing in through them. */
async function routes(app: FastifyInstance): Promise<void> {
  await app.register(signOnAdminRoutes);
  await app.register(signOnRoutes);
}

/**
 * The app's sign-on context, and what single sign-on lends accounts: the rule that refuses password
 * sign-in where a district turned passwords off, and how a district's staff sign in (welcome mail).
 */
function decorate(app: FastifyInstance): void {
  const context = createSignOnContext(app);
  app.decorate('signOn', context);
  app.decorate('passwordSignInRule', (user: { id: string; districtId: string }, tx?: Tx) =>
    checkPasswordSignIn(context, user, tx),
  );
  app.decorate('districtSignIn', async (db: Parameters<typeof listProviders>[0], districtId: string) => {
    const enabled = (await listProviders(db, districtId)).filter((p) => p.enabled);
    if (enabled.length === 0) return { singleSignOn: false };
    return {
      singleSignOn: true,
      providerName: enabled[0].name,
      passwordsAllowed: (await findSettings(db, districtId)).passwordsAllowed,
      verifiedDomains: await verifiedDomains(db, districtId),
    };
  });
}

export default defineFeature({ name: 'sso', routes, decorate, data });

/** Whether an address may be reached over plain http (loopback, outside production, when allowed). */
export { allowsPlainHttp } from './oidc.ts';
