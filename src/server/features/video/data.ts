import { defineData } from '#server/platform/data-classes.ts';
import * as q from './queries.ts';

const ofDistrictVideos = 'video_id in (select id from videos where district_id = $1)';
const ofTheirVideos = 'video_id in (select id from videos where owner_id = $1)';

/**
 * Lesson videos may show students, so they are the teacher's own (`person`): in their export with
 * the files, in no district export. What others wrote on them (comments, who watched) belongs to
 * the teacher and that person (`pair`). Erasing the teacher deletes their videos and files;
 * erasing a commenter keeps their comments for the teacher, by no one.
 */
export default defineData({
  tables: {
    videos: {
      class: 'person',
      people: { owner_id: { erase: 'delete', export: true } },
      district: 'district_id = $1',
      files: ['source_key'],
    },
    video_renditions: {
      class: 'person',
      linkedTo: ofTheirVideos,
      district: ofDistrictVideos,
      files: ['storage_key'],
    },
    video_grants: {
      class: 'pair',
      people: { user_id: { erase: 'delete', export: false }, granted_by: { erase: 'clear', export: false } },
      linkedTo: ofTheirVideos,
      district: ofDistrictVideos,
    },
    video_comments: {
      class: 'pair',
      people: { author_id: { erase: 'deidentify', export: true } },
      district: ofDistrictVideos,
    },
    video_captions: {
      class: 'person',
      people: { updated_by: { erase: 'clear', export: false } },
      linkedTo: ofTheirVideos,
      district: ofDistrictVideos,
    },
    video_views: {
      class: 'pair',
      columns: { token_hash: 'secret' },
      people: { viewer_id: { erase: 'delete', export: true } },
      district: ofDistrictVideos,
    },
    district_video_policies: {
      class: 'district',
      people: { updated_by: { erase: 'clear', export: false } },
      district: 'district_id = $1',
    },
  },
  /** The person's videos go whole: rows (by the declarations) and their files, once erasure commits. */
  async erase({ tx, personId, removeFile }) {
    for (const key of await q.filesOfOwner(tx, personId)) removeFile(key);
    await tx.execute(
      (await import('drizzle-orm'))
        .sql`delete from video_comments where video_id in (select id from videos where owner_id = ${personId})`,
    );
  },
});
