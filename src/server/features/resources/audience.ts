import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { invalidField, NotFoundError } from '#server/platform/errors.ts';
import type { Audience, AudienceOptions } from '#shared/contracts/resources.ts';
import type { Licence } from '#shared/licences.ts';
import {
  canParticipate,
  findCommunity,
  readableCommunityIds,
  readableCommunitySql,
} from '../communities/index.ts';

/**
 * Who may see a shared thing (a resource or a collection). Every route, list, search, feed entry,
 * download and spread view asks `canSeeShared` or its SQL mirror `visibleSharedSql`; nothing
 * re-implements them.
 *
 * - private: the owner alone;
 * - community: whoever may read the community's content (its members; for an open community,
 *   everyone in its owner's scope);
 * - school, district, network: the people of that organization (a school: everyone assigned to it,
 *   itinerant staff in each of their schools; a network: every member district);
 * - public: everyone signed in to Trellis, in any district.
 *
 * A resource brought home to a school or district is also seen by the people there.
 */
export interface SharedAccess {
  ownerId: string;
  audience: Audience;
  audienceId: string | null;
}

export type Viewer = Pick<Actor, 'userId' | 'districtId' | 'schoolIds' | 'networkIds'>;

/** Facts about the viewer the row alone does not tell. */
export interface ViewerFacts {
  /** The viewer may read the content of the audience community. */
  readsCommunity: boolean;
  /** It was brought home to the viewer's school or district (resources only). */
  broughtHome: boolean;
}

export function canSeeShared(viewer: Viewer, s: SharedAccess, facts: ViewerFacts): boolean {
  if (s.ownerId === viewer.userId || facts.broughtHome) return true;
  switch (s.audience) {
    case 'private':
      return false;
    case 'community':
      return facts.readsCommunity;
    case 'school':
      return s.audienceId !== null && viewer.schoolIds.includes(s.audienceId);
    case 'district':
      return s.audienceId === viewer.districtId;
    case 'network':
      return s.audienceId !== null && viewer.networkIds.includes(s.audienceId);
    case 'public':
      return true;
  }
}

const NONE = '00000000-0000-0000-0000-000000000000';

/** The community a thing is shared with, if any: the context of the statements about it. */
export const audienceCommunity = (audience: Audience, audienceId: string | null) =>
  audience === 'community' ? audienceId : null;

/** The organizations a thing brought home to one of them is seen by: the viewer's schools and district. */
export function homeOrgIds(viewer: Viewer): string[] {
  return [...viewer.schoolIds, viewer.districtId];
}

/**
 * SQL: the viewer's side of visibility, once, as CTE bodies named by `visibleSharedSql`'s `scope`
 * option: `viewer_communities(id)` (the communities they may read) and `viewer_home(resource_id)`
 * (the resources brought home to their school or district). A statement that filters several
 * sets of resources computes them once instead of once per set.
 */
export function viewerScopeCtes(viewer: Viewer): SQL {
  return sql`viewer_communities as materialized (${readableCommunityIds(viewer)}),
    viewer_home as materialized (select vh.resource_id from home_shares vh
                                  where vh.target_id = any(${sql.param(homeOrgIds(viewer))}::uuid[]))`;
}

/**
 * SQL condition on an alias of `resources` or `collections`: the viewer may see the row (mirrors
 * canSeeShared). Pass `homeShares: true` for resources, whose home shares widen who sees them, and
 * `scope: true` inside a statement that starts with `viewerScopeCtes(viewer)`. Pass `few: true` when
 * asking of a handful of rows (a feed page): a community audience is then checked on that community
 * alone, instead of listing every community the viewer may read (thousands on a state network).
 */
export function visibleSharedSql(
  viewer: Viewer,
  alias: string,
  options: { homeShares: boolean; scope?: boolean; few?: boolean },
): SQL {
  const a = sql.raw(alias);
  const networks = viewer.networkIds.length ? viewer.networkIds : [NONE];
  const schools = viewer.schoolIds.length ? viewer.schoolIds : [NONE];
  const home = !options.homeShares
    ? sql``
    : options.scope
      ? sql`or ${a}.id in (select vh.resource_id from viewer_home vh)`
      : sql`or exists (select 1 from home_shares vh where vh.resource_id = ${a}.id
                       and vh.target_id = any(${sql.param(homeOrgIds(viewer))}::uuid[]))`;
  const communities = options.scope
    ? sql`select vc.id from viewer_communities vc`
    : readableCommunityIds(viewer);
  return sql`(${a}.audience = 'public'
    or ${a}.owner_id = ${viewer.userId}
    or (${a}.audience = 'district' and ${a}.audience_id = ${viewer.districtId})
    or (${a}.audience = 'school' and ${a}.audience_id = any(${sql.param(schools)}::uuid[]))
    or (${a}.audience = 'network' and ${a}.audience_id = any(${sql.param(networks)}::uuid[]))
    or (${a}.audience = 'community' and ${
      options.few
        ? sql`exists (select 1 from communities ac where ac.id = ${a}.audience_id and ${readableCommunitySql(viewer, 'ac')})`
        : sql`${a}.audience_id in (${communities})`
    })
    ${home})`;
}

/**
 * Checks that the actor may share to this audience: one of their schools, their district or one of their
 * district's networks, or a community they take part in. Names the field otherwise.
 */
export async function checkAudience(
  tx: Tx,
  actor: Actor,
  audience: Audience,
  audienceId: string | null | undefined,
): Promise<string | null> {
  const field = '/body/audienceId';
  if (audience === 'private' || audience === 'public') return null;
  if (!audienceId) throw invalidField(field, `is required when sharing with a ${audience}`);
  switch (audience) {
    case 'school':
      if (!actor.schoolIds.includes(audienceId)) throw invalidField(field, 'must be a school you belong to');
      return audienceId;
    case 'district':
      if (audienceId !== actor.districtId) throw invalidField(field, 'must be your own district');
      return audienceId;
    case 'network':
      if (!actor.networkIds.includes(audienceId))
        throw invalidField(field, 'must be a network your district belongs to');
      return audienceId;
    case 'community': {
      const community = await findCommunity(tx, actor, audienceId);
      if (!community || !canParticipate(community))
        throw invalidField(field, 'must be a community you are an active member of');
      return audienceId;
    }
  }
}

/**
 * A remix reaches no further than its source: otherwise sharing a copy widely would hand the
 * source's content (and its files) to people the source was never shared with. A remix may be kept
 * private, shared with the source's own audience, with a part of it (a district or school inside the
 * source's network, a school inside its district), or with a school or district the source was
 * brought home to. A community source stays in its community.
 */
export async function checkRemixAudience(
  tx: Tx,
  source: Pick<VisibleResourceRow, 'id' | 'audience' | 'audience_id'>,
  audience: Audience,
  audienceId: string | null,
): Promise<void> {
  if (source.audience === 'public' || audience === 'private') return;
  if (audience === source.audience && audienceId === source.audience_id) return;
  const target = audienceId ?? NONE;
  const outer = source.audience_id ?? NONE;
  const { rows } = await tx.execute<{ within: boolean }>(sql`
    select (
      (${source.audience} = 'network' and ${audience} = 'district' and exists (
         select 1 from network_districts nd where nd.network_id = ${outer} and nd.district_id = ${target}))
      or (${source.audience} = 'network' and ${audience} = 'school' and exists (
         select 1 from organizations s join network_districts nd on nd.district_id = s.district_id
          where s.id = ${target} and s.kind = 'school' and nd.network_id = ${outer}))
      or (${source.audience} = 'district' and ${audience} = 'school' and exists (
         select 1 from organizations s where s.id = ${target} and s.kind = 'school' and s.district_id = ${outer}))
      or (${audience} in ('school', 'district') and exists (
         select 1 from home_shares h where h.resource_id = ${source.id} and h.target_id = ${target}))
    ) as within`);
  if (!rows[0]?.within)
    throw invalidField(
      '/body/audience',
      `must not reach further than the resource it remixes, which is shared with ${describeAudience(source.audience)}`,
    );
}

const describeAudience = (audience: Audience): string =>
  ({
    private: 'its owner only',
    community: 'one community',
    school: 'one school',
    district: 'one district',
    network: 'one network',
    public: 'everyone on Trellis',
  })[audience];

/**
 * Where the actor may share, named for the audience picker of resources and collections; offers
 * exactly what checkAudience accepts: their schools, district and district's networks, and the
 * communities they are an active member of that are not archived.
 */
export async function audienceOptions(tx: Tx, actor: Actor): Promise<AudienceOptions> {
  const orgIds = [actor.districtId, ...actor.schoolIds, ...actor.networkIds];
  const { rows } = await tx.execute<{ id: string; name: string; kind: string }>(sql`
    select o.id, o.name, o.kind from organizations o where o.id = any(${sql.param(orgIds)}::uuid[])
    union all
    select c.id, c.name, 'community' from community_members m join communities c on c.id = m.community_id
     where m.user_id = ${actor.userId} and m.status = 'active' and c.archived_at is null
    order by 2`);
  const named = (kind: string) => rows.filter((r) => r.kind === kind).map(({ id, name }) => ({ id, name }));
  const org = (id: string | null) => rows.find((r) => r.id === id && r.kind !== 'community');
  const school = org(actor.schoolId);
  const district = org(actor.districtId);
  return {
    school: school ? { id: school.id, name: school.name } : null,
    schools: named('school'),
    district: { id: actor.districtId, name: district?.name ?? 'My district' },
    networks: named('network'),
    communities: named('community'),
  };
}

export type VisibleResourceRow = {
  id: string;
  owner_id: string;
  title: string;
  version: number;
  audience: Audience;
  audience_id: string | null;
  licence: Licence;
};

/**
 * The resource if it stands and the viewer may see it, else null: what a use case on one resource
 * loads first. `lock` takes the row for the rest of the transaction, so changes to its counts made
 * at the same time happen one after the other.
 */
export async function findVisibleResource(
  tx: Tx,
  viewer: Viewer,
  resourceId: string,
  lock = false,
): Promise<VisibleResourceRow | null> {
  const { rows } = await tx.execute<VisibleResourceRow>(sql`
    select r.id, r.owner_id, r.title, r.version, r.audience, r.audience_id, r.licence from resources r
     where r.id = ${resourceId} and r.deleted_at is null and ${visibleSharedSql(viewer, 'r', { homeShares: true })}
     ${lock ? sql`for no key update of r` : sql``}`);
  return rows[0] ?? null;
}

/** The resource the viewer may see (see findVisibleResource), or a 404: it does not exist for them. */
export async function visibleResourceOr404(
  tx: Tx,
  viewer: Viewer,
  resourceId: string,
  lock = false,
): Promise<VisibleResourceRow> {
  const resource = await findVisibleResource(tx, viewer, resourceId, lock);
  if (!resource) throw new NotFoundError('No such resource.');
  return resource;
}
