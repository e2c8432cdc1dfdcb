/**
 * Welcoming a district's staff by email (decision 047): the district chooses whether people who
 * have an account but never signed in (imported by the roster, or added otherwise) are welcomed at
 * once or on a launch date; the welcome job sends the emails, and an administrator may send them
 * again to anyone who has still not signed in. Someone who signs in with the district's provider
 * (passwords are off, or their address is in a domain the district verified) reads to sign in with
 * the district account; anyone else gets a link to set a password (a password-reset link that lasts
 * two weeks).
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Db, Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import type { Config } from '#server/platform/config.ts';
import { ForbiddenError, invalidField } from '#server/platform/errors.ts';
import { defineJob, enqueue, type JobData } from '#server/platform/jobs.ts';
import type { Mailer } from '#server/platform/mail.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import type { WelcomeSettings, WelcomeSettingsBody } from '#shared/contracts/admin.ts';
import { canAdministerDistrict } from './admin-policy.ts';
import { findDistrictName } from './admin-queries.ts';
import * as q from './welcome-queries.ts';

/** How long a welcome's set-password link works. */
export const WELCOME_LINK_LIFETIME_MS = 14 * 24 * 3_600_000;
/** People welcomed per transaction by the job. */
const WELCOME_BATCH = 200;

/**
 * How a district's people sign in, as the welcome email words it. Accounts answers "with a
 * password"; the single sign-on feature, which depends on accounts, lends the real answer by
 * decorating the app with `districtSignIn` (as credentials lends profiles `isCredentialVisible`).
 */
export interface DistrictSignIn {
  /** The district has an active single sign-on provider its staff sign in with. */
  singleSignOn: boolean;
  /** The provider's name as staff know it ("Google", "Microsoft"), when there is one. */
  providerName?: string | null;
  /** Whether the district still lets its staff sign in with a password (true when not said). */
  passwordsAllowed?: boolean;
  /** The email domains the district verified for its providers: only their people can use them. */
  verifiedDomains?: readonly string[];
}
export type DistrictSignInLookup = (db: Db | Tx, districtId: string) => Promise<DistrictSignIn>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Lent by the single sign-on feature: whether a district signs in with its own accounts. */
    districtSignIn?: DistrictSignInLookup;
  }
}

const passwordSignIn: DistrictSignInLookup = async () => ({ singleSignOn: false });

/**
 * Whether this person signs in with the district's provider, so their welcome needs no password
 * link: the district turned passwords off, or their address is in a domain it verified for it.
 */
export function signsInWithProvider(signIn: DistrictSignIn, email: string): boolean {
  if (!signIn.singleSignOn) return false;
  if (signIn.passwordsAllowed === false) return true;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return (signIn.verifiedDomains ?? []).some((d) => d.toLowerCase() === domain);
}

/** The sign-in answer for a district: the one single sign-on lends, or passwords. */
export function districtSignInOf(app: Pick<FastifyInstance, 'districtSignIn'>): DistrictSignInLookup {
  return app.districtSignIn ?? passwordSignIn;
}

interface WelcomeContext {
  db: Db;
  config: Config;
  mailer: Mailer;
  log: FastifyBaseLogger;
  signIn: DistrictSignInLookup;
}

export interface WelcomeMail {
  userId: string;
  to: string;
  name: string;
  /** The set-password token; null with single sign-on. */
  token: string | null;
}

/** The words of a welcome email: sign in with the district account, or set a password. */
export function welcomeMessage(args: {
  publicUrl: string;
  districtName: string;
  name: string;
  signIn: DistrictSignIn;
  token: string | null;
}): { subject: string; text: string } {
  const hello = [`Hello ${args.name},`, ''];
  const intro = `${args.districtName} has opened Trellis, its professional learning network, to you: communities of colleagues in your subject and school, a shared resource library and the people you learn with.`;
  // The set-password link goes to everyone who has one: prepareWelcomes makes it unless the person
  // signs in with the district's provider.
  const how = !args.token
    ? [
        `Sign in with your district account${args.signIn.providerName ? ` (${args.signIn.providerName})` : ''}; you need no new password:`,
        '',
        `${args.publicUrl}/sign-in`,
      ]
    : [
        'Set your password here within the next 14 days, and you are in:',
        '',
        `${args.publicUrl}/reset-password?token=${encodeURIComponent(args.token)}`,
        '',
        `After that, sign in at ${args.publicUrl}/sign-in. The link works once; if it has lapsed, ask your district administrator to send the welcome again.`,
      ];
  return {
    subject: `Welcome to ${args.districtName} on Trellis`,
    text: [
      ...hello,
      intro,
      '',
      ...how,
      '',
      'A short checklist on your home page helps you find your way on the first visit.',
    ].join('\n'),
  };
}

/**
 * Makes the links for these people inside `tx` (a set-password link for each, but those who sign in
 * with the district's provider) and returns the mails to send once it commits.
 */
export async function prepareWelcomes(
  tx: Tx,
  args: {
    districtId: string;
    people: Array<{ id: string; name: string; email: string }>;
    signIn: DistrictSignIn;
  },
): Promise<WelcomeMail[]> {
  const tokens = args.people.map((p) => ({
    person: p,
    token: signsInWithProvider(args.signIn, p.email) ? null : newToken(),
  }));
  await q.insertSetPasswordLinks(
    tx,
    tokens.flatMap((t) => (t.token ? [{ userId: t.person.id, tokenHash: hashToken(t.token) }] : [])),
    new Date(Date.now() + WELCOME_LINK_LIFETIME_MS),
  );
  return tokens.map((t) => ({
    userId: t.person.id,
    to: t.person.email,
    name: t.person.name,
    token: t.token,
  }));
}

/**
 * Sends prepared welcome mails (after commit); a mail that fails is logged, the rest still go.
 * Returns the people whose mail failed.
 */
export async function sendWelcomeMails(
  ctx: Pick<WelcomeContext, 'config' | 'mailer' | 'log' | 'db'>,
  args: { districtId: string; signIn: DistrictSignIn; mails: WelcomeMail[] },
): Promise<string[]> {
  const failed: string[] = [];
  if (args.mails.length === 0) return failed;
  const districtName = await findDistrictName(ctx.db, args.districtId);
  for (const mail of args.mails) {
    const message = welcomeMessage({
      publicUrl: ctx.config.PUBLIC_URL,
      districtName,
      name: mail.name,
      signIn: args.signIn,
      token: mail.token,
    });
    await ctx.mailer.send({ to: mail.to, ...message }).catch((error: unknown) => {
      failed.push(mail.userId);
      ctx.log.error({ err: error }, 'welcome email not sent');
    });
  }
  return failed;
}

/** Welcomes, a batch at a time, everyone of the districts due (or of one district) not welcomed yet. */
export async function sendDueWelcomes(ctx: WelcomeContext, districtId: string | null): Promise<number> {
  let sent = 0;
  for (const due of await q.listDistrictsDueForWelcome(ctx.db, districtId)) {
    const signIn = await ctx.signIn(ctx.db, due);
    const failed: string[] = [];
    for (;;) {
      const mails = await ctx.db.transaction(async (tx) => {
        const people = await q.claimUnwelcomed(tx, { districtId: due, limit: WELCOME_BATCH });
        return prepareWelcomes(tx, { districtId: due, people, signIn });
      });
      failed.push(...(await sendWelcomeMails(ctx, { districtId: due, signIn, mails })));
      sent += mails.length;
      if (mails.length < WELCOME_BATCH) break;
    }
    // Mails are sent after the claim commits (there is no transactional mail outbox): whoever's
    // mail failed is un-marked, so the next run welcomes them again.
    await q.unmarkWelcomed(ctx.db, failed);
    sent -= failed.length;
  }
  return sent;
}

/** The welcome job: every few minutes for every district due, and at once when a district turns it on. */
export const welcomeJob = defineJob<JobData>({
  name: 'accounts.welcome',
  title: 'Welcome emails to staff who have not signed in yet',
  schedule: '*/5 * * * *',
  policy: 'singleton',
  async work(job, app) {
    await sendDueWelcomes(
      { db: app.db, config: app.config, mailer: app.mailer, log: app.log, signIn: districtSignInOf(app) },
      job.data.districtId,
    );
  },
});

function administeredDistrict(actor: Actor): string {
  if (!canAdministerDistrict(actor, actor.districtId))
    throw new ForbiddenError('Only district administrators may do this.');
  return actor.districtId;
}

const iso = (value: Date | string | null) =>
  value === null ? null : (value instanceof Date ? value : new Date(value)).toISOString();

/** The district's welcome choice and how many people have still not signed in. */
export async function getWelcomeSettings(args: {
  db: Db;
  actor: Actor;
  signIn: DistrictSignInLookup;
}): Promise<WelcomeSettings> {
  const districtId = administeredDistrict(args.actor);
  const settings = await q.findWelcomeSettings(args.db, districtId);
  const counts = await q.countNotSignedIn(args.db, districtId);
  return {
    mode: settings.mode,
    launchAt: iso(settings.launch_at),
    singleSignOn: (await args.signIn(args.db, districtId)).singleSignOn,
    notSignedIn: counts.not_signed_in,
    notWelcomed: counts.not_welcomed,
  };
}

/** Sets whether and when the district's staff are welcomed; welcoming at once starts now. */
export async function updateWelcomeSettings(args: {
  db: Db;
  actor: Actor;
  body: WelcomeSettingsBody;
  signIn: DistrictSignInLookup;
}): Promise<WelcomeSettings> {
  const districtId = administeredDistrict(args.actor);
  const launchAt = args.body.mode === 'launch' && args.body.launchAt ? new Date(args.body.launchAt) : null;
  if (launchAt && launchAt.getTime() > Date.now() + 366 * 24 * 3_600_000)
    throw invalidField('/body/launchAt', 'must be within a year');
  await args.db.transaction(async (tx) => {
    await q.saveWelcomeSettings(tx, {
      districtId,
      mode: args.body.mode,
      launchAt,
      actorId: args.actor.userId,
    });
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'district.welcome_changed',
      target: { type: 'district', id: districtId },
      districtId,
      details: { mode: args.body.mode, launchAt: launchAt?.toISOString() ?? null },
    });
    if (args.body.mode === 'immediately' || (launchAt && launchAt.getTime() <= Date.now()))
      await enqueue(tx, welcomeJob, { districtId });
  });
  return getWelcomeSettings(args);
}
