import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { eventAccess } from '#server/features/events/index.ts';
import type { Actor } from '#server/platform/auth.ts';
import { type LearningKind, defineLearningKind } from '#server/platform/learning-kinds.ts';
import type { TopicDeclaration } from '#server/platform/realtime.ts';
import type { VerbIri } from '#server/platform/statements.ts';

/** What edcamp statements name: a board, and a session proposed on it. */
export const BOARD_OBJECT = 'edcamp_board';
export const SESSION_OBJECT = 'edcamp_session';

/** A signed-in person went to a session of the board (guests have no log, and record nothing). */
export const ATTENDED: VerbIri = 'http://adlnet.gov/expapi/verbs/attended';

/** The one signal a board sends: something on it changed, fetch it again. */
export const BOARD_CHANGED = 'board';
/** The board was opened or closed, or began or stopped admitting guests: guests' streams check again. */
export const ADMISSION_CHANGED = 'admission';
export const boardTopic = (boardId: string) => `edcamp:${boardId}` as const;

/**
 * Going to an edcamp session is learning (decision 084): once per session, for as long as its slot
 * lasted (the statement's xAPI duration).
 */
export const edcampLearning: readonly LearningKind[] = [
  defineLearningKind({
    kind: 'edcamp_session',
    label: 'Edcamp session',
    verbs: [ATTENDED],
    objectTypes: [SESSION_OBJECT],
    minutes: 45,
    minutesOf: (s) => sql`round(extract(epoch from (${s}.body #>> '{result,duration}')::interval) / 60)`,
    oncePerObject: true,
  }),
];

/**
 * `edcamp:<board id>`: the board's grid, proposals and votes moved. Heard by whoever may see the
 * event (guests listen through the board's own stream, which checks their cookie instead).
 */
export const edcampTopics: readonly TopicDeclaration[] = [
  {
    name: 'edcamp',
    hearing: async (db: Db, actor: Actor, boardId: string) => {
      const { rows } = await db.execute<{ event_id: string }>(
        sql`select event_id from edcamp_boards where id = ${boardId}`,
      );
      if (!rows[0]) return null;
      return (await eventAccess(db, actor, rows[0].event_id)) ? 'all' : null;
    },
  },
];
