import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireDistrictAdmin } from '#server/platform/auth.ts';
import type { Config } from '#server/platform/config.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  AccessRequestResponse,
  ClaimDomainBody,
  ConfirmDomainBody,
  CreateProviderBody,
  DomainMailBody,
  DomainResponse,
  IdentitiesQuery,
  LinkedIdentitiesResponse,
  ProviderResponse,
  ProviderSignOutResponse,
  SettingsResponse,
  SignOnOptionsQuery,
  SignOnOptionsResponse,
  SignOnOverviewResponse,
  SignOnSettingsBody,
  StartSignOnQuery,
  UpdateProviderBody,
} from '#shared/contracts/sso.ts';
import {
  approveAccessRequest,
  claimDomain,
  confirmDomainMail,
  createProvider,
  declineAccessRequest,
  deleteProvider,
  listLinkedIdentities,
  readSignOn,
  removeDomain,
  saveSignOnSettings,
  sendDomainMail,
  unlinkIdentity,
  updateProvider,
  verifyDomainByDns,
} from './service.ts';
import {
  finishSignOnOrProblem,
  problemPath,
  providerSignOut,
  SignOnRefused,
  signOnOptions,
  startSignOn,
} from './sign-in-service.ts';

/** The cookie that binds a sign-in attempt to the browser that began it. */
const attemptCookieName = (config: Pick<Config, 'secureCookies'>) =>
  config.secureCookies ? '__Host-trellis_sign_on' : 'trellis_sign_on';

const attemptCookie = (config: Config) => ({
  path: '/',
  httpOnly: true,
  // Lax: the provider sends the browser back with a top-level GET, which carries it.
  sameSite: 'lax' as const,
  secure: config.secureCookies,
});

/** A district administrator's single sign-on settings, providers, domains and waiting requests. */
export async function signOnAdminRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['sign-on'];

  app.get(
    '/sso',
    {
      schema: {
        tags,
        summary: 'Read the district’s single sign-on',
        response: { 200: SignOnOverviewResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await readSignOn(app.signOn, actor), abilities: { manage: true } };
    },
  );

  app.put(
    '/sso/settings',
    {
      schema: {
        tags,
        summary: 'Set whether passwords remain allowed and what unknown people may do',
        body: SignOnSettingsBody,
        response: { 200: SettingsResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await saveSignOnSettings(app.signOn, actor, request.body) };
    },
  );

  app.post(
    '/sso/providers',
    {
      schema: {
        tags,
        summary: 'Connect an OpenID Connect provider (checked by discovery first)',
        body: CreateProviderBody,
        response: { 201: ProviderResponse },
      },
    },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      return reply.status(201).send({ data: await createProvider(app.signOn, actor, request.body) });
    },
  );

  app.patch(
    '/sso/providers/:id',
    {
      schema: {
        tags,
        summary: 'Change a provider; a secret left out is kept',
        params: IdParams,
        body: UpdateProviderBody,
        response: { 200: ProviderResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await updateProvider(app.signOn, actor, request.params.id, request.body) };
    },
  );

  app.delete(
    '/sso/providers/:id',
    { schema: { tags, summary: 'Disconnect a provider', params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      await deleteProvider(app.signOn, actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sso/domains',
    {
      schema: {
        tags,
        summary: 'Claim an email domain for the district',
        body: ClaimDomainBody,
        response: { 201: DomainResponse },
      },
    },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      return reply.status(201).send({ data: await claimDomain(app.signOn, actor, request.body.domain) });
    },
  );

  app.post(
    '/sso/domains/:id/verify-dns',
    {
      schema: {
        tags,
        summary: 'Verify a claimed domain by its DNS TXT record',
        params: IdParams,
        response: { 200: DomainResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await verifyDomainByDns(app.signOn, actor, request.params.id) };
    },
  );

  app.post(
    '/sso/domains/:id/verify-mail',
    {
      schema: {
        tags,
        summary: 'Mail a confirmation link to an address at a claimed domain',
        params: IdParams,
        body: DomainMailBody,
        response: { 200: DomainResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await sendDomainMail(app.signOn, actor, request.params.id, request.body.email) };
    },
  );

  app.delete(
    '/sso/domains/:id',
    { schema: { tags, summary: 'Remove a domain claim', params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      await removeDomain(app.signOn, actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/sso/identities',
    {
      schema: {
        tags,
        summary: 'The provider sign-ins linked to a person of the district',
        querystring: IdentitiesQuery,
        response: { 200: LinkedIdentitiesResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await listLinkedIdentities(app.signOn, actor, request.query.email) };
    },
  );

  app.delete(
    '/sso/identities/:id',
    {
      schema: {
        tags,
        summary: 'Unlink a provider sign-in from its account',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      await unlinkIdentity(app.signOn, actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  for (const [verb, decide] of [
    ['approve', approveAccessRequest],
    ['decline', declineAccessRequest],
  ] as const) {
    app.post(
      `/sso/access-requests/:id/${verb}`,
      {
        schema: {
          tags,
          summary: `${verb === 'approve' ? 'Approve' : 'Decline'} a request for an account`,
          params: IdParams,
          response: { 200: AccessRequestResponse },
        },
      },
      async (request) => {
        const actor = requireDistrictAdmin(request);
        return { data: await decide(app.signOn, actor, request.params.id) };
      },
    );
  }
}

/** Signing in with a district's provider, before and after the trip to it. */
export async function signOnRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['sign-on'];
  const cookieName = attemptCookieName(app.config);
  const toProblem = (reply: FastifyReply, error: unknown) => {
    if (error instanceof SignOnRefused) return reply.redirect(problemPath(error.problem), 303);
    throw error;
  };

  app.get(
    '/sso/options',
    {
      schema: {
        tags,
        summary: 'The sign-on providers for an email address’s district',
        security: [],
        querystring: SignOnOptionsQuery,
        response: { 200: SignOnOptionsResponse },
      },
    },
    async (request) => ({ data: await signOnOptions(app.signOn, request.query.email) }),
  );

  app.get(
    '/sso/start',
    {
      schema: {
        tags,
        summary: 'Go to the provider to sign in (a redirect)',
        security: [],
        querystring: StartSignOnQuery,
        response: { 303: z.null() },
      },
    },
    async (request, reply) => {
      try {
        const { url, browserToken } = await startSignOn(app.signOn, {
          providerId: request.query.provider,
          next: request.query.next,
          email: request.query.email,
        });
        reply.setCookie(cookieName, browserToken, { ...attemptCookie(app.config), maxAge: 600 });
        return reply.redirect(url, 303);
      } catch (error) {
        return toProblem(reply, error);
      }
    },
  );

  app.get(
    '/sso/callback',
    {
      schema: {
        tags,
        summary: 'Where the provider sends the person back (a redirect)',
        security: [],
        response: { 303: z.null() },
      },
    },
    async (request, reply) => {
      const browserToken = request.cookies[cookieName];
      reply.clearCookie(cookieName, attemptCookie(app.config));
      const next = await finishSignOnOrProblem(app.signOn, { request, reply, browserToken });
      return reply.redirect(next, 303);
    },
  );

  app.post(
    '/sso/domains/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm a domain with the token its confirmation mail carried',
        security: [],
        body: ConfirmDomainBody,
        response: { 200: DomainResponse },
      },
      config: { authLimited: true },
    },
    async (request) => ({ data: await confirmDomainMail(app.signOn, request.body.token) }),
  );

  app.get(
    '/sso/provider-sign-out',
    {
      schema: {
        tags,
        summary: 'The provider’s own sign-out page for the person, where it has one',
        response: { 200: ProviderSignOutResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { data: await providerSignOut(app.signOn, actor) };
    },
  );
}
