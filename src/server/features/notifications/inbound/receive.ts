import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { Actor } from '#server/platform/auth.ts';
import type { Role } from '#shared/contracts/session.ts';
import type { Feature } from '#server/platform/feature.ts';
import { ReplyRefused, type ReplyHandler } from '#server/platform/reply-mail.ts';
import { markReplyAddressUsed, type ReplyAddressRow, resolveReplyAddress } from '../reply-addresses.ts';
import { replyText } from './reply-text.ts';

/** What became of one inbound message; the SMTP listener answers the sending server from it. */
export type InboundOutcome =
  /** Posted, once for each reply address it was sent to. */
  | { status: 'posted'; count: number }
  /** A bounce or an auto-reply: accepted and dropped, nothing posted, no one answered. */
  | { status: 'ignored'; reason: string }
  /** Refused with a reason the sender was told in an email from Trellis; nothing posted. */
  | { status: 'bounced'; reason: string }
  /** Refused in the SMTP session itself (a forged sender): nothing posted, no email sent. */
  | { status: 'rejected'; reason: string };

/** The reply handlers the features declare, by name; a name declared twice stops Trellis. */
export function replyHandlers(features: readonly Feature[]): Map<string, ReplyHandler> {
  const handlers = new Map<string, ReplyHandler>();
  for (const feature of features)
    for (const handler of feature.replyHandlers ?? []) {
      if (handlers.has(handler.name)) throw new Error(`Reply handler ${handler.name} is declared twice.`);
      handlers.set(handler.name, handler);
    }
  return handlers;
}

const header = (mail: ParsedMail, name: string): string => {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'object' && 'value' in value) return String(value.value).toLowerCase();
  return String(value).toLowerCase();
};

/**
 * Why the message is a bounce or an automatic answer, never a person's reply (RFC 3834
 * `Auto-Submitted`, the `X-Autoreply`/`X-Autorespond` of vacation responders, `Precedence` of bulk
 * and list mail, delivery reports, and the null sender of bounces); null for a person's mail.
 */
export function automaticReason(mail: ParsedMail, envelopeFrom: string | null): string | null {
  if (!envelopeFrom) return 'null sender (a bounce)';
  const autoSubmitted = header(mail, 'auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'X-Autoreply';
  const precedence = header(mail, 'precedence');
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (header(mail, 'content-type').startsWith('multipart/report')) return 'a delivery report';
  if (/^(mailer-daemon|postmaster)@/i.test(envelopeFrom)) return 'a mail system';
  return null;
}

/** The person as a signed-in session would carry them (no session of their own); null unless active. */
async function loadActor(app: FastifyInstance, userId: string): Promise<Actor | null> {
  const { rows } = await app.db.execute<{
    id: string;
    name: string;
    email: string;
    district_id: string;
    school_id: string | null;
    school_ids: string[];
    roles: Role[];
    network_ids: string[];
    network_admin_of: string[];
  }>(sql`
    select u.id, u.name, u.email, u.district_id,
           (select p.school_id from profiles p where p.user_id = u.id) as school_id,
           array(select m.organization_id from memberships m join organizations so on so.id = m.organization_id
                  where m.user_id = u.id and so.kind = 'school' and so.district_id = u.district_id
                 union select p.school_id from profiles p where p.user_id = u.id and p.school_id is not null) as school_ids,
           coalesce((select array_agg(m.role) from memberships m
                      where m.user_id = u.id and m.organization_id = u.district_id), '{}') as roles,
           coalesce((select array_agg(nd.network_id) from network_districts nd
                      where nd.district_id = u.district_id), '{}') as network_ids,
           coalesce((select array_agg(m.organization_id) from memberships m
                      where m.user_id = u.id and m.role = 'network_admin'), '{}') as network_admin_of
      from users u where u.id = ${userId} and u.status = 'active'`);
  const row = rows[0];
  if (!row) return null;
  return {
    userId: row.id,
    name: row.name,
    email: row.email,
    districtId: row.district_id,
    schoolId: row.school_id,
    schoolIds: row.school_ids,
    roles: row.roles,
    networkIds: row.network_ids,
    networkAdminOf: row.network_admin_of,
    sessionId: '',
    csrfToken: '',
  };
}

/** Tells the sender, from Trellis's own address, why their reply was not posted. */
async function bounce(app: FastifyInstance, to: string, mail: ParsedMail, reason: string): Promise<void> {
  const subject = mail.subject ? `Not posted: ${mail.subject}` : 'Your reply was not posted';
  await app.mailer.send({
    to,
    subject: subject.replace(/\s+/g, ' ').slice(0, 150),
    text: [
      'Hello,',
      '',
      'Trellis received your reply by email but did not post it:',
      '',
      reason,
      '',
      `Nothing was posted. You can still read your notifications in Trellis: ${app.config.PUBLIC_URL}/notifications`,
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-replied' },
  });
}

/** A text/plain part (or a message that is one), as its headers declare it. */
const TEXT_PART = /^content-type:\s*text\/plain/im;

/** The addresses the message must come from: the person's own, compared without case. */
const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Receives one message sent to reply addresses (already checked when the sending server named them):
 * drops bounces and auto-replies, refuses a sender who is not the person the address was made for
 * (a forwarded notification cannot post as someone), strips quoted text and signatures, and hands
 * the reply to the handler of what it answers, as that person. A reply the handler refuses (the
 * person lost access, the thread is locked), or one with no words of its own, is bounced with the
 * reason from Trellis's outgoing mail and posts nothing.
 */
export async function receiveReply(
  app: FastifyInstance,
  handlers: Map<string, ReplyHandler>,
  message: { envelopeFrom: string | null; recipients: string[]; raw: Buffer },
): Promise<InboundOutcome> {
  const mail = await simpleParser(message.raw, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  const automatic = automaticReason(mail, message.envelopeFrom);
  if (automatic) return { status: 'ignored', reason: automatic };

  const from = mail.from?.value[0]?.address ?? '';
  const targets: ReplyAddressRow[] = [];
  for (const recipient of message.recipients) {
    const found = await resolveReplyAddress(app.db, app.config, recipient);
    if (found && !targets.some((t) => t.id === found.id)) targets.push(found);
  }
  if (!targets.length) return { status: 'rejected', reason: 'no live reply address' };

  let posted = 0;
  let refusal: string | null = null;
  for (const target of targets) {
    const actor = await loadActor(app, target.userId);
    if (!actor || !from || !sameAddress(from, actor.email))
      return { status: 'rejected', reason: 'the sender is not the person this reply address belongs to' };
    const handler = handlers.get(target.handler);
    const text = replyText({ ...mail, hasTextPart: TEXT_PART.test(message.raw.toString('latin1')) });
    try {
      if (!handler)
        throw new ReplyRefused('Replies by email are not received for this kind of notification.');
      if (!text)
        throw new ReplyRefused(
          'Trellis found no words of your own above the quoted message. Write your reply at the top of the email.',
        );
      const key = `mail-${createHash('sha256')
        .update(`${mail.messageId ?? message.raw.toString('base64')}:${target.id}`)
        .digest('hex')
        .slice(0, 40)}`;
      await handler.handle({ app, actor, targetId: target.targetId, text, key });
      await markReplyAddressUsed(app.db, target.id);
      posted++;
    } catch (error) {
      if (!(error instanceof ReplyRefused)) throw error;
      refusal = error.message;
      await bounce(app, actor.email, mail, error.message);
    }
  }
  if (posted === 0 && refusal) return { status: 'bounced', reason: refusal };
  return { status: 'posted', count: posted };
}
