import { sql } from 'drizzle-orm';
import { defineData } from '#server/platform/data-classes.ts';

const ofIssuedCredentials = 'credential_id in (select id from micro_credentials where issuer_org_id = $1)';
const ofOwnSubmissions = `submission_id in (select id from submissions where owner_id = $1)
  or submission_id in (select submission_id from submission_members where user_id = $1)`;
/**
 * Assessors' reviews of a person's own submissions, only once the person may read them (a past
 * round, or the decision made: canSeeReview in earning/policy.ts): blind reviews of an open round
 * stay with the assessors.
 */
const decidedReviewsOfOwnSubmissions = `submission_id in (select s.id from submissions s
   where (s.owner_id = $1 or s.id in (select submission_id from submission_members where user_id = $1))
     and (submission_reviews.round < s.round or s.status in ('earned', 'revise')))`;

/**
 * Frameworks and credentials belong to the district that publishes them; evidence is private to the
 * person or team who submitted it and the assessors who judge it; a signed key is a secret.
 */
export default defineData({
  tables: {
    competency_frameworks: {
      class: 'district',
      people: { created_by: { erase: 'clear', export: false } },
      district: 'owner_org_id = $1',
    },
    competencies: {
      class: 'district',
      district: 'framework_id in (select id from competency_frameworks where owner_org_id = $1)',
    },
    micro_credentials: {
      class: 'district',
      people: { created_by: { erase: 'deidentify', export: true } },
      district: 'issuer_org_id = $1',
    },
    micro_credential_versions: {
      class: 'district',
      people: { created_by: { erase: 'deidentify', export: true } },
      files: ['image_key'],
      district: ofIssuedCredentials,
    },
    micro_credential_assessors: {
      class: 'district',
      people: { user_id: { erase: 'delete', export: true } },
      district: ofIssuedCredentials,
    },
    stack_members: {
      class: 'district',
      district: 'stack_id in (select id from micro_credentials where issuer_org_id = $1)',
    },
    submissions: {
      class: 'pair',
      people: { owner_id: { erase: 'deidentify', export: true } },
      linkedTo: 'id in (select submission_id from submission_members where user_id = $1)',
      district: ofIssuedCredentials,
    },
    submission_members: {
      class: 'pair',
      people: { user_id: { erase: 'delete', export: true } },
      district: `submission_id in (select id from submissions where ${ofIssuedCredentials})`,
    },
    submission_rounds: {
      class: 'pair',
      linkedTo: ofOwnSubmissions,
      district: `submission_id in (select id from submissions where ${ofIssuedCredentials})`,
    },
    submission_reviews: {
      class: 'pair',
      people: { assessor_id: { erase: 'deidentify', export: true } },
      linkedTo: decidedReviewsOfOwnSubmissions,
      district: `submission_id in (select id from submissions where ${ofIssuedCredentials})`,
    },
    issuer_keys: {
      class: 'public',
      columns: { secret_key_encrypted: 'secret' },
      district: 'org_id = $1',
    },
    status_lists: { class: 'public', district: 'org_id = $1' },
    awards: {
      class: 'district',
      people: {
        recipient_id: { erase: 'delete', export: true },
        issued_by: { erase: 'clear', export: false },
        revoked_by: { erase: 'clear', export: false },
      },
      district: 'issuer_org_id = $1',
    },
    award_jobs: {
      class: 'district',
      people: { requested_by: { erase: 'deidentify', export: false } },
      district: ofIssuedCredentials,
    },
  },
  // A submission of the person alone goes with its rounds, reviews and awards: its evidence is theirs.
  // A team's stays for the rest of the team, with the person's part by a Former member. A cohort
  // award names its recipients in a list, which no longer holds them.
  async erase({ tx, personId }) {
    const alone = sql`select s.id from submissions s
       where s.owner_id = ${personId}
         and not exists (select 1 from submission_members m where m.submission_id = s.id and m.user_id <> ${personId})`;
    await tx.execute(sql`delete from awards where submission_id in (${alone})`);
    await tx.execute(sql`delete from submission_reviews where submission_id in (${alone})`);
    await tx.execute(sql`delete from submission_rounds where submission_id in (${alone})`);
    await tx.execute(sql`delete from submission_members where submission_id in (${alone})`);
    await tx.execute(sql`delete from submissions where id in (${alone})`);
    await tx.execute(sql`
      update award_jobs set recipient_ids = array_remove(recipient_ids, ${personId}::uuid)
       where ${personId}::uuid = any(recipient_ids)`);
  },
});
