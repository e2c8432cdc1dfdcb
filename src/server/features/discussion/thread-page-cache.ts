import { cachePerDatabase } from '#server/platform/remembered.ts';
import type { PostTexts } from './present.ts';
import type { PostListRow } from './queries.ts';

/**
 * A page of a thread's posts as every viewer shares it (the viewer's own reactions, the only rows'
 * part that differs between viewers, are left out and read with the thread's head), remembered
 * under the version it was read at: the thread's page version, which every change to its posts or
 * their attachments bumps at commit (migration 0026), and the directory version, which every change
 * to a person's name, district or profile or an organization's name bumps (migration 0001). Each
 * request reads both versions with the thread's head, in the statement it makes anyway, so a page is
 * served from memory only while nothing it shows has changed, on any instance: no time to live.
 *
 * The posts are read after the head, so a page stored under a version is never older than that
 * version: at worst newer, and then the version has moved on and no request will match it.
 *
 * Beside the rows, the page keeps the JSON text of each post as viewers of one standing see it
 * (present.ts, arrangePostsText), written the first time such a viewer reads it: a text is a
 * function of the row and the standing alone, so it goes stale exactly when the rows do.
 */
export interface RememberedPage {
  version: string;
  rows: PostListRow[];
  postIds: string[];
  texts: PostTexts;
}

/** About this much text is remembered per instance, least recently read pages forgotten first. */
const MAX_BYTES = 32 * 1024 * 1024;

// The rows, and their texts for about two standings (members, and facilitators or readers), and
// one arranged page.
export const threadPageCache = cachePerDatabase<RememberedPage>(MAX_BYTES, (page) =>
  page.rows.reduce((bytes, row) => bytes + 400 + row.body_md.length + 4 * (600 + row.body_html.length), 0),
);

export const threadPageKey = (threadId: string, cursor: string | undefined, limit: number) =>
  `${threadId}|${cursor ?? ''}|${limit}`;

export const threadPageVersion = (head: {
  page_version: string | number;
  directory_version: string | null;
}) => `${head.page_version}:${head.directory_version ?? '0'}`;
