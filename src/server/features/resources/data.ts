import { defineData } from '#server/platform/data-classes.ts';

// A resource's class is its audience; one shared only with its owner is theirs and stays out of the
// district's export.
const ofDistrictResources =
  "resource_id in (select id from resources where district_id = $1 and audience <> 'private')";

/** The resource library: what people share stays when they go, as a Former member's. */
export default defineData({
  tables: {
    resources: {
      class: 'district',
      people: { owner_id: { erase: 'deidentify', export: true } },
      district: "district_id = $1 and audience <> 'private'",
    },
    resource_versions: {
      class: 'district',
      people: { edited_by: { erase: 'deidentify', export: true } },
      district: ofDistrictResources,
    },
    resource_files: {
      class: 'district',
      people: { uploader_id: { erase: 'deidentify', export: true } },
      files: ['file_key'],
      // Files of the district's shared resources; a private resource's files stay its owner's.
      district: `id in (select vf.file_id from resource_version_files vf where vf.${ofDistrictResources})`,
    },
    resource_version_files: {
      class: 'district',
      linkedTo: 'resource_id in (select id from resources where owner_id = $1)',
      district: ofDistrictResources,
    },
    resource_reviews: {
      class: 'district',
      people: { reviewer_id: { erase: 'deidentify', export: true } },
      district: ofDistrictResources,
    },
    resource_tries: {
      class: 'district',
      people: { user_id: { erase: 'deidentify', export: true } },
      district: 'district_id = $1',
    },
    // Terms of the resources' search documents under the keys everyone in a network holds (decision 042).
    library_postings: { class: 'district' },
    resource_endorsements: {
      class: 'community',
      people: { endorser_id: { erase: 'deidentify', export: true } },
      district: 'community_id in (select id from communities where district_id = $1)',
    },
  },
});
