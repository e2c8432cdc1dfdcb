import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '#server/db/client.ts';
import type { Feature } from './feature.ts';
import { VERBS, type Verb } from './statements.ts';

/**
 * A kind of learning Trellis records from its own activity, declared by the feature whose statements
 * it is made from (decision 051): which statements (verb and object type) are learning, the kind and
 * label the learning log shows, the title and a default duration. Trellis writes the person's
 * `learning_entries` row in the transaction that records the statement, as it writes feed items.
 * Later features (events, inquiry cycles, coaching, mentoring) add their kinds the same way.
 */
export interface LearningKind {
  /** Stored as the entry's kind; unique across Trellis and apart from the hand kinds (`credential_earned`). */
  kind: string;
  /** How the log names the kind: `Micro-credential earned`. */
  label: string;
  /** The statements it is made from: their verbs (Trellis's names, or any IRI) and object types. */
  verbs: readonly (Verb | `${'http' | 'https'}://${string}`)[];
  objectTypes: readonly string[];
  /** Minutes an entry of this kind lasts until someone says otherwise; null when nothing can be assumed. */
  minutes: number | null;
  /**
   * SQL over a `statements` row `s` giving the entry's minutes when the statement says how long it
   * took (an observation of 45 minutes, in its xAPI `result.duration`); `minutes` when absent.
   */
  minutesOf?: (s: SQL) => SQL;
  /**
   * Counted once per person and thing (a credential earned, a community joined, a resource reviewed
   * however often the review is edited); otherwise each statement is an entry of its own (each time
   * a resource is tried in class).
   */
  oncePerObject?: boolean;
  /**
   * SQL over a `statements` row `s` giving the entry's title (text). The statement's object name
   * when absent.
   */
  title?: (s: SQL) => SQL;
}

/** Declares a learning kind; gives the declaration its type where it is written. */
export const defineLearningKind = (kind: LearningKind): LearningKind => kind;

interface Registered {
  kind: LearningKind;
  verbIris: string[];
}

let registry = new Map<string, Registered>();

/**
 * Reads the learning kinds the features declare (registerActivity calls it as the app is built and
 * before the demo seed writes); a kind declared twice is a mistake and stops it.
 */
export function registerLearningKinds(features: readonly Feature[]): void {
  const kinds = new Map<string, Registered>();
  const verbs: Record<string, string> = VERBS;
  for (const feature of features)
    for (const kind of feature.learning ?? []) {
      if (kinds.has(kind.kind)) throw new Error(`Learning kind ${kind.kind} is declared twice.`);
      kinds.set(kind.kind, { kind, verbIris: kind.verbs.map((verb) => verbs[verb] ?? verb) });
    }
  registry = kinds;
}

/** Every learning kind the features declare. */
export const learningKinds = (): LearningKind[] => [...registry.values()].map((r) => r.kind);

/** The declaration of a stored entry's kind, or undefined for a hand kind or one no feature declares now. */
export const learningKind = (kind: string): LearningKind | undefined => registry.get(kind)?.kind;

const fits = (entry: Registered, statement: { verb: string; objectType: string }) =>
  entry.verbIris.includes(statement.verb) && entry.kind.objectTypes.includes(statement.objectType);

/** The default title: the name the statement gives its object. */
const objectName = (s: SQL) =>
  sql`coalesce(nullif(${s}.body #>> '{object,definition,name,en-US}', ''), ${s}.object_type)`;

/**
 * SQL: the learning entries of one kind made from the statements `s` that `where` selects, from the
 * table or from a statement's row just inserted (`source`). Only statements of a person of a district
 * are learning; `id` is the new rows' id (a parameter for one statement, generated for a backfill).
 */
function rowsOf({ kind, verbIris }: Registered, where: SQL, source: SQL, id: SQL): SQL {
  const ref = kind.oncePerObject
    ? sql`${kind.kind} || ':' || s.object_type || ':' || s.object_id`
    : sql`'statement:' || s.id::text`;
  return sql`select ${id}, s.actor_id, s.district_id, 'trellis', ${kind.kind},
                    left(${(kind.title ?? objectName)(sql`s`)}, 200), s.timestamp,
                    ${kind.minutesOf ? sql`(${kind.minutesOf(sql`s`)})::int` : sql`${kind.minutes}::int`},
                    'Trellis', 'logged', s.id, ${ref}, s.object_type, s.object_id
      from ${source} s
     where s.verb = any(${sql.param(verbIris)}::text[])
       and s.object_type = any(${sql.param([...kind.objectTypes])}::text[])
       and s.actor_id is not null and s.district_id is not null
       and ${where}`;
}

const INSERT = sql`insert into learning_entries (id, user_id, district_id, source, kind, title, occurred_at,
                                                 duration_minutes, provider, status, statement_id, source_ref,
                                                 object_type, object_id)`;

/**
 * Writes the learning entry a just-recorded statement makes, in the transaction that recorded it, so
 * the log never shows what did not happen nor misses what did. Costs nothing for statements no kind
 * is made from.
 */
export async function deriveLearningEntries(
  tx: Pick<Tx, 'execute'>,
  statement: { id: string; verb: string; objectType: string },
): Promise<void> {
  for (const entry of registry.values())
    if (fits(entry, statement))
      await tx.execute(sql`${INSERT} ${rowsOf(entry, sql`s.id = ${statement.id}`, sql`statements`, sql`${uuidv7()}::uuid`)}
        on conflict (user_id, source_ref) where source_ref is not null do nothing`);
}

/**
 * The inserts of the learning entries a statement makes, reading its row from `source` (a
 * data-modifying CTE's name): for a use case that records its statement inside a statement of its
 * own (`activitySql`).
 */
export function learningEntryInserts(statement: { verb: string; objectType: string }, source: SQL): SQL[] {
  return [...registry.values()]
    .filter((entry) => fits(entry, statement))
    .map(
      (entry) =>
        sql`${INSERT} ${rowsOf(entry, sql`true`, source, sql`${uuidv7()}::uuid`)}
          on conflict (user_id, source_ref) where source_ref is not null do nothing`,
    );
}

/**
 * Writes the learning entries of every statement already recorded (a district upgrading, a database
 * generated in bulk, the demo): the same rows recording each statement would have written. `where`
 * narrows the statements (e.g. one district).
 */
export async function backfillLearningEntries(
  tx: Pick<Tx, 'execute'>,
  where: SQL = sql`true`,
): Promise<void> {
  for (const entry of registry.values())
    await tx.execute(sql`${INSERT} ${rowsOf(entry, where, sql`statements`, sql`gen_random_uuid()`)}
      on conflict (user_id, source_ref) where source_ref is not null do nothing`);
}
