/**
 * The data-protection page every signed-in person may read: where the data lives, what Trellis
 * collects, how long it keeps it and who else processes it. What is collected, how long it is kept
 * and what an export holds are generated from the data-class declarations, so the page cannot drift
 * from what the code does; where the data lives, subprocessors, whom to ask and any notes are the
 * operator's words (Markdown, rendered and sanitized on the server).
 */
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/platform/auth.ts';
import { recordAudit } from '#server/platform/audit.ts';
import {
  DATA_CLASSES,
  type DataClass,
  type DeclaredTable,
  PRIVATE_CLASSES,
} from '#server/platform/data-classes.ts';
import { ForbiddenError } from '#server/platform/errors.ts';
import { renderMarkdown } from '#server/platform/markdown.ts';
import {
  type DataProtectionBody,
  type DataProtectionPage,
  RETENTION_KINDS,
  RETENTION_LABELS,
  type RetentionKind,
} from '#shared/contracts/privacy.ts';
import * as q from './queries.ts';
import { allTables } from './registry.ts';

/** What the page says until the operator writes their own. */
export const DEFAULT_DATA_PROTECTION: DataProtectionBody = {
  hosting:
    'On the servers of the organization that runs this Trellis: one PostgreSQL database and its file storage. Trellis itself sends your data nowhere else, and calls no outside service with it.',
  subprocessors: 'None.',
  contact:
    'Your district’s administrators, who can export the district’s data and act on requests to erase a person.',
  notes: '',
};

const CLASS_WORDS: Record<DataClass, { label: string; description: string }> = {
  public: {
    label: 'Public',
    description: 'Anyone may read it, such as published frameworks and issued credentials.',
  },
  network: { label: 'Network', description: 'Read by the people of the districts in a network.' },
  district: { label: 'District', description: 'Read by the people of the district, as each page allows.' },
  school: { label: 'School', description: 'Read by the people of a school.' },
  community: { label: 'Community', description: 'Read by the members of a community.' },
  person: {
    label: 'Private to a person',
    description: 'Yours alone: your settings, notifications, sign-ins.',
  },
  pair: {
    label: 'Private to a pair or team',
    description: 'Shared only by those it concerns, such as a submission and its assessors.',
  },
  anonymous: { label: 'Anonymous', description: 'Never linked to a person, such as survey answers.' },
  secret: {
    label: 'Secret',
    description: 'Password hashes, sign-in tokens and keys: kept only as hashes or encrypted.',
  },
};

/** A table's name in words: `post_reactions` → "post reactions". */
const words = (name: string) => name.replaceAll('_', ' ');

function exportedWords(cls: DataClass): string {
  if (cls === 'secret') return 'Never exported, not even to its owner.';
  if (PRIVATE_CLASSES.includes(cls)) return 'Not in the district’s export; in the person’s own download.';
  if (cls === 'anonymous') return 'In the district’s export without row ids or times, in random order.';
  return 'In the district’s export (CSV and JSON, with files), and in each person’s own download where it names them.';
}

function retentionWords(
  tables: readonly DeclaredTable[],
  days: ReadonlyMap<RetentionKind, number>,
): string[] {
  const out: string[] = [];
  for (const kind of RETENTION_KINDS) {
    const of = tables.filter((t) => t.retention?.kind === kind);
    if (of.length === 0) continue;
    const limit = days.get(kind);
    out.push(
      `${RETENTION_LABELS[kind].label} (${of.map((t) => words(t.name)).join(', ')}): ${
        limit ? `deleted after ${limit} days, as your district set` : 'kept until your district sets a limit'
      }.`,
    );
  }
  if (tables.some((t) => !t.retention))
    out.push(
      'Everything else: kept while the account or the district uses Trellis; when a person is erased, what is theirs alone is deleted and what they shared stays as a Former member’s.',
    );
  return out;
}

/** The page: the operator's words, and what the declarations say per class. */
export async function readDataProtection(args: { db: Db; actor: Actor }): Promise<DataProtectionPage> {
  const [row, tables, retention] = await Promise.all([
    q.findDataProtection(args.db),
    allTables(),
    q.listRetention(args.db, args.actor.districtId),
  ]);
  const source = row
    ? { hosting: row.hosting, subprocessors: row.subprocessors, contact: row.contact, notes: row.notes }
    : DEFAULT_DATA_PROTECTION;
  const days = new Map(retention.map((r) => [r.kind, r.days]));
  const classes = DATA_CLASSES.flatMap((cls) => {
    const of = tables.filter((t) => t.class === cls);
    if (of.length === 0) return [];
    return [
      {
        class: cls,
        ...CLASS_WORDS[cls],
        records: of.map((t) => words(t.name)),
        retention: retentionWords(of, days),
        exported: exportedWords(cls),
      },
    ];
  });
  const secrets = tables.flatMap((t) =>
    t.class === 'secret'
      ? [`${words(t.name)} (the whole table)`]
      : Object.entries(t.columns ?? {})
          .filter(([, cls]) => cls === 'secret')
          .map(([column]) => `${words(t.name)}: ${words(column)}`),
  );
  return {
    source,
    html: {
      hosting: renderMarkdown(source.hosting).html,
      subprocessors: renderMarkdown(source.subprocessors).html,
      contact: renderMarkdown(source.contact).html,
      notes: renderMarkdown(source.notes).html,
    },
    classes,
    secrets,
    updatedAt: row ? new Date(row.updated_at).toISOString() : null,
    abilities: { edit: canEditDataProtection(args.actor) },
  };
}

/** The operator (a platform administrator) writes the page; no district administrator does. */
export function canEditDataProtection(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.includes('platform_admin');
}

/** Saves the operator's words, audited. */
export async function updateDataProtection(args: {
  db: Db;
  actor: Actor;
  body: DataProtectionBody;
}): Promise<DataProtectionPage> {
  if (!canEditDataProtection(args.actor))
    throw new ForbiddenError('Only the operator of this Trellis may change the data-protection page.');
  await args.db.transaction(async (tx) => {
    await q.saveDataProtection(tx, { ...args.body, userId: args.actor.userId });
    await recordAudit(tx, {
      actorId: args.actor.userId,
      action: 'platform.data_protection_changed',
      target: { type: 'data_protection', id: null },
      districtId: args.actor.districtId,
    });
  });
  return readDataProtection(args);
}
