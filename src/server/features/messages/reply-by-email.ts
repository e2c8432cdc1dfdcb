import { createHash } from 'node:crypto';
import { AppError } from '#server/platform/errors.ts';
import { type ReplyHandler, ReplyRefused } from '#server/platform/reply-mail.ts';
import { REPLY_HANDLER } from './activity.ts';
import { sendMessage } from './service.ts';

/**
 * A reply to a direct-message email, sent in the conversation as its verified sender through the
 * same use case as the web app. Someone who may no longer write there (they left it, a block stands,
 * a participant is out of their reach) is told why in the bounce, and nothing is sent.
 */
/** Mail's text as a message takes it: no control characters but newlines and tabs, within its length. */
const plain = (text: string) =>
  [...text.replace(/\r\n?/g, '\n')]
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return !((code < 32 && code !== 9 && code !== 10) || (code >= 127 && code <= 159));
    })
    .join('')
    .slice(0, 20_000);

/** The mail's own key as the uuid a message's idempotency key is: a redelivered mail sends one message. */
function keyAsUuid(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((Number.parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const messageReplyHandler: ReplyHandler = {
  name: REPLY_HANDLER,
  async handle({ app, actor, targetId, text, key }) {
    try {
      await sendMessage({
        db: app.db,
        actor,
        conversationId: targetId,
        body: plain(text),
        idempotencyKey: keyAsUuid(key),
      });
    } catch (error) {
      if (error instanceof AppError && error.status >= 400 && error.status < 500)
        throw new ReplyRefused(
          error.status === 404 ? 'You are no longer in this conversation.' : error.message,
        );
      throw error;
    }
  },
};
