import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '#server/platform/errors.ts';
import { ReplyRefused, type ReplyHandler } from '#server/platform/reply-mail.ts';
import { CreateReplyBody } from '#shared/contracts/discussion.ts';
import { createReply } from '../../discussion/index.ts';
import { THREAD_REPLIES } from '../email-content.ts';

/**
 * Posts a reply by email in its thread through the discussion's own use case, as the person: the
 * same validation, activity, notifications and live update as a reply written in the web app. A
 * person who may no longer reply there is told why, and nothing is posted.
 */
export const threadReplies: ReplyHandler = {
  name: THREAD_REPLIES,
  async handle({ app, actor, targetId, text, key }) {
    const body = CreateReplyBody.safeParse({ body: text, idempotencyKey: key });
    if (!body.success)
      throw new ReplyRefused(
        `Your reply could not be posted as it is: ${body.error.issues.map((i) => i.message).join('; ')}.`,
      );
    try {
      await createReply({ db: app.db, actor, threadId: targetId, body: body.data });
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new ReplyRefused(
          'You can no longer read this discussion (you may have left or been removed from its community, or it was deleted), so your reply was not posted.',
        );
      if (error instanceof ForbiddenError)
        throw new ReplyRefused(`You may not reply in this discussion: ${error.message}`);
      if (error instanceof ConflictError || error instanceof InvalidError)
        throw new ReplyRefused(error.message);
      throw error;
    }
  },
};
