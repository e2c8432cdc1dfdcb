/**
 * A district administrator's single sign-on: the providers, the domains the district proves it
 * controls, whether passwords remain allowed, and the requests of people the district does not know
 * yet. Every change is checked before anything is written and lands in the audit log.
 */
import { uuidv7 } from 'uuidv7';
import { openApprovedAccount } from '#server/features/accounts/index.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import { ConflictError, invalidField, NotFoundError } from '#server/platform/errors.ts';
import { decryptSecret, encryptSecret } from '#server/platform/secret-box.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import type {
  AccessRequest,
  CreateProviderBody,
  Domain,
  LinkedIdentity,
  Provider,
  SignOnOverview,
  SignOnSettings,
  UpdateProviderBody,
} from '#shared/contracts/sso.ts';
import { postLogoutRedirectUri, redirectUri, type SignOnContext, secretContext } from './context.ts';
import {
  CONFIRMATION_MAILBOXES,
  findTxtRecord,
  isPublicMailDomain,
  txtRecordName,
  txtRecordValue,
} from './domain-check.ts';
import { issuerProblem, ProviderUnreachableError } from './oidc.ts';
import * as q from './queries.ts';

const MAIL_TOKEN_HOURS = 48;

function presentProvider(ctx: SignOnContext, row: q.ProviderRow): Provider {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: row.clientSecretEncrypted === '' ? 'not_set' : 'set',
    tenantId: row.tenantId,
    enabled: row.enabled,
    redirectUri: redirectUri(ctx.config),
    postLogoutRedirectUri: postLogoutRedirectUri(ctx.config),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function presentDomain(row: q.DomainRow): Domain {
  return {
    id: row.id,
    domain: row.domain,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    verifiedBy: row.verifiedBy,
    txtName: txtRecordName(row.domain),
    txtValue: txtRecordValue(row.txtToken),
    mailSentTo: row.verifiedAt ? null : row.mailSentTo,
    createdAt: row.createdAt.toISOString(),
  };
}

function presentRequest(row: q.AccessRequestRow): AccessRequest {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    providerName: row.providerName,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The district's sign-on settings, providers, domains and waiting requests. */
export async function readSignOn(ctx: SignOnContext, actor: Actor): Promise<SignOnOverview> {
  const [settings, providers, domains, requests] = await Promise.all([
    q.findSettings(ctx.db, actor.districtId),
    q.listProviders(ctx.db, actor.districtId),
    q.listDomains(ctx.db, actor.districtId),
    q.listPendingRequests(ctx.db, actor.districtId),
  ]);
  return {
    settings,
    providers: providers.map((p) => presentProvider(ctx, p)),
    domains: domains.map(presentDomain),
    accessRequests: requests.map(presentRequest),
  };
}

/** Sets whether passwords remain allowed and what unknown people may do. */
export async function saveSignOnSettings(
  ctx: SignOnContext,
  actor: Actor,
  settings: SignOnSettings,
): Promise<SignOnSettings> {
  return ctx.db.transaction(async (tx) => {
    const before = await q.findSettings(tx, actor.districtId);
    if (!settings.passwordsAllowed) {
      const providers = await q.listProviders(tx, actor.districtId);
      if (!providers.some((p) => p.enabled))
        throw invalidField(
          '/body/passwordsAllowed',
          'Connect and enable a sign-on provider before turning passwords off, or nobody could sign in.',
        );
    }
    await q.saveSettings(tx, actor.districtId, settings);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'sign_on.settings_changed',
      target: { type: 'district', id: actor.districtId },
      districtId: actor.districtId,
      details: { from: before, to: settings },
    });
    return settings;
  });
}

/** Checks the issuer can be reached as an OpenID provider; throws naming the field when not. */
async function checkProvider(
  ctx: SignOnContext,
  access: { kind: string; issuer: string; clientId: string; clientSecret: string; tenantId: string | null },
): Promise<void> {
  const problem = issuerProblem(ctx.config, access.issuer);
  if (problem) throw invalidField('/body/issuer', problem);
  if (access.kind === 'entra') {
    if (!access.tenantId)
      throw invalidField(
        '/body/tenantId',
        'Microsoft Entra ID needs the directory (tenant) id it signs people in for.',
      );
    if (!access.issuer.toLowerCase().includes(access.tenantId.toLowerCase()))
      throw invalidField('/body/issuer', 'must be the tenant’s own issuer, naming its directory (tenant) id');
  }
  try {
    await ctx.directory.check(access);
  } catch (error) {
    if (error instanceof ProviderUnreachableError)
      throw invalidField('/body/issuer', `Trellis could not use this issuer: ${error.message}.`);
    throw error;
  }
}

/** Connects a provider after discovering it; the secret is stored encrypted. */
export async function createProvider(
  ctx: SignOnContext,
  actor: Actor,
  body: CreateProviderBody,
): Promise<Provider> {
  const tenantId = body.kind === 'entra' ? (body.tenantId?.toLowerCase() ?? null) : null;
  const issuer = body.issuer;
  await checkProvider(ctx, { ...body, issuer, tenantId });
  const id = uuidv7();
  const encrypted = encryptSecret(await ctx.secretKey(), body.clientSecret, secretContext(id));
  return ctx.db.transaction(async (tx) => {
    const row = await q.insertProvider(tx, {
      id,
      districtId: actor.districtId,
      kind: body.kind,
      name: body.name,
      issuer,
      clientId: body.clientId,
      clientSecretEncrypted: encrypted,
      tenantId,
      enabled: body.enabled,
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'sign_on.provider_connected',
      target: { type: 'sign_on_provider', id },
      districtId: actor.districtId,
      details: { kind: body.kind, name: body.name, issuer, clientId: body.clientId, tenantId },
    });
    return presentProvider(ctx, row);
  });
}

/** Changes a provider; a changed issuer, client or secret is discovered again before it is saved. */
export async function updateProvider(
  ctx: SignOnContext,
  actor: Actor,
  id: string,
  body: UpdateProviderBody,
): Promise<Provider> {
  const current = await q.findDistrictProvider(ctx.db, actor.districtId, id);
  if (!current) throw new NotFoundError('No such sign-on provider in your district.');
  const key = await ctx.secretKey();
  const reaches =
    body.issuer !== undefined ||
    body.clientId !== undefined ||
    body.clientSecret !== undefined ||
    body.tenantId !== undefined;
  // The stored secret stays with the issuer, client and tenant it was given for: pointing it at
  // another server (which would then receive it at its token endpoint) needs the secret again.
  const redirected =
    (body.issuer !== undefined && body.issuer !== current.issuer) ||
    (body.clientId !== undefined && body.clientId !== current.clientId) ||
    (body.tenantId !== undefined && body.tenantId.toLowerCase() !== (current.tenantId ?? '').toLowerCase());
  if (redirected && body.clientSecret === undefined)
    throw invalidField(
      '/body/clientSecret',
      'Enter the client secret again: a changed issuer, client id or tenant id needs its own secret.',
    );
  const hasSecret = body.clientSecret !== undefined || current.clientSecretEncrypted !== '';
  // A sample configuration has no secret: it is connected only once one is entered.
  if (!hasSecret && (reaches || (body.enabled ?? current.enabled)))
    throw invalidField('/body/clientSecret', 'Enter the client secret your provider gave you to connect it.');
  const next = {
    kind: current.kind,
    issuer: body.issuer ?? current.issuer,
    clientId: body.clientId ?? current.clientId,
    clientSecret:
      body.clientSecret ??
      (reaches ? decryptSecret(key, current.clientSecretEncrypted, secretContext(id)) : ''),
    tenantId: current.kind === 'entra' ? (body.tenantId?.toLowerCase() ?? current.tenantId) : null,
  };
  if (reaches) await checkProvider(ctx, next);
  return ctx.db.transaction(async (tx) => {
    const row = await q.updateProvider(tx, id, {
      name: body.name ?? current.name,
      issuer: next.issuer,
      clientId: next.clientId,
      tenantId: next.tenantId,
      enabled: body.enabled ?? current.enabled,
      ...(body.clientSecret !== undefined
        ? { clientSecretEncrypted: encryptSecret(key, body.clientSecret, secretContext(id)) }
        : {}),
    });
    if (!row.enabled) await refuseLastProviderOff(tx, actor.districtId);
    const changed = Object.fromEntries(
      Object.entries(body).map(([field, value]) => [field, field === 'clientSecret' ? 'replaced' : value]),
    );
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'sign_on.provider_changed',
      target: { type: 'sign_on_provider', id },
      districtId: actor.districtId,
      details: { name: row.name, changed },
    });
    ctx.directory.forget(id);
    return presentProvider(ctx, row);
  });
}

/** With passwords off, the district keeps at least one enabled provider. */
async function refuseLastProviderOff(
  tx: Parameters<typeof q.saveSettings>[0],
  districtId: string,
): Promise<void> {
  const settings = await q.findSettings(tx, districtId);
  if (settings.passwordsAllowed) return;
  const providers = await q.listProviders(tx, districtId);
  if (!providers.some((p) => p.enabled))
    throw new ConflictError(
      'Passwords are off for your district: allow passwords again before turning off its last provider.',
    );
}

/** Disconnects a provider: its linked identities go with it, the accounts stay. */
export async function deleteProvider(ctx: SignOnContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const current = await q.findDistrictProvider(tx, actor.districtId, id);
    if (!current) throw new NotFoundError('No such sign-on provider in your district.');
    await q.deleteProvider(tx, id);
    await refuseLastProviderOff(tx, actor.districtId);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'sign_on.provider_disconnected',
      target: { type: 'sign_on_provider', id },
      districtId: actor.districtId,
      details: { name: current.name, issuer: current.issuer },
    });
  });
  ctx.directory.forget(id);
}

/** Claims a domain for the district; it links accounts once verified. */
export async function claimDomain(ctx: SignOnContext, actor: Actor, domain: string): Promise<Domain> {
  if (isPublicMailDomain(domain))
    throw invalidField(
      '/body/domain',
      'is a public mail service, where anyone can have an address; claim your district’s own domain',
    );
  return ctx.db.transaction(async (tx) => {
    const owner = await q.verifiedOwner(tx, domain);
    if (owner === actor.districtId)
      throw new ConflictError('Your district has already verified this domain.', [
        { path: '/body/domain', message: 'is already verified for your district' },
      ]);
    if (owner)
      throw new ConflictError('Another district has verified this domain.', [
        { path: '/body/domain', message: 'belongs to another district' },
      ]);
    const existing = (await q.listDomains(tx, actor.districtId)).find((d) => d.domain === domain);
    if (existing)
      throw new ConflictError('Your district has already claimed this domain.', [
        { path: '/body/domain', message: 'is already claimed; verify it below' },
      ]);
    const row = await q.insertDomain(tx, {
      districtId: actor.districtId,
      domain,
      txtToken: newToken(),
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'sign_on.domain_claimed',
      target: { type: 'sign_on_domain', id: row.id },
      districtId: actor.districtId,
      details: { domain },
    });
    return presentDomain(row);
  });
}

async function markVerified(
  ctx: SignOnContext,
  actor: { userId: string | null; districtId: string },
  row: q.DomainRow,
  by: 'dns' | 'mail',
): Promise<Domain> {
  // A claim made before public mail services were refused is never verified either.
  if (isPublicMailDomain(row.domain))
    throw new ConflictError('A public mail service’s domain cannot be a district’s.');
  try {
    return await ctx.db.transaction(async (tx) => {
      const owner = await q.verifiedOwner(tx, row.domain);
      if (owner && owner !== row.districtId)
        throw new ConflictError('Another district has verified this domain.');
      const updated = await q.updateDomain(tx, row.id, {
        verifiedAt: new Date(),
        verifiedBy: by,
        mailTokenHash: null,
        mailExpiresAt: null,
      });
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'sign_on.domain_verified',
        target: { type: 'sign_on_domain', id: row.id },
        districtId: actor.districtId,
        details: { domain: row.domain, by },
      });
      return presentDomain(updated);
    });
  } catch (error) {
    if (
      (error as { code?: string }).code === '23505' ||
      (error as { cause?: { code?: string } }).cause?.code === '23505'
    )
      throw new ConflictError('Another district has verified this domain.');
    throw error;
  }
}

/** Verifies a claimed domain by its TXT record. */
export async function verifyDomainByDns(ctx: SignOnContext, actor: Actor, id: string): Promise<Domain> {
  const row = await q.findDistrictDomain(ctx.db, actor.districtId, id);
  if (!row) throw new NotFoundError('No such domain in your district.');
  if (row.verifiedAt) return presentDomain(row);
  const answer = await findTxtRecord(ctx.config, row.domain, row.txtToken);
  if (!answer.found) throw invalidField('/params/id', answer.reason);
  return markVerified(ctx, actor, row, 'dns');
}

/** Mails a confirmation link to an address at the domain; following it verifies the domain. */
export async function sendDomainMail(
  ctx: SignOnContext,
  actor: Actor,
  id: string,
  email: string,
): Promise<Domain> {
  const row = await q.findDistrictDomain(ctx.db, actor.districtId, id);
  if (!row) throw new NotFoundError('No such domain in your district.');
  const [mailbox, at] = email.toLowerCase().split('@');
  if (at !== row.domain) throw invalidField('/body/email', `must be an address at ${row.domain}`);
  // Any staff member has an address at the domain; only its owner has these mailboxes.
  if (!CONFIRMATION_MAILBOXES.includes(mailbox))
    throw invalidField(
      '/body/email',
      `must be one of the domain’s own mailboxes: ${CONFIRMATION_MAILBOXES.map((m) => `${m}@${row.domain}`).join(', ')}`,
    );
  if (isPublicMailDomain(row.domain))
    throw invalidField('/body/email', 'is at a public mail service, which no district can claim');
  if (row.verifiedAt) return presentDomain(row);
  const token = newToken();
  const updated = await ctx.db.transaction(async (tx) => {
    const changed = await q.updateDomain(tx, row.id, {
      mailTokenHash: hashToken(token),
      mailSentTo: email,
      mailExpiresAt: new Date(Date.now() + MAIL_TOKEN_HOURS * 3_600_000),
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'sign_on.domain_mail_sent',
      target: { type: 'sign_on_domain', id: row.id },
      districtId: actor.districtId,
      details: { domain: row.domain, to: email },
    });
    return changed;
  });
  const district = await q.districtName(ctx.db, actor.districtId);
  const link = `${ctx.config.PUBLIC_URL}/sign-on/confirm-domain?token=${encodeURIComponent(token)}`;
  ctx.mailer
    .send({
      to: email,
      subject: `Confirm that ${row.domain} belongs to ${district} on Trellis`,
      text: [
        'Hello,',
        '',
        `${actor.name} asked Trellis to let people with ${row.domain} addresses sign in to ${district} with the district's own sign-in.`,
        `If ${row.domain} is ${district}'s domain, confirm it within ${MAIL_TOKEN_HOURS} hours here:`,
        '',
        link,
        '',
        'If you do not know about this, ignore this email: nothing changes until the link is followed.',
      ].join('\n'),
    })
    .catch((error: unknown) => ctx.log.error({ err: error }, 'domain confirmation mail failed'));
  return presentDomain(updated);
}

/** Verifies the domain a confirmation mail was sent for; the token is the proof. */
export async function confirmDomainMail(ctx: SignOnContext, token: string): Promise<Domain> {
  const row = await q.findDomainByMailToken(ctx.db, hashToken(token));
  if (!row)
    throw invalidField('/body/token', 'This confirmation link is not valid any more; ask for a new one.');
  return markVerified(ctx, { userId: null, districtId: row.districtId }, row, 'mail');
}

/** Removes a domain claim; identities already linked stay linked. */
export async function removeDomain(ctx: SignOnContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await q.findDistrictDomain(tx, actor.districtId, id);
    if (!row) throw new NotFoundError('No such domain in your district.');
    await q.deleteDomain(tx, id);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'sign_on.domain_removed',
      target: { type: 'sign_on_domain', id },
      districtId: actor.districtId,
      details: { domain: row.domain },
    });
  });
}

/** Lets a person in: opens a teacher's account linked to the identity their provider vouched for. */
export async function approveAccessRequest(
  ctx: SignOnContext,
  actor: Actor,
  id: string,
): Promise<AccessRequest> {
  return ctx.db.transaction(async (tx) => {
    const request = await q.lockPendingRequest(tx, actor.districtId, id);
    if (!request) throw new NotFoundError('No such waiting request in your district.');
    const existing = await q.findUserByEmail(tx, request.email);
    if (existing) throw new ConflictError('An account with this address exists already.');
    const userId = await openApprovedAccount(tx, {
      districtId: actor.districtId,
      email: request.email,
      name: request.name,
    });
    await q.insertIdentity(tx, {
      userId,
      providerId: request.providerId,
      issuer: request.issuer,
      subject: request.subject,
    });
    await q.decideRequest(tx, id, { status: 'approved', decidedBy: actor.userId, userId });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'sign_on.request_approved',
      target: { type: 'user', id: userId },
      districtId: actor.districtId,
      details: { email: request.email },
    });
    return presentRequest({ ...request, status: 'approved' });
  });
}

export async function declineAccessRequest(
  ctx: SignOnContext,
  actor: Actor,
  id: string,
): Promise<AccessRequest> {
  return ctx.db.transaction(async (tx) => {
    const request = await q.lockPendingRequest(tx, actor.districtId, id);
    if (!request) throw new NotFoundError('No such waiting request in your district.');
    await q.decideRequest(tx, id, { status: 'declined', decidedBy: actor.userId });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'sign_on.request_declined',
      target: { type: 'sign_on_access_request', id },
      districtId: actor.districtId,
      details: { email: request.email },
    });
    return presentRequest({ ...request, status: 'declined' });
  });
}

/** The provider identities linked to a person of the district, found by their address. */
export async function listLinkedIdentities(
  ctx: SignOnContext,
  actor: Actor,
  email: string,
): Promise<LinkedIdentity[]> {
  const rows = await q.listIdentitiesOf(ctx.db, actor.districtId, email);
  return rows.map((row) => ({
    ...row,
    linkedAt: row.linkedAt.toISOString(),
    lastUsedAt: row.lastUsedAt.toISOString(),
  }));
}

/**
 * Unlinks an identity from its account: the person's next sign-in through the provider links again
 * only by a verified email of a verified domain (for an address the provider gave someone new).
 */
export async function unlinkIdentity(ctx: SignOnContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const removed = await q.deleteIdentity(tx, actor.districtId, id);
    if (!removed) throw new NotFoundError('No such linked sign-in in your district.');
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'sign_on.identity_unlinked',
      target: { type: 'user', id: removed.userId },
      districtId: actor.districtId,
      details: { issuer: removed.issuer },
    });
  });
}
