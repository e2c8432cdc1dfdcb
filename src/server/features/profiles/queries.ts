/**
 * All SQL of the profiles feature. List queries apply the visibility rules of policy.ts in SQL, so
 * no row or matching field a viewer may not see ever leaves the database.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '#server/db/client.ts';
import { namedQuery } from '#server/db/named-query.ts';
import type { FieldVisibility } from '#shared/contracts/profiles.ts';

/** A profile row joined with its person, district and school. */
export type ProfileRow = {
  id: string;
  name: string;
  email: string;
  status: 'active' | 'deactivated';
  district_id: string;
  district_name: string;
  school_id: string | null;
  school_name: string | null;
  pronouns: string | null;
  photo_key: string | null;
  role_title: string | null;
  subjects: string[] | null;
  grade_bands: string[] | null;
  years_in_education: number | null;
  bio: string | null;
  expertise: string[] | null;
  open_to_mentoring: boolean | null;
  seeking_mentor: boolean | null;
  field_visibility: FieldVisibility | null;
  /** Every school the person belongs to, main school first. */
  schools: Array<{ id: string; name: string }> | null;
};

export const PROFILE_COLUMNS = sql`u.id, u.name, u.email, u.status, u.district_id, d.name as district_name,
  p.school_id, s.name as school_name, p.pronouns, p.photo_key, p.role_title, p.subjects, p.grade_bands,
  p.years_in_education, p.bio, p.expertise, p.open_to_mentoring, p.seeking_mentor, p.field_visibility,
  (select coalesce(json_agg(json_build_object('id', o.id, 'name', o.name)
                            order by coalesce(o.id = p.school_id, false) desc, o.name, o.id), '[]'::json)
     from organizations o
    where o.kind = 'school' and o.id = any(array(
      select p.school_id union select m.organization_id from memberships m where m.user_id = u.id))) as schools`;

export const PROFILE_FROM = sql`users u
  join organizations d on d.id = u.district_id
  left join profiles p on p.user_id = u.id
  left join organizations s on s.id = p.school_id`;

/** SQL for "the person (u) is in a district sharing a network with the viewer's district". */
export const sharesNetworkWith = (viewerDistrictId: string | null) => sql`exists (
        select 1 from network_districts a join network_districts b on b.network_id = a.network_id
         where a.district_id = ${viewerDistrictId} and b.district_id = u.district_id
      )`;

/** SQL for "this field's audience includes viewers of a network district" (mirrors canSeeField). */
const networkMaySee = (field: string) =>
  sql`coalesce(p.field_visibility->>${field}, 'network') <> 'district'`;

/**
 * Recomputes both search vectors of these people's profiles from their current fields: everything
 * for viewers of the same district, and only what the person shows beyond it for network viewers.
 * Also keeps sort_name (the directory's alphabetical order) and search_name (the name's words, for
 * prefixes typed as one types a name). The one way these are computed: call
 * it in the transaction that creates or changes a profile, a name or a school (every school a
 * person belongs to is searchable, so itinerant staff are found by each).
 */
export async function refreshProfileSearch(tx: Tx, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const affiliation = sql`setweight(to_tsvector('simple', u.name), 'A')
    || setweight(to_tsvector('english', u.name), 'A')
    || setweight(to_tsvector('english', coalesce(p.role_title, '')), 'B')
    || setweight(to_tsvector('simple', coalesce((select string_agg(o.name, ' ') from organizations o
         where o.kind = 'school' and (o.id = p.school_id
           or o.id in (select m.organization_id from memberships m where m.user_id = p.user_id))), '')
       || ' ' || d.name), 'C')`;
  const part = (field: string, vector: SQL) =>
    sql`(case when ${networkMaySee(field)} then ${vector} else ''::tsvector end)`;
  const subjects = sql`setweight(to_tsvector('english', array_to_string(p.subjects, ' ')), 'B')`;
  const expertise = sql`setweight(to_tsvector('english', array_to_string(p.expertise, ' ')), 'B')`;
  const bio = sql`setweight(to_tsvector('english', coalesce(p.bio, '')), 'D')`;
  await tx.execute(sql`
    update profiles p set
      sort_name = lower(u.name),
      search_name = to_tsvector('simple', u.name),
      search_all = ${affiliation} || ${subjects} || ${expertise} || ${bio},
      search_network = ${affiliation} || ${part('subjects', subjects)} || ${part('expertise', expertise)}
        || ${part('bio', bio)}
    from users u join organizations d on d.id = u.district_id
    where u.id = p.user_id and p.user_id = any(${sql.param(userIds)}::uuid[])`);
}

/**
 * One person's profile with what a viewer needs to decide their relation: whether the viewer's
 * district shares a network with the person's.
 */
export async function findProfileForViewer(
  db: Db,
  userId: string,
  viewerDistrictId: string | null,
): Promise<(ProfileRow & { shares_network: boolean }) | null> {
  const rows = await namedQuery<ProfileRow & { shares_network: boolean }>(
    db,
    'profiles-for-viewer',
    sql`
    select ${PROFILE_COLUMNS},
      ${sharesNetworkWith(viewerDistrictId)} as shares_network
      from ${PROFILE_FROM}
     where u.id = ${userId}::uuid`,
  );
  return rows[0] ?? null;
}

export async function findOwnProfile(tx: Tx, userId: string): Promise<ProfileRow | null> {
  const { rows } = await tx.execute<ProfileRow>(
    sql`select ${PROFILE_COLUMNS} from ${PROFILE_FROM} where u.id = ${userId}`,
  );
  return rows[0] ?? null;
}

/** Creates the profile row of a person who has none yet (accounts made before profiles were filled). */
export async function ensureProfileRow(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`insert into profiles (user_id) values (${userId}) on conflict (user_id) do nothing`);
}

export interface DirectoryFilters {
  viewerDistrictId: string;
  viewerNetworkIds: string[];
  /** The full-text query, and the same words as a prefix query on names (`ana:*A & gar:*A`), if any. */
  q?: { text: string; prefix: string | null };
  subject?: string;
  gradeBand?: string;
  expertise?: string;
  schoolId?: string;
  districtId?: string;
  mentoring?: 'open' | 'seeking';
  /** Only people holding an active award of this credential who consented to be listed on it. */
  credentialId?: string;
  /** The sort key and id of the last row of the previous page. */
  after?: { key: string | number; id: string };
  limit: number;
}

/** How many full-text matches a ranked search ranks at most (see searchDirectory). */
export const RANK_POOL = 100;

/**
 * The directory's data version: bumped by database triggers in the same transaction as any change
 * to people, profiles, organizations or networks (migration 0001), so a cached page is known stale.
 */
export async function readDirectoryVersion(db: Db): Promise<string> {
  const rows = await namedQuery<{ version: string }>(
    db,
    'profiles-directory-version',
    sql`select value::text as version from settings where key = 'directory_version'`,
  );
  return rows[0]?.version ?? '0';
}

/**
 * SQL over `users u` for the people a viewer may find: active, in the viewer's district or one
 * sharing a network. Also the rule for who a credential's holder list may show.
 */
export function reachable(viewerDistrictId: string, viewerNetworkIds: string[]): SQL {
  return sql`u.status = 'active' and (u.district_id = ${viewerDistrictId} or u.district_id in (
    select nd.district_id from network_districts nd where nd.network_id = any(${sql.param(viewerNetworkIds)}::uuid[])))`;
}

/** SQL over `users u` and `profiles p`: a filter on a field that matches only where the viewer may see that field. */
export function visibleMatch(
  viewerDistrictId: string,
  field: string,
  condition: SQL,
  personDistrict: SQL = sql`u.district_id`,
): SQL {
  return sql`(${condition} and (${personDistrict} = ${viewerDistrictId} or ${networkMaySee(field)}))`;
}

/**
 * The filters of a directory search beside who may be found and what the words match, over
 * `profiles p` and the person's id and district (`u.id`, `u.district_id` in a listing; the copies on
 * the profile, `p.user_id`, `p.district_id`, in a ranked search).
 */
function directoryFilters(f: DirectoryFilters, person: { id: SQL; district: SQL }): SQL[] {
  const D = f.viewerDistrictId;
  const where: SQL[] = [];
  const visible = (field: string, condition: SQL) => visibleMatch(D, field, condition, person.district);
  // A subject or a grade band is held by a sixth to a quarter of a state's staff: checked on the rows
  // a search reads (`= any`, which no index serves), never by intersecting with an index of every
  // holder in the state, which costs more than the search itself. An expertise is narrow: its index pays.
  if (f.subject) where.push(visible('subjects', sql`p.subjects @> array[${f.subject}]::text[]`));
  if (f.gradeBand) where.push(visible('gradeBands', sql`p.grade_bands @> array[${f.gradeBand}]::text[]`));
  if (f.expertise) where.push(visible('expertise', sql`p.expertise @> array[${f.expertise}]::text[]`));
  if (f.mentoring)
    where.push(
      visible('mentoring', f.mentoring === 'open' ? sql`p.open_to_mentoring` : sql`p.seeking_mentor`),
    );
  // Everyone who belongs to the school: itinerant staff are found in each of their schools.
  if (f.schoolId)
    where.push(sql`(p.school_id = ${f.schoolId} or exists (select 1 from memberships sm
      where sm.user_id = ${person.id} and sm.organization_id = ${f.schoolId}))`);
  if (f.districtId) where.push(sql`${person.district} = ${f.districtId}`);
  // Holding a credential is shown only with the holder's consent: an award counts when it is
  // listed (the same consent that lists them on the credential's page), unrevoked and unexpired.
  if (f.credentialId)
    where.push(sql`exists (select 1 from awards a
      where a.recipient_id = ${person.id} and a.credential_id = ${f.credentialId} and a.revoked_at is null
        and (a.expires_at is null or a.expires_at > now()) and a.listed)`);
  return where;
}

/**
 * People's rows already read under the directory version the caller holds (decision 005): a ranked
 * search takes them rather than reading them again, and gives it those it reads.
 */
export interface DirectoryRows {
  get(userId: string): ProfileRow | undefined;
  set(userId: string, row: ProfileRow): void;
}

/**
 * A page of the directory. With a query, rows are ranked (best first) and matched only against the
 * vector a viewer may search: everything for their own district, the network vector beyond it.
 */
export async function searchDirectory(
  tx: Db,
  f: DirectoryFilters,
  knownRows?: DirectoryRows,
): Promise<Array<ProfileRow & { sort_key: string | number }>> {
  const D = f.viewerDistrictId;
  const and = (conditions: SQL[]) => sql.join(conditions, sql` and `);

  if (f.q) {
    const where = directoryFilters(f, { id: sql`p.user_id`, district: sql`p.district_id` });
    const web = sql`websearch_to_tsquery('english', ${f.q.text})`;
    // The name prefix (`ana:*A & gar:*A`: weight A is the name in the full vectors) is matched against
    // the names-only vector, whose index holds only names: a two-letter prefix reads the names that
    // start so rather than every word of every profile that does.
    const name = f.q.prefix ? sql`to_tsquery('simple', ${f.q.prefix.replaceAll(':*A', ':*')})` : null;
    const nameMatch = name ? sql` or p.search_name @@ ${name}` : sql``;
    // A name that starts with the words typed ranks above any match in the rest of a profile.
    const rank = (vector: SQL) =>
      name
        ? sql`(ts_rank(${vector}, ${web}) + (p.search_name @@ ${name})::int)::real`
        : sql`ts_rank(${vector}, ${web})`;
    // Full-text matches for a common word can be a large share of a state's staff, and ranking them
    // all costs time in proportion. Only the first RANK_POOL matches are ranked, the viewer's own
    // district's first (in storage order, so the same pool for every page while the data stands
    // still); a narrower query ranks them all. The own district and the network are searched each
    // in the vector the viewer may search there, apart, each from the profiles alone: a profile
    // carries its person's district and whether they are active (kept by triggers, migration 0033),
    // and the text indexes hold the district beside each word, so a district's matches are one
    // index read (the words' entries intersected with the district's) however rare the words are
    // there, and a common word stops after a pool's worth of rows.
    const branch = (people: SQL, vector: SQL) =>
      sql`(select p.user_id, ${rank(vector)} as sort_key
             from profiles p
            where p.active and ${people} and (${vector} @@ ${web}${nameMatch})
              ${where.length ? sql`and ${and(where)}` : sql``}
            limit ${RANK_POOL})`;
    // One word of letters typed with no filter (a name as it is typed, "g", "garc"): the names that
    // start so are an ordered range of each district's name words (profile_name_words, migration
    // 0042), read until a pool's worth, where the names' GIN index gathers every name word of the
    // state that starts so before it intersects them with the district. The words' full-text
    // matches are read as before, and a person found both ways keeps the higher rank, which is what
    // the one-read branch gives them: ts_rank plus one for the name.
    const typed = f.q.prefix?.split(' & ') ?? [];
    const word = typed.length === 1 && where.length === 0 ? /^(\p{L}+):\*A$/u.exec(typed[0])?.[1] : undefined;
    const wordBranch = (districts: SQL, people: SQL, vector: SQL) =>
      sql`(select m.user_id, max(m.sort_key) as sort_key from (
             (select w.user_id, 1::real as sort_key from profile_name_words w
               where ${districts} and w.word >= ${word}::text and w.word < ${word}::text || chr(1114111)
               limit ${RANK_POOL})
             union all
             (select p.user_id, ${rank(vector)} as sort_key from profiles p
               where p.active and ${people} and ${vector} @@ ${web}
               limit ${RANK_POOL})
           ) m group by m.user_id limit ${RANK_POOL})`;
    const networkDistricts = sql`select nd.district_id from network_districts nd
                where nd.network_id = any(${sql.param(f.viewerNetworkIds)}::uuid[])`;
    const parts = [
      word
        ? wordBranch(sql`w.district_id = ${D}`, sql`p.district_id = ${D}`, sql`p.search_all`)
        : branch(sql`p.district_id = ${D}`, sql`p.search_all`),
    ];
    if (f.viewerNetworkIds.length > 0) {
      const people = sql`p.district_id <> ${D} and p.district_id in (${networkDistricts})`;
      parts.push(
        word
          ? wordBranch(
              // The network's districts one after another on the words' index, until a pool's worth.
              sql`w.district_id = any(array(${networkDistricts} and nd.district_id <> ${D}))`,
              people,
              sql`p.search_network`,
            )
          : branch(people, sql`p.search_network`),
      );
    }
    // The page is chosen from the ranked pool by its keys alone, and only its rows are read whole,
    // by a statement of one shape planned once per connection (planning it cost more than the search).
    // The pool is a named statement too, one per shape (which branches and filters the search has):
    // planned afresh on every search it cost about as much as running it (decision 043).
    const shape = [
      name ? 'name' : '',
      word ? 'word' : '',
      f.viewerNetworkIds.length > 0 ? 'network' : '',
      f.subject ? 'subject' : '',
      f.gradeBand ? 'grade' : '',
      f.expertise ? 'expertise' : '',
      f.mentoring ?? '',
      f.schoolId ? 'school' : '',
      f.districtId ? 'district' : '',
      f.credentialId ? 'credential' : '',
      f.after ? 'after' : '',
    ]
      .filter(Boolean)
      .join('-');
    const page = await namedQuery<{ user_id: string; sort_key: number }>(
      tx,
      `profiles-directory-pool${shape ? `-${shape}` : ''}`,
      sql`
      with pool as materialized (
        select user_id, sort_key from (${sql.join(parts, sql` union all `)}) matches limit ${RANK_POOL}
      )
      select user_id, sort_key from pool
       ${f.after ? sql`where (sort_key < ${f.after.key}::real or (sort_key = ${f.after.key}::real and user_id > ${f.after.id}))` : sql``}
       order by sort_key desc, user_id
       limit ${f.limit + 1}`,
    );
    if (page.length === 0) return [];
    // Rows another search read under the same directory version are taken as they are; the rest are
    // read by a statement of one shape, planned once per connection, which checks again that the
    // viewer may find each person (the pool was read a moment before, in its own statement).
    const rows = new Map<string, ProfileRow>();
    const missing: string[] = [];
    for (const { user_id } of page) {
      const known = knownRows?.get(user_id);
      if (known) rows.set(user_id, known);
      else missing.push(user_id);
    }
    if (missing.length) {
      const read = await namedQuery<ProfileRow>(
        tx,
        'profiles-directory-rows',
        sql`select ${PROFILE_COLUMNS} from ${PROFILE_FROM}
             where u.id = any(${sql.param(missing)}::uuid[]) and ${reachable(D, f.viewerNetworkIds)}`,
      );
      for (const row of read) {
        rows.set(row.id, row);
        knownRows?.set(row.id, row);
      }
    }
    return page.flatMap(({ user_id, sort_key }) => {
      const row = rows.get(user_id);
      return row ? [{ ...row, sort_key }] : [];
    });
  }
  const filter = and([
    reachable(D, f.viewerNetworkIds),
    ...directoryFilters(f, { id: sql`u.id`, district: sql`u.district_id` }),
  ]);
  // Alphabetical (sort_name is the lower-cased name, indexed with the id); the id breaks ties between
  // equal names, so pages never overlap.
  const { rows } = await tx.execute<ProfileRow & { sort_key: string }>(sql`
    select ${PROFILE_COLUMNS}, p.sort_name as sort_key
      from profiles p
      join users u on u.id = p.user_id
      join organizations d on d.id = u.district_id
      left join organizations s on s.id = p.school_id
     where ${filter}
       ${f.after ? sql`and (p.sort_name, p.user_id) > (${f.after.key}::text, ${f.after.id}::uuid)` : sql``}
     order by p.sort_name, p.user_id
     limit ${f.limit + 1}`);
  return rows;
}

/** The districts (with their schools) a viewer can search among: their own and their networks'. */
export async function listSearchableDistricts(
  tx: Tx,
  viewerDistrictId: string,
  viewerNetworkIds: string[],
): Promise<Array<{ id: string; name: string; schools: Array<{ id: string; name: string }> }>> {
  const { rows } = await tx.execute<{
    id: string;
    name: string;
    schools: Array<{ id: string; name: string }>;
  }>(sql`
    select d.id, d.name,
      coalesce((select json_agg(json_build_object('id', s.id, 'name', s.name) order by s.name)
                  from organizations s
                 where s.kind = 'school' and s.district_id = d.id and s.archived_at is null), '[]') as schools
      from organizations d
     where d.kind = 'district' and (d.id = ${viewerDistrictId} or d.id in (
       select nd.district_id from network_districts nd where nd.network_id = any(${sql.param(viewerNetworkIds)}::uuid[])))
     order by d.name`);
  return rows;
}

export type HomeBasics = ProfileRow & {
  networks: Array<{ id: string; name: string }>;
  /** The directory's data version as this row was read (readDirectoryVersion), for what the home caches. */
  directory_version: string | null;
};

/** One's own profile row with the networks one's district belongs to, and the directory's data version. */
export async function findHomeBasics(db: Db, userId: string): Promise<HomeBasics | null> {
  const rows = await namedQuery<HomeBasics>(
    db,
    'profiles-home',
    sql`
    select ${PROFILE_COLUMNS},
      coalesce((select json_agg(json_build_object('id', n.id, 'name', n.name) order by n.name)
                  from network_districts nd join organizations n on n.id = nd.network_id
                 where nd.district_id = u.district_id), '[]') as networks,
      (select dv.value::text from settings dv where dv.key = 'directory_version') as directory_version
      from ${PROFILE_FROM}
     where u.id = ${userId}`,
  );
  return rows[0] ?? null;
}

/**
 * Up to `limit` colleagues in other districts of the viewer's networks who share a subject and a
 * grade band, matched only on fields they show to the network.
 */
export async function findPeopleLikeYou(
  db: Db,
  args: {
    viewerDistrictId: string;
    viewerNetworkIds: string[];
    subjects: string[];
    gradeBands: string[];
    limit: number;
  },
): Promise<ProfileRow[]> {
  if (!args.subjects.length || !args.gradeBands.length || !args.viewerNetworkIds.length) return [];
  // Not a named statement: its best plan depends on how common the subjects are, and the generic
  // plan a prepared statement settles on after a few runs can scan every profile.
  const { rows } = await db.execute<ProfileRow>(sql`
    select ${PROFILE_COLUMNS} from ${PROFILE_FROM}
     where u.status = 'active' and u.district_id <> ${args.viewerDistrictId}
       and u.district_id in (select nd.district_id from network_districts nd
                              where nd.network_id = any(${sql.param(args.viewerNetworkIds)}::uuid[]))
       and p.subjects && ${sql.param(args.subjects)}::text[] and ${networkMaySee('subjects')}
       and p.grade_bands && ${sql.param(args.gradeBands)}::text[] and ${networkMaySee('gradeBands')}
     order by u.id
     limit ${sql.raw(String(Math.trunc(args.limit)))}`);
  return rows;
}

/** Active people per district, for the districts given. */
export async function countActiveByDistrict(tx: Tx, districtIds: string[]): Promise<Map<string, number>> {
  if (!districtIds.length) return new Map();
  const { rows } = await tx.execute<{ district_id: string; n: number }>(sql`
    select district_id, count(*)::int as n from users
     where status = 'active' and district_id = any(${sql.param(districtIds)}::uuid[])
     group by district_id`);
  return new Map(rows.map((r) => [r.district_id, r.n]));
}

/** The other districts sharing a network with this one. */
export async function listNetworkDistrictIds(tx: Tx, districtId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ district_id: string }>(sql`
    select distinct b.district_id from network_districts a
      join network_districts b on b.network_id = a.network_id
     where a.district_id = ${districtId} and b.district_id <> ${districtId}`);
  return rows.map((r) => r.district_id);
}
