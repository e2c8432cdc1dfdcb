/**
 * Signing in through a district's provider (decision 044). An identity is the provider's issuer and
 * subject (Entra: its tenant and object ids); a first sign-in links it to an account only when the
 * provider asserts a verified email in a domain that the provider's own district has verified, and
 * an account is only ever of that district.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { openInvitedAccount } from '#server/features/accounts/index.ts';
import type { Tx } from '#server/db/client.ts';
import { type Actor, startSession } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { ForbiddenError } from '#server/platform/errors.ts';
import { decryptSecret } from '#server/platform/secret-box.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { sameOriginPath } from '#shared/next-path.ts';
import type { SignOnProblem } from '#shared/contracts/sso.ts';
import { postLogoutRedirectUri, redirectUri, type SignOnContext, secretContext } from './context.ts';
import {
  authorizationUrl,
  type Claims,
  exchangeCode,
  newAttemptSecrets,
  type ProviderAccess,
  providerSignOutUrl,
  SignOnResponseError,
} from './oidc.ts';
import * as q from './queries.ts';

/** How long a person has to come back from their provider. */
const ATTEMPT_MINUTES = 10;
/** How long after a declined request for an account the same person may ask again. */
const DECLINED_REQUEST_COOLDOWN_HOURS = 24;

/** A sign-on that ended without a session, with the reason the web app explains. */
export class SignOnRefused extends Error {
  constructor(readonly problem: SignOnProblem) {
    super(problem);
  }
}

async function access(ctx: SignOnContext, provider: q.ProviderRow): Promise<ProviderAccess> {
  // A sample configuration without a secret cannot be enabled; should one be, it signs no one in.
  if (provider.clientSecretEncrypted === '') throw new SignOnRefused('disabled');
  return {
    id: provider.id,
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: decryptSecret(
      await ctx.secretKey(),
      provider.clientSecretEncrypted,
      secretContext(provider.id),
    ),
    version: provider.updatedAt.toISOString(),
  };
}

/** The providers someone with this address may sign in with, and whether passwords remain allowed. */
export async function signOnOptions(ctx: SignOnContext, email: string) {
  const domain = email.split('@')[1] ?? '';
  const providers = await q.providersForDomain(ctx.db, domain);
  const districtId = providers[0]?.districtId;
  const settings = districtId ? await q.findSettings(ctx.db, districtId) : null;
  return {
    providers: providers.map(({ id, name, kind }) => ({ id, name, kind })),
    passwordsAllowed: settings?.passwordsAllowed ?? true,
  };
}

/**
 * Starts a sign-in: remembers a fresh state, nonce and PKCE verifier, bound to the browser by a
 * token its cookie carries, and answers with the provider's address to send the person to.
 */
export async function startSignOn(
  ctx: SignOnContext,
  args: { providerId: string; next?: string; email?: string },
): Promise<{ url: string; browserToken: string }> {
  const provider = await q.findProvider(ctx.db, args.providerId);
  if (!provider?.enabled) throw new SignOnRefused('disabled');
  let config: Awaited<ReturnType<typeof ctx.directory.configuration>>;
  try {
    config = await ctx.directory.configuration(await access(ctx, provider));
  } catch (error) {
    ctx.log.warn({ err: error, providerId: provider.id }, 'sign-on provider unreachable');
    throw new SignOnRefused('provider_unreachable');
  }
  const secrets = newAttemptSecrets();
  const browserToken = newToken();
  await q.insertAttempt(ctx.db, {
    providerId: provider.id,
    stateHash: hashToken(secrets.state),
    browserHash: hashToken(browserToken),
    nonce: secrets.nonce,
    codeVerifier: secrets.codeVerifier,
    nextPath: sameOriginPath(args.next),
    expiresAt: new Date(Date.now() + ATTEMPT_MINUTES * 60_000),
  });
  const url = await authorizationUrl(config, {
    redirectUri: redirectUri(ctx.config),
    ...secrets,
    loginHint: args.email,
  });
  return { url: url.toString(), browserToken };
}

/**
 * Finishes a sign-in the provider sent back: the attempt is taken once, by its state and the browser
 * that began it; openid-client checks the code, PKCE, nonce and ID token; then the identity is
 * linked and the session started. Returns where to send the person.
 */
export async function finishSignOn(
  ctx: SignOnContext,
  args: { request: FastifyRequest; reply: FastifyReply; browserToken: string | undefined },
): Promise<string> {
  const callback = new URL(args.request.url, ctx.config.PUBLIC_URL);
  const state = callback.searchParams.get('state');
  if (!state || !args.browserToken) throw new SignOnRefused('expired');
  const attempt = await q.takeAttempt(ctx.db, hashToken(state));
  if (!attempt || attempt.browserHash !== hashToken(args.browserToken)) throw new SignOnRefused('expired');
  const provider = await q.findProvider(ctx.db, attempt.providerId);
  if (!provider?.enabled) throw new SignOnRefused('disabled');
  let claims: Claims;
  try {
    const config = await ctx.directory.configuration(await access(ctx, provider));
    claims = await exchangeCode(config, callback, {
      state,
      nonce: attempt.nonce,
      codeVerifier: attempt.codeVerifier,
    });
  } catch (error) {
    ctx.log.warn({ err: error, providerId: provider.id }, 'sign-on response refused');
    throw new SignOnRefused(error instanceof SignOnResponseError ? error.reason : 'provider_unreachable');
  }
  const requested = await ctx.db.transaction(async (tx) => {
    const userId = await linkedAccount(tx, provider, claims);
    if (userId === REQUESTED) return true;
    await startSession(tx, ctx.config, args.reply, args.request, userId);
    return false;
  });
  // The request is kept (committed), and the person told it waits for an administrator.
  if (requested) throw new SignOnRefused('requested');
  return attempt.nextPath;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The identity's subject: Entra's pinned tenant and object id; elsewhere the provider's subject. */
function subjectOf(provider: q.ProviderRow, claims: Claims): string {
  if (provider.kind !== 'entra') return claims.sub;
  const tid = text(claims.tid).toLowerCase();
  if (!provider.tenantId || tid !== provider.tenantId.toLowerCase()) throw new SignOnRefused('wrong_tenant');
  const oid = text(claims.oid);
  if (!oid) throw new SignOnRefused('invalid_response');
  return `${tid}:${oid}`;
}

/** Whether the provider vouches for the email: Entra through its domain-owner claim (decision 044). */
function emailVerified(provider: q.ProviderRow, claims: Claims): boolean {
  if (claims.email_verified === true) return true;
  return provider.kind === 'entra' && claims.xms_edov === true;
}

function nameOf(claims: Claims, email: string): string {
  const name =
    text(claims.name) || [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return (name || email.split('@')[0]).slice(0, 120);
}

/** Said instead of an account when an unknown person's request for one was recorded. */
const REQUESTED = Symbol('requested');

/** The account of the provider's district this identity signs in to, linking it on first use. */
async function linkedAccount(
  tx: Tx,
  provider: q.ProviderRow,
  claims: Claims,
): Promise<string | typeof REQUESTED> {
  const districtId = provider.districtId;
  const issuer = claims.iss;
  const subject = subjectOf(provider, claims);
  const domains = await q.verifiedDomains(tx, districtId);
  if (provider.kind === 'google') {
    // Google's hosted domain says the account is the Workspace's, not a personal one.
    const hd = text(claims.hd).toLowerCase();
    if (!hd || !domains.includes(hd)) throw new SignOnRefused('wrong_hosted_domain');
  }
  const identity = await q.findIdentity(tx, issuer, subject);
  if (identity) {
    if (identity.districtId !== districtId) throw new SignOnRefused('other_district');
    if (identity.status !== 'active') throw new SignOnRefused('deactivated');
    await q.touchIdentity(tx, identity.id, provider.id);
    return identity.userId;
  }

  const email = text(claims.email).toLowerCase();
  if (!email.includes('@') || !emailVerified(provider, claims)) throw new SignOnRefused('unverified_email');
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (!domains.includes(domain)) {
    const owner = await q.verifiedOwner(tx, domain);
    throw new SignOnRefused(owner ? 'other_district' : 'unclaimed_domain');
  }
  if (provider.kind === 'google' && domain !== text(claims.hd).toLowerCase())
    throw new SignOnRefused('wrong_hosted_domain');

  const user = await q.findUserByEmail(tx, email);
  let userId: string;
  if (user) {
    if (user.districtId !== districtId) throw new SignOnRefused('other_district');
    if (user.status !== 'active') throw new SignOnRefused('deactivated');
    // An account already linked to another identity at this issuer is not taken over by a new one
    // (a recycled address at the provider): an administrator unlinks the old one first.
    if (await q.hasIdentityAt(tx, user.id, issuer)) throw new SignOnRefused('unknown_person');
    // An administrator's account is never linked by an email a provider asserts: whoever the
    // provider gives that address to would hold the district (decision 044). Administrators keep
    // their password.
    if (await q.holdsAdministratorRole(tx, user.id)) throw new SignOnRefused('administrator_account');
    userId = user.id;
  } else {
    const opened = await openInvitedAccount(tx, { districtId, email, name: nameOf(claims, email) });
    if (!opened) {
      const settings = await q.findSettings(tx, districtId);
      if (settings.unknownPeople !== 'request') throw new SignOnRefused('unknown_person');
      // A declined request is not filed again at once: the administrator's answer stands a day.
      const since = new Date(Date.now() - DECLINED_REQUEST_COOLDOWN_HOURS * 3_600_000);
      if (await q.declinedSince(tx, { districtId, issuer, subject, since }))
        throw new SignOnRefused('request_declined');
      await q.insertAccessRequest(tx, {
        districtId,
        providerId: provider.id,
        issuer,
        subject,
        email,
        name: nameOf(claims, email),
      });
      return REQUESTED;
    }
    userId = opened;
  }
  await q.insertIdentity(tx, { userId, providerId: provider.id, issuer, subject });
  await recordAudit(tx, {
    actorId: userId,
    action: 'sign_on.identity_linked',
    target: { type: 'user', id: userId },
    districtId,
    details: { provider: provider.name, issuer, email },
  });
  return userId;
}

/** Runs a sign-on's finish and says where the browser goes: the next page, or the problem page. */
export async function finishSignOnOrProblem(
  ctx: SignOnContext,
  args: Parameters<typeof finishSignOn>[1],
): Promise<string> {
  try {
    return await finishSignOn(ctx, args);
  } catch (error) {
    if (error instanceof SignOnRefused) return problemPath(error.problem);
    throw error;
  }
}

export const problemPath = (problem: SignOnProblem) => `/sign-on/problem?reason=${problem}`;

/** The provider's sign-out page for the person's last sign-on provider, where it has one. */
export async function providerSignOut(
  ctx: SignOnContext,
  actor: Actor,
): Promise<{ providerName: string; url: string } | null> {
  const provider = await q.lastUsedProvider(ctx.db, actor.userId);
  if (!provider || provider.districtId !== actor.districtId) return null;
  try {
    const config = await ctx.directory.configuration(await access(ctx, provider));
    const url = providerSignOutUrl(config, postLogoutRedirectUri(ctx.config));
    return url ? { providerName: provider.name, url } : null;
  } catch {
    // Trellis's own sign-out never waits on an unreachable provider.
    return null;
  }
}

/**
 * Refuses a password sign-in when the person's district has turned passwords off. District
 * administrators keep their password (the break-glass way in when a provider fails); each such
 * sign-in is audited.
 */
export async function checkPasswordSignIn(
  ctx: SignOnContext,
  user: { id: string; districtId: string },
  db: Tx = ctx.db,
): Promise<void> {
  const settings = await q.findSettings(db, user.districtId);
  if (settings.passwordsAllowed) return;
  if (await q.isDistrictAdministrator(db, user.id, user.districtId)) {
    await db.transaction((tx) =>
      recordAudit(tx, {
        actorId: user.id,
        action: 'sign_on.password_break_glass',
        target: { type: 'user', id: user.id },
        districtId: user.districtId,
      }),
    );
    return;
  }
  const providers = (await q.listProviders(db, user.districtId)).filter((p) => p.enabled);
  const names = providers.map((p) => `“Sign in with ${p.name}”`).join(' or ');
  throw new ForbiddenError(
    `Your district signs its staff in with its own account, not a Trellis password: use ${names || 'your district’s sign-in'} on the sign-in page.`,
  );
}
