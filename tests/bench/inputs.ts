/**
 * Varied inputs for the benchmark: many signed-in viewers (every district, the people in the most
 * communities, the people who follow the most) and queries drawn afresh for every request (common
 * words, words nobody wrote, two words, name prefixes, facets combined, page sizes), so that no cache
 * tuned to a handful of benchmark requests decides a figure.
 */
import type { Database } from '#server/db/client.ts';
import { EXPERTISE_TAGS, LAST_NAMES } from '#server/db/seed/names.ts';
import { hashToken, newToken } from '#server/platform/secrets.ts';
import { COMMUNITY_KINDS } from '#shared/contracts/communities.ts';
import { LibraryQuery } from '#shared/contracts/library.ts';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import { RESOURCE_KINDS } from '#shared/contracts/resources.ts';
import { SEARCH_KINDS } from '#shared/contracts/search.ts';
import { VOCABULARY } from './communities.ts';

/** A signed-in person the load comes from. */
export interface Viewer {
  userId: string;
  districtId: string;
  schoolId: string;
  /** Whether their district belongs to a network. */
  networked: boolean;
  communities: number;
  follows: number;
  cookie: string;
  csrfToken: string;
}

export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const chance = (p: number) => Math.random() < p;
const pageSize = () => 10 + Math.floor(Math.random() * 40);

/** A session row and its cookie, as a browser holds them after signing in. */
export async function signInAs(
  database: Database,
  userId: string,
  csrfToken = newToken(),
): Promise<{ cookie: string; csrfToken: string }> {
  const token = newToken();
  await database.pool.query(
    `insert into sessions (token_hash, id, user_id, csrf_token, expires_at)
     values ($1, gen_random_uuid(), $2, $3, now() + interval '1 day')`,
    [hashToken(token), userId, csrfToken],
  );
  return { cookie: `trellis_session=${token}`, csrfToken };
}

/**
 * Signs in a spread of viewers: one at random from every district, and the people who belong to the
 * most communities and follow the most people (whose feeds and homes are the largest).
 */
export async function signInViewers(
  database: Database,
  perKind = 20,
  /** A table of people to leave out (user_id): those made for another benchmark, such as tests/bench/unread.ts's readers. */
  except?: string,
): Promise<Viewer[]> {
  const { rows } = await database.pool.query<Omit<Viewer, 'cookie' | 'csrfToken'>>(
    `with c as (select user_id, count(*)::int as n from community_members where status = 'active' group by user_id),
          f as (select follower_id as user_id, count(*)::int as n from follows group by follower_id),
          people as (
            select u.id as "userId", u.district_id as "districtId", p.school_id as "schoolId",
                   exists (select 1 from network_districts nd where nd.district_id = u.district_id) as networked,
                   coalesce(c.n, 0) as communities, coalesce(f.n, 0) as follows
              from users u join profiles p on p.user_id = u.id
              left join c on c.user_id = u.id left join f on f.user_id = u.id
             where u.status = 'active' and p.school_id is not null
               ${except ? `and u.id not in (select user_id from ${except})` : ''})
     (select distinct on ("districtId") * from people order by "districtId", random())
     union (select * from people order by communities desc limit $1)
     union (select * from people order by follows desc limit $1)`,
    [perKind],
  );
  const viewers: Viewer[] = [];
  for (const row of rows) viewers.push({ ...row, ...(await signInAs(database, row.userId)) });
  return viewers;
}

/** Up to `perDistrict` active people of each district, whose profiles colleagues open. */
export async function colleaguesByDistrict(
  database: Database,
  perDistrict = 50,
): Promise<Map<string, string[]>> {
  const { rows } = await database.pool.query<{ district_id: string; ids: string[] }>(
    `select district_id, array_agg(id) as ids
       from (select id, district_id, row_number() over (partition by district_id order by random()) as r
               from users where status = 'active') x
      where r <= $1 group by district_id`,
    [perDistrict],
  );
  return new Map(rows.map((r) => [r.district_id, r.ids]));
}

/** Words nobody wrote: a search that finds nothing must be as quick as one that finds much. */
const UNWRITTEN = ['zeugma', 'kiln', 'origami', 'sonnet', 'glacier', 'oboe', 'tessellation', 'haiku'];
const COMMON = VOCABULARY.filter((w) => !w.includes(' '));
const TAG_WORDS = EXPERTISE_TAGS.map((t) => t.toLowerCase());

/** A search text of one of the kinds people type. */
export function searchText(): { q: string; kind: string } {
  const r = Math.random();
  if (r < 0.35) return { q: pick(COMMON), kind: 'common word' };
  if (r < 0.5) return { q: pick(UNWRITTEN), kind: 'rare word' };
  if (r < 0.8) return { q: `${pick(COMMON)} ${pick(COMMON)}`, kind: 'two words' };
  if (r < 0.9) return { q: pick(TAG_WORDS), kind: 'phrase' };
  return { q: pick(COMMON).slice(0, 3 + Math.floor(Math.random() * 3)), kind: 'prefix' };
}

const q = (text: string) => `q=${encodeURIComponent(text)}`;

/** A directory search as typed: a name prefix of 1 to 4 letters, a subject word, an expertise, two words. */
export function directorySearch(): string {
  const r = Math.random();
  const name = pick(LAST_NAMES).toLowerCase();
  const text =
    r < 0.4
      ? name.slice(0, 1 + Math.floor(Math.random() * 4))
      : r < 0.6
        ? pick(SUBJECTS).split(' ')[0].toLowerCase()
        : r < 0.8
          ? pick(TAG_WORDS)
          : `${pick(COMMON)} ${name.slice(0, 3)}`;
  const facet = chance(0.3) ? `&subject=${encodeURIComponent(pick(SUBJECTS))}` : '';
  return `/api/directory?${q(text)}${facet}&limit=${pageSize()}`;
}

/** Site search: every kind of text, every kind of result, sometimes with facets. */
export function siteSearch(): string {
  const kind = chance(0.5) ? 'all' : pick(SEARCH_KINDS);
  const facets =
    (chance(0.25) ? `&subject=${encodeURIComponent(pick(SUBJECTS))}` : '') +
    (chance(0.2) ? `&gradeBand=${pick(GRADE_BANDS)}` : '');
  return `/api/search?${q(searchText().q)}&kind=${kind}${facets}&limit=${pageSize()}`;
}

/** Community browse (facets alone) and community search. */
export function communitySearch(): string {
  const parts: string[] = [];
  if (chance(0.7)) parts.push(q(searchText().q));
  if (chance(0.3)) parts.push(`kind=${pick(COMMUNITY_KINDS)}`);
  if (chance(0.3)) parts.push(`subject=${encodeURIComponent(pick(SUBJECTS))}`);
  if (chance(0.2)) parts.push(`gradeBand=${pick(GRADE_BANDS)}`);
  parts.push(`limit=${pageSize()}`);
  return `/api/communities?${parts.join('&')}`;
}

/** Library search: words, facets combined (some repeated), sorts, or browsing by facets alone. */
export function librarySearch(): string {
  const parts: string[] = [];
  if (chance(0.7)) parts.push(q(searchText().q));
  for (let i = 0; i < (chance(0.5) ? 1 : 2); i++)
    if (chance(0.5)) parts.push(`subject=${encodeURIComponent(pick(SUBJECTS))}`);
  if (chance(0.4)) parts.push(`gradeBand=${pick(GRADE_BANDS)}`);
  if (chance(0.3)) parts.push(`kind=${pick(RESOURCE_KINDS)}`);
  if (chance(0.15)) parts.push('hasTries=true');
  if (chance(0.3)) parts.push(`sort=${pick(['rating', 'tries', 'newest'])}`);
  parts.push(`limit=${pageSize()}`);
  return `/api/resources?${parts.join('&')}`;
}

/**
 * A library search (an address such as `librarySearch()` draws, or its query string alone) read as
 * the library route reads it: the facets that may repeat become lists.
 */
export function libraryQueryOf(search: string) {
  const params: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(search.slice(search.indexOf('?') + 1))) {
    const list = ['kind', 'subject', 'gradeBand', 'alignment', 'licence'].includes(k);
    params[k] = list ? [...((params[k] as string[] | undefined) ?? []), v] : v;
  }
  return LibraryQuery.parse(params);
}
