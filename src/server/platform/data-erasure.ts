/**
 * Erasing a person, from the data-class declarations, in the caller's transaction: a new "Former
 * member" account takes the person's place where their words stay (posts, resources, reviews), the
 * rows that are theirs alone go, and finally their account row goes. Because every column naming a
 * person is a foreign key to that row, PostgreSQL itself refuses the erasure if any were missed.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';
import { declaredTables, FORMER_MEMBER_NAME, type FeatureData } from './data-classes.ts';

export interface ErasureResult {
  /** The account standing in for the person where their contributions stay. */
  formerId: string;
  /** Rows changed to name the Former member or to name no one, and rows deleted. */
  deidentified: number;
  deleted: number;
  /** Stored files the erasure let go: delete them from storage after the transaction commits. */
  filesToRemove: string[];
}

/** The address an erasure gives its Former member: reserved (`.invalid`), so no mail ever reaches it. */
const formerMemberEmail = (id: string) => `former-member-${id}@trellis.invalid`;

/** Former members' addresses as a SQL LIKE pattern: lists of a district's people leave them out. */
export const FORMER_MEMBER_EMAIL_LIKE = 'former-member-%@trellis.invalid';

/** Whether an account is the Former member of an earlier erasure. */
export const isFormerMember = (email: string) => /^former-member-[0-9a-f-]{36}@trellis\.invalid$/.test(email);

const count = (result: unknown) => (result as { rowCount?: number | null }).rowCount ?? 0;

/** Erases one person in `tx`: call inside a transaction, with the person's row already locked. */
export async function erasePerson(args: {
  tx: Tx;
  data: readonly FeatureData[];
  personId: string;
  districtId: string;
}): Promise<ErasureResult> {
  const { tx, personId, districtId } = args;
  const formerId = uuidv7();
  // One Former member per erasure: every unique rule over (thing, person) still holds after the
  // swap, and the new id links to nothing the person was known by.
  await tx.execute(sql`
    insert into users (id, email, name, district_id, status)
    values (${formerId}, ${formerMemberEmail(formerId)}, ${FORMER_MEMBER_NAME}, ${districtId}, 'deactivated')`);
  const filesToRemove: string[] = [];
  const context = {
    tx,
    personId,
    formerId,
    districtId,
    removeFile: (key: string) => filesToRemove.push(key),
  };
  for (const feature of args.data) await feature.erase?.(context);

  const tables = declaredTables(args.data).filter((t) => t.name !== 'users');
  let deidentified = 0;
  let deleted = 0;
  for (const table of tables) {
    for (const [column, rule] of Object.entries(table.people ?? {})) {
      const name = sql.identifier(table.name);
      const col = sql.identifier(column);
      if (rule.erase === 'deidentify')
        deidentified += count(
          await tx.execute(sql`update ${name} set ${col} = ${formerId} where ${col} = ${personId}`),
        );
      else if (rule.erase === 'clear')
        deidentified += count(
          await tx.execute(sql`update ${name} set ${col} = null where ${col} = ${personId}`),
        );
    }
  }
  for (const table of tables) {
    for (const [column, rule] of Object.entries(table.people ?? {})) {
      if (rule.erase !== 'delete') continue;
      deleted += count(
        await tx.execute(
          sql`delete from ${sql.identifier(table.name)} where ${sql.identifier(column)} = ${personId}`,
        ),
      );
    }
  }
  deleted += count(await tx.execute(sql`delete from users where id = ${personId}`));
  return { formerId, deidentified, deleted, filesToRemove };
}
