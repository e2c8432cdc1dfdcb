import { cachePerDatabase } from '#server/platform/remembered.ts';

/**
 * A person's first feed page, as the JSON text sent, remembered under the version it was read at
 * (decision 030). The version is read with every request, in one prepared statement
 * (`feedPageVersion` in feed-service.ts), from what the page depends on:
 *
 * - the version of each of the person's audiences (their active communities, the people they
 *   follow, their schools and district), bumped at commit by every item written to or removed from
 *   the audience and by every change to a post one of its items shows (migration 0031);
 * - their own memberships of every status and whom they follow, so joining, leaving, being removed
 *   or invited, following and unfollowing change it at once;
 * - their seen mark (what is unread);
 * - the directory version (every person's and organization's name, every network's districts) and
 *   the feed version (a thread renamed or moved, a community renamed or its join policy or owner
 *   changed, a resource's title, audience or deletion, any home share), each bumped at commit;
 * - their district, schools and networks, from their session.
 *
 * The page is read after its version, so a page stored under a version is never older than it. No
 * time to live, no NOTIFY: every instance asks the database on every request.
 */
export interface RememberedFeedPage {
  version: string;
  json: string;
}

/** About this much JSON is remembered per instance, least recently read pages forgotten first. */
const MAX_BYTES = 32 * 1024 * 1024;

export const feedPageCache = cachePerDatabase<RememberedFeedPage>(
  MAX_BYTES,
  (page) => page.json.length + page.version.length + 100,
);

/** How often first pages were served from memory and read afresh, for the benchmark's report. */
export const feedPageCounts = { hits: 0, misses: 0 };
