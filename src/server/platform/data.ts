import { sql } from 'drizzle-orm';
import { defineData, FORMER_MEMBER_NAME } from './data-classes.ts';
import { VERBS } from './statements.ts';

/**
 * The object types of statements about what is private to a person: the person's learning entries,
 * licences, transcripts and credit claims (decisions 051, 052), and their direct-message conversations.
 */
export const PRIVATE_STATEMENT_OBJECTS = [
  'learning_entry',
  'licence',
  'transcript',
  'credit_claim',
  'conversation',
] as const;

/** The platform's own tables: the activity stream, rate-limit counters and the benchmark's row. */
export default defineData({
  tables: {
    // A statement about what is private to a person (their learning log, licences, transcripts and
    // credit claims, their conversations) stays out of the district's export, as its rows do; the
    // person's own export carries it, and the district's retention deletes it like the rest (decision 051).
    statements: {
      class: 'district',
      people: { actor_id: { erase: 'deidentify', export: true } },
      district: 'district_id = $1',
      // A teacher's submission for credit names the credit type, not the claim: it is theirs as well.
      privateRows: `object_type in (${PRIVATE_STATEMENT_OBJECTS.map((t) => `'${t}'`).join(', ')}) or (object_type = 'credit_type' and verb = '${VERBS.submitted}')`,
      retention: { kind: 'activity', column: 'stored' },
    },
    // Keyed by hashed addresses and networks, kept only to slow down guessing: never exported.
    sign_in_failures: { class: 'secret' },
    settings: { class: 'public' },
  },
  // A statement names its actor in its xAPI body too, and a follow names the person followed as its
  // object: both now name the Former member, so the stream keeps its shape and loses the person.
  async erase({ tx, personId, formerId }) {
    await tx.execute(sql`
      update statements
         set actor_id = ${formerId},
             body = jsonb_set(jsonb_set(body, '{actor,name}', to_jsonb(${FORMER_MEMBER_NAME}::text)),
                              '{actor,account,name}', to_jsonb(${formerId}::text))
       where actor_id = ${personId}`);
    await tx.execute(sql`
      update statements
         set object_id = ${formerId},
             body = jsonb_set(body #- '{object,definition,name}', '{object,id}',
                              to_jsonb(replace(body #>> '{object,id}', ${personId}::text, ${formerId}::text)))
       where object_type = 'person' and object_id = ${personId}`);
  },
});
