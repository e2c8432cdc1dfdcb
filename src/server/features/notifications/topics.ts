import type { TopicDeclaration } from '#server/platform/realtime.ts';

/**
 * `user:<id>`: a notification arrived or was read, the person's access changed, or their sessions
 * ended. Only the person hears their own topic.
 */
export const userTopics: TopicDeclaration[] = [
  {
    name: 'user',
    hearing: async (_db, actor, id) => (id === actor.userId.toLowerCase() ? 'all' : null),
  },
];
