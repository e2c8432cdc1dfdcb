/** The SQL of the first-visit checklist: what the person has done, and what to suggest. */
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import { visibleCommunitySql } from '#server/features/communities/index.ts';
import type { Actor } from '#server/platform/auth.ts';

async function rows<T>(tx: Tx, query: SQL): Promise<T[]> {
  return (await tx.execute<T & Record<string, unknown>>(query)).rows as T[];
}

export interface ProgressRow {
  subjects: string[];
  profile_done: boolean;
  community_done: boolean;
  follow_done: boolean;
  library_done: boolean;
  dismissed: boolean;
}

/**
 * Each step read from the person's state: a profile with subjects, grade bands and a line about
 * them; an active membership of a community of one of their subjects (of any community when they
 * named none); someone they follow; the library opened.
 */
export async function findProgress(tx: Tx, userId: string): Promise<ProgressRow> {
  const [row] = await rows<ProgressRow>(
    tx,
    sql`select coalesce(p.subjects, '{}') as subjects,
               (cardinality(coalesce(p.subjects, '{}')) > 0 and cardinality(coalesce(p.grade_bands, '{}')) > 0
                 and coalesce(btrim(p.bio), '') <> '') as profile_done,
               exists (select 1 from community_members m join communities c on c.id = m.community_id
                        where m.user_id = ${userId} and m.status = 'active' and c.archived_at is null
                          and (cardinality(coalesce(p.subjects, '{}')) = 0 or c.subjects && p.subjects)) as community_done,
               exists (select 1 from follows f where f.follower_id = ${userId}) as follow_done,
               coalesce(o.library_visited_at is not null, false) as library_done,
               coalesce(o.dismissed_at is not null, false) as dismissed
          from users u
          left join profiles p on p.user_id = u.id
          left join onboarding_progress o on o.user_id = u.id
         where u.id = ${userId}`,
  );
  return row;
}

export interface CommunityRow {
  id: string;
  name: string;
  member_count: number;
  join_policy: 'open' | 'request';
  of_school: boolean;
  subject: string | null;
}

/**
 * Communities to join: those of the person's schools, then those of their subjects, that they may
 * see and join (open or by request), are not in yet and that are not archived; busiest first.
 */
export function listSuggestedCommunities(
  tx: Tx,
  args: { actor: Actor; subjects: string[]; limit: number },
): Promise<CommunityRow[]> {
  const schools = args.actor.schoolIds.length
    ? args.actor.schoolIds
    : ['00000000-0000-0000-0000-000000000000'];
  return rows<CommunityRow>(
    tx,
    sql`select c.id, c.name, c.member_count, c.join_policy,
               (c.owner_kind = 'school' and c.owner_id = any(${sql.param(schools)}::uuid[])) as of_school,
               (select s from unnest(c.subjects) s where s = any(${sql.param(args.subjects)}::text[]) limit 1) as subject
          from communities c
         where c.archived_at is null and c.join_policy in ('open', 'request')
           and ${visibleCommunitySql(args.actor)}
           and ((c.owner_kind = 'school' and c.owner_id = any(${sql.param(schools)}::uuid[]))
                or c.subjects && ${sql.param(args.subjects)}::text[])
           and not exists (select 1 from community_members m where m.community_id = c.id
                            and m.user_id = ${args.actor.userId} and m.status in ('active', 'requested', 'removed'))
         order by of_school desc, c.member_count desc, c.id
         limit ${args.limit}`,
  );
}

export interface ColleagueRow {
  id: string;
  name: string;
  shared: string;
}

/** Colleagues of the person's district who share a school or a subject, not followed yet. */
export function listSuggestedColleagues(
  tx: Tx,
  args: { actor: Actor; subjects: string[]; limit: number },
): Promise<ColleagueRow[]> {
  const schools = args.actor.schoolIds.length
    ? args.actor.schoolIds
    : ['00000000-0000-0000-0000-000000000000'];
  return rows<ColleagueRow>(
    tx,
    sql`select u.id, u.name,
               coalesce((select o.name from memberships sm join organizations o on o.id = sm.organization_id
                          where sm.user_id = u.id and sm.organization_id = any(${sql.param(schools)}::uuid[])
                          order by o.name limit 1),
                        (select s from unnest(p.subjects) s where s = any(${sql.param(args.subjects)}::text[]) limit 1)) as shared
          from users u join profiles p on p.user_id = u.id
         where u.district_id = ${args.actor.districtId} and u.status = 'active' and u.id <> ${args.actor.userId}
           and (exists (select 1 from memberships sm where sm.user_id = u.id
                         and sm.organization_id = any(${sql.param(schools)}::uuid[]))
                or p.subjects && ${sql.param(args.subjects)}::text[])
           and not exists (select 1 from follows f where f.follower_id = ${args.actor.userId} and f.followee_id = u.id)
         order by u.last_signed_in_at desc nulls last, u.name, u.id
         limit ${args.limit}`,
  );
}

export async function markLibraryVisited(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`
    insert into onboarding_progress (user_id, library_visited_at) values (${userId}, now())
    on conflict (user_id) do update
      set library_visited_at = coalesce(onboarding_progress.library_visited_at, excluded.library_visited_at)`);
}

export async function setDismissed(tx: Tx, userId: string, dismissed: boolean): Promise<void> {
  await tx.execute(sql`
    insert into onboarding_progress (user_id, dismissed_at) values (${userId}, ${dismissed ? sql`now()` : sql`null`})
    on conflict (user_id) do update set dismissed_at = excluded.dismissed_at`);
}
