/**
 * Test data for the resource library, written straight to the tables so a feature's tests depend
 * only on the schema and not on another feature's routes.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { ResourceItem } from '#server/db/schema.ts';
import type { Audience } from '#shared/contracts/resources.ts';
import type { Licence } from '#shared/licences.ts';

/** A resource at version 1 (its version row included), owned by a person of a district. */
export async function buildResource(
  db: Db,
  r: {
    ownerId: string;
    districtId: string;
    schoolId?: string | null;
    audience?: Audience;
    audienceId?: string | null;
    kind?: string;
    title?: string;
    summary?: string;
    subjects?: string[];
    gradeBands?: string[];
    alignments?: string[];
    licence?: Licence;
    items?: ResourceItem[];
    remixOfId?: string | null;
  },
) {
  const id = uuidv7();
  const title = r.title ?? `Resource ${id.slice(-6)}`;
  const fields = {
    kind: r.kind ?? 'lesson',
    summary: r.summary ?? 'A resource for tests.',
    subjects: sql.param(r.subjects ?? ['Mathematics']),
    gradeBands: sql.param(r.gradeBands ?? ['3-5']),
    alignments: sql.param(r.alignments ?? []),
    licence: r.licence ?? 'cc-by',
  };
  await db.execute(sql`
    insert into resources (id, owner_id, district_id, school_id, audience, audience_id, kind, title, summary,
                           subjects, grade_bands, alignments, licence, remix_of_id, remix_of_version)
    values (${id}, ${r.ownerId}, ${r.districtId}, ${r.schoolId ?? null}, ${r.audience ?? 'district'},
            ${r.audience === 'private' || r.audience === 'public' ? null : (r.audienceId ?? r.districtId)},
            ${fields.kind}, ${title}, ${fields.summary}, ${fields.subjects}::text[], ${fields.gradeBands}::text[],
            ${fields.alignments}::text[], ${fields.licence}, ${r.remixOfId ?? null}, ${r.remixOfId ? 1 : null})`);
  await db.execute(sql`
    insert into resource_versions (resource_id, version, kind, title, summary, subjects, grade_bands, alignments,
                                   licence, items, edited_by)
    values (${id}, 1, ${fields.kind}, ${title}, ${fields.summary}, ${fields.subjects}::text[],
            ${fields.gradeBands}::text[], ${fields.alignments}::text[], ${fields.licence},
            ${JSON.stringify(r.items ?? [])}::jsonb, ${r.ownerId})`);
  return { id, title };
}
