import type { FastifyInstance } from 'fastify';
import type { Actor } from './auth.ts';

/**
 * What a notification email carries besides its one-line description, read by the mail job when it
 * sends (never when the notification is written), so it holds what the recipient may read then.
 */
export interface NotificationEmail {
  /** The words themselves as plain text (a post's text, a message). */
  text: string;
  /** The same as sanitized HTML (e.g. `renderMarkdown(body).html`); shown inside the email as it is. */
  html: string;
  /**
   * Where a reply to the email goes: the handler (declared by a feature's `replyHandlers`) and the
   * thing it answers (a thread, a conversation). No reply address when absent.
   */
  reply?: { handler: string; targetId: string };
  /** A calendar invitation the email carries (an event's change or cancellation). */
  calendar?: { method: 'REQUEST' | 'CANCEL'; filename: string; content: string };
}

/** What a reply handler is given: the verified sender, what the reply answers, and its own words. */
export interface InboundReply {
  app: FastifyInstance;
  /** The person the reply address was made for, whose address the mail also came from. */
  actor: Actor;
  targetId: string;
  /** The reply's new text: quoted text and signature removed. Never empty. */
  text: string;
  /**
   * Unique to this email and reply address, the same when a mail server delivers it again: pass it
   * as the use case's idempotency key so a redelivered reply is posted once.
   */
  key: string;
}

/**
 * Posts replies that arrive by email. A feature declares one per kind of thing people answer
 * (`thread`, `messages`); the inbound mail listener finds it by `name`.
 */
export interface ReplyHandler {
  name: string;
  /**
   * Posts the reply as `actor` through the feature's own use case. Throw `ReplyRefused` when the
   * person may not (no longer a member, the thread is locked): nothing is posted and the sender is
   * told why in a bounce. Any other error is a temporary failure the sending server retries.
   */
  handle(reply: InboundReply): Promise<void>;
}

/** A reply by email that is refused for a reason the sender is told in the bounce. */
export class ReplyRefused extends Error {
  override name = 'ReplyRefused';
}
