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
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
  text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
    .slice(0, 20_000);

export const messageReplyHandler: ReplyHandler = {
  name: REPLY_HANDLER,
  async handle({ app, actor, targetId, text }) {
    try {
      await sendMessage({ db: app.db, actor, conversationId: targetId, body: plain(text) });
    } catch (error) {
      if (error instanceof AppError && error.status >= 400 && error.status < 500)
        throw new ReplyRefused(
          error.status === 404 ? 'You are no longer in this conversation.' : error.message,
        );
      throw error;
    }
  },
};
