import { defineData } from '#server/platform/data-classes.ts';

const ofDistrictCommunities = 'community_id in (select id from communities where district_id = $1)';
const ofDistrictPeople = 'user_id in (select id from users where district_id = $1)';
const ofDistrictPosts = `post_id in (select id from posts where ${ofDistrictCommunities})`;

/** Threads and posts belong to their community; an erased author's words stay as a Former member's. */
export default defineData({
  tables: {
    threads: {
      class: 'community',
      people: { author_id: { erase: 'deidentify', export: true } },
      district: ofDistrictCommunities,
    },
    // The thread page's cache version: a counter, naming no one.
    thread_page_versions: {
      class: 'community',
      district: `thread_id in (select id from threads where ${ofDistrictCommunities})`,
    },
    posts: {
      class: 'community',
      // The client's retry token says nothing to anyone once the post is saved.
      columns: { idempotency_key: 'secret' },
      people: {
        author_id: { erase: 'deidentify', export: true },
        hidden_by: { erase: 'clear', export: false },
      },
      district: ofDistrictCommunities,
    },
    post_revisions: {
      class: 'community',
      linkedTo: 'post_id in (select id from posts where author_id = $1)',
      district: ofDistrictPosts,
    },
    post_reactions: {
      class: 'community',
      people: { user_id: { erase: 'deidentify', export: true } },
      district: ofDistrictPosts,
    },
    post_attachments: {
      class: 'community',
      people: { uploader_id: { erase: 'deidentify', export: true } },
      files: ['file_key'],
      district: ofDistrictPosts,
    },
    post_reports: {
      class: 'community',
      people: {
        reporter_id: { erase: 'deidentify', export: true },
        resolved_by: { erase: 'clear', export: false },
      },
      district: ofDistrictCommunities,
    },
    // Unread counts' version of a community's threads (decision 070): counters, naming no one.
    community_thread_versions: {
      class: 'community',
      district: ofDistrictCommunities,
    },
    // Reading (decision 053): private to the person, never in a district's export.
    discussion_drafts: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictPeople,
    },
    thread_reads: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictPeople,
    },
    community_reads: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictPeople,
    },
    bookmarks: {
      class: 'person',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofDistrictPeople,
    },
  },
});
