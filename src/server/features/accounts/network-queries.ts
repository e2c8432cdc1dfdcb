/** The SQL of network membership: which districts make up which network. */
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import { FORMER_MEMBER_EMAIL_LIKE } from '#server/platform/data-erasure.ts';

async function rows<T>(tx: Tx, query: SQL): Promise<T[]> {
  return (await tx.execute<T & Record<string, unknown>>(query)).rows as T[];
}

/** Raw queries hand timestamptz over as text; this reads it (and passes Dates through). */
const toDate = (value: Date | string): Date =>
  value instanceof Date ? value : new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));

export interface NetworkRow {
  id: string;
  name: string;
}

/** These networks (by id), by name. */
export async function listNetworks(tx: Tx, ids: readonly string[]): Promise<NetworkRow[]> {
  if (ids.length === 0) return [];
  return rows<NetworkRow>(
    tx,
    sql`select id, name from organizations
         where kind = 'network' and archived_at is null and id = any(${sql.param([...ids])}::uuid[])
         order by lower(name), id`,
  );
}

/**
 * A network, locked for a change to its member districts, so two changes to one network never
 * interleave.
 */
export async function lockNetwork(tx: Tx, networkId: string): Promise<NetworkRow | undefined> {
  const [row] = await rows<NetworkRow>(
    tx,
    sql`select id, name from organizations where id = ${networkId} and kind = 'network' for update`,
  );
  return row;
}

export interface NetworkDistrictRow {
  id: string;
  name: string;
  joined_at: Date;
}

/** A network's member districts, by name. */
export async function listNetworkDistricts(tx: Tx, networkId: string): Promise<NetworkDistrictRow[]> {
  const found = await rows<NetworkDistrictRow>(
    tx,
    sql`select d.id, d.name, nd.joined_at
          from network_districts nd join organizations d on d.id = nd.district_id
         where nd.network_id = ${networkId}
         order by lower(d.name), d.id`,
  );
  return found.map((r) => ({ ...r, joined_at: toDate(r.joined_at) }));
}

/** Districts not yet in the network, by name. */
export async function listDistrictCandidates(
  tx: Tx,
  args: { networkId: string; limit: number },
): Promise<Array<{ id: string; name: string }>> {
  return rows<{ id: string; name: string }>(
    tx,
    sql`select d.id, d.name from organizations d
         where d.kind = 'district' and d.archived_at is null
           and not exists (select 1 from network_districts nd
                            where nd.network_id = ${args.networkId} and nd.district_id = d.id)
         order by lower(d.name), d.id
         limit ${args.limit}`,
  );
}

/** A district (open, not a school or network) by id. */
export async function findDistrict(
  tx: Tx,
  districtId: string,
): Promise<{ id: string; name: string } | undefined> {
  const [row] = await rows<{ id: string; name: string }>(
    tx,
    sql`select id, name from organizations where id = ${districtId} and kind = 'district' and archived_at is null`,
  );
  return row;
}

/** Adds a district to a network; undefined when it already belonged. */
export async function insertNetworkDistrict(
  tx: Tx,
  args: { networkId: string; districtId: string },
): Promise<{ joined_at: Date } | undefined> {
  const [row] = await rows<{ joined_at: Date }>(
    tx,
    sql`insert into network_districts (network_id, district_id) values (${args.networkId}, ${args.districtId})
        on conflict do nothing
        returning joined_at`,
  );
  return row && { joined_at: toDate(row.joined_at) };
}

/** Takes a district out of a network; the district's name when it belonged. */
export async function deleteNetworkDistrict(
  tx: Tx,
  args: { networkId: string; districtId: string },
): Promise<{ name: string } | undefined> {
  const [row] = await rows<{ name: string }>(
    tx,
    sql`with gone as (
          delete from network_districts where network_id = ${args.networkId} and district_id = ${args.districtId}
          returning district_id)
        select d.name from gone join organizations d on d.id = gone.district_id`,
  );
  return row;
}

/** People of a district who hold a session now: the ones whose open pages must hear of a change. */
export async function listSignedInPeople(tx: Tx, districtId: string): Promise<string[]> {
  const found = await rows<{ user_id: string }>(
    tx,
    sql`select distinct s.user_id from sessions s join users u on u.id = s.user_id
         where u.district_id = ${districtId} and s.expires_at > now()`,
  );
  return found.map((r) => r.user_id);
}

export interface DistrictAdoptionRow {
  id: string;
  name: string;
  staff: number;
  signed_in: number;
  active_recently: number;
  communities: number;
  posts: number;
}

/**
 * Each member district's adoption: active staff, of them those who signed in at least once and
 * those seen in the last 30 days (a sign-in, or a session in use), the district's open communities,
 * and the posts written in the last 30 days in the communities it owns (its schools' and its own),
 * each community's read as one range of `posts_community_idx`.
 */
export async function listDistrictAdoption(tx: Tx, networkId: string): Promise<DistrictAdoptionRow[]> {
  return rows<DistrictAdoptionRow>(
    tx,
    sql`select d.id, d.name,
               coalesce(st.staff, 0)::int as staff,
               coalesce(st.signed_in, 0)::int as signed_in,
               coalesce(st.active_recently, 0)::int as active_recently,
               (select count(*) from communities c
                 where c.district_id = d.id and c.archived_at is null)::int as communities,
               (select count(*) from communities pc
                  join posts p on p.community_id = pc.id and p.created_at >= now() - interval '30 days'
                 where pc.district_id = d.id and p.deleted_at is null)::int as posts
          from network_districts nd
          join organizations d on d.id = nd.district_id
          left join lateral (
            select count(*) as staff,
                   count(*) filter (where u.last_signed_in_at is not null) as signed_in,
                   count(*) filter (where u.last_signed_in_at >= now() - interval '30 days'
                     or exists (select 1 from sessions s where s.user_id = u.id
                                  and s.last_seen_at >= now() - interval '30 days')) as active_recently
              from users u
             where u.district_id = d.id and u.status = 'active' and u.email not like ${FORMER_MEMBER_EMAIL_LIKE}
          ) st on true
         where nd.network_id = ${networkId}
         order by lower(d.name), d.id`,
  );
}
