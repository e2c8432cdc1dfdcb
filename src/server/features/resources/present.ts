import { type SQL, sql } from 'drizzle-orm';
import type { Audience, AudienceView, ResourceSummary } from '#shared/contracts/resources.ts';
import { readableCommunityIds } from '../communities/index.ts';
import { type Viewer, visibleSharedSql } from './audience.ts';

/**
 * SQL: the name of a shared thing's audience as the viewer may see it. A community is named only to
 * those who may read it; the others see "a community".
 */
export function audienceNameSql(viewer: Viewer, alias: string): SQL {
  const a = sql.raw(alias);
  return sql`case
      when ${a}.audience in ('school', 'district', 'network')
        then (select ao.name from organizations ao where ao.id = ${a}.audience_id)
      when ${a}.audience = 'community'
        then (select ac.name from communities ac where ac.id = ${a}.audience_id
                and ac.id in (${readableCommunityIds(viewer)}))
    end`;
}

/** SQL select list for a ResourceSummary of `resources` alias `alias`; read it with toResourceSummary. */
export function resourceSummaryColumns(viewer: Viewer, alias = 'r'): SQL {
  const a = sql.raw(alias);
  return sql`${a}.id, ${a}.kind, ${a}.title, ${a}.summary, ${a}.subjects, ${a}.grade_bands, ${a}.alignments,
    ${a}.licence, ${a}.owner_id, (select ru.name from users ru where ru.id = ${a}.owner_id) as owner_name,
    ${a}.audience, ${audienceNameSql(viewer, alias)} as audience_name, ${a}.version, ${a}.rating,
    ${a}.review_count, ${a}.tried_count, ${a}.remix_count, ${a}.endorsement_count, ${a}.remix_of_id,
    (select rs.title from resources rs where rs.id = ${a}.remix_of_id and rs.deleted_at is null
       and ${visibleSharedSql(viewer, 'rs', { homeShares: true })}) as remix_of_title,
    ${a}.updated_at`;
}

export interface ResourceSummaryRow {
  id: string;
  kind: ResourceSummary['kind'];
  title: string;
  summary: string;
  subjects: ResourceSummary['subjects'];
  grade_bands: ResourceSummary['gradeBands'];
  alignments: string[];
  licence: ResourceSummary['licence'];
  owner_id: string;
  owner_name: string | null;
  audience: Audience;
  audience_name: string | null;
  version: number;
  rating: number | null;
  review_count: number;
  tried_count: number;
  remix_count: number;
  endorsement_count: number;
  remix_of_id: string | null;
  remix_of_title: string | null;
  updated_at: string | Date;
}

export function toAudienceView(audience: Audience, name: string | null): AudienceView {
  return { audience, name: audience === 'private' || audience === 'public' ? null : name };
}

export function toResourceSummary(row: ResourceSummaryRow): ResourceSummary {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    subjects: row.subjects,
    gradeBands: row.grade_bands,
    alignments: row.alignments,
    licence: row.licence,
    owner: { id: row.owner_id, name: row.owner_name ?? '' },
    audience: toAudienceView(row.audience, row.audience_name),
    version: row.version,
    rating: row.rating === null ? null : Math.round(Number(row.rating) * 100) / 100,
    reviewCount: row.review_count,
    triedCount: row.tried_count,
    remixCount: row.remix_count,
    endorsementCount: row.endorsement_count,
    // The source is named only while it stands and the viewer may see it.
    remixOf:
      row.remix_of_id && row.remix_of_title ? { id: row.remix_of_id, title: row.remix_of_title } : null,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
