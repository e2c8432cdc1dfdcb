/**
 * Past PD history from a district's old system (CSV, dry run first, then applied as approved
 * history), and the export of approved credit for HR or the state's licensure system.
 */
import { parse } from 'csv-parse/sync';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { recordAudit } from '#server/platform/audit.ts';
import type { Actor } from '#server/platform/auth.ts';
import { csvRow } from '#server/platform/csv.ts';
import { InvalidError, invalidField } from '#server/platform/errors.ts';
import type { CreditImportResponse } from '#shared/contracts/credit.ts';
import { MANUAL_LEARNING_KIND_LABELS, MANUAL_LEARNING_KINDS } from '#shared/contracts/learning.ts';
import {
  type CreditTypeRow,
  existingSourceRefs,
  exportPage,
  insertClaim,
  insertImportedEntry,
  listTypes,
  peopleByKey,
  refreshEntryCredit,
} from './queries.ts';
import { sha256Hex } from './signing.ts';

const IMPORT_MAX_ROWS = 5000;
const REQUIRED = ['title', 'kind', 'date', 'hours', 'credit_type'] as const;
const KNOWN = ['staff_id', 'email', ...REQUIRED, 'provider', 'approved_by', 'approved_on'] as const;
type Column = (typeof KNOWN)[number];

type Row = CreditImportResponse['data']['rows'][number];

/** A kind named by its key (`plc_meeting`) or its label (`PLC meeting`), any case. */
function readKind(value: string): string | null {
  const v = value.trim().toLowerCase();
  const byKey = MANUAL_LEARNING_KINDS.find((k) => k === v.replace(/[\s-]+/g, '_'));
  if (byKey) return byKey;
  return MANUAL_LEARNING_KINDS.find((k) => MANUAL_LEARNING_KIND_LABELS[k].toLowerCase() === v) ?? null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => {
  const parsed = DAY.test(s) ? new Date(`${s}T00:00:00Z`) : null;
  return !!parsed && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === s;
};

/**
 * Reads the old system's CSV, matches people by roster staff id or email and credit types by name,
 * and says for each row whether it would be imported, is already imported, or what is wrong. With
 * `dryRun: false` and no row in error, imports every new row as an approved entry in one
 * transaction; importing the same file again imports nothing twice.
 */
export async function importCredit(args: {
  db: Db;
  actor: Actor;
  csv: string;
  dryRun: boolean;
}): Promise<CreditImportResponse['data']> {
  const { actor } = args;
  let records: Record<string, string>[];
  try {
    records = parse(args.csv.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) =>
        header.map((h) =>
          h
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_'),
        ),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    });
  } catch (error) {
    throw invalidField(
      '/body/csv',
      `is not CSV this import can read: ${(error as Error).message.slice(0, 200)}`,
    );
  }
  if (!records.length) throw invalidField('/body/csv', 'has a header but no rows');
  if (records.length > IMPORT_MAX_ROWS)
    throw invalidField('/body/csv', `must have at most ${IMPORT_MAX_ROWS} rows`);
  const columns = Object.keys(records[0]);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (!columns.includes('staff_id') && !columns.includes('email')) missing.unshift('staff_id' as never);
  if (missing.length)
    throw invalidField('/body/csv', `needs the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const unknown = columns.filter((c) => !(KNOWN as readonly string[]).includes(c));
  if (unknown.length)
    throw invalidField('/body/csv', `has columns this import does not know: ${unknown.join(', ')}`);

  const get = (r: Record<string, string>, c: Column) => (r[c] ?? '').trim();
  const types = await listTypes(args.db, actor.districtId, false);
  const typeByName = new Map<string, CreditTypeRow>(types.map((t) => [t.name.toLowerCase(), t]));
  const people = await peopleByKey(
    args.db,
    actor.districtId,
    records.map((r) => get(r, 'staff_id')).filter(Boolean),
    records.map((r) => get(r, 'email').toLowerCase()).filter(Boolean),
  );
  const byStaffId = new Map(people.filter((p) => p.sourced_id).map((p) => [p.sourced_id!, p]));
  const byEmail = new Map(people.map((p) => [p.email, p]));

  const today = new Date().toISOString().slice(0, 10);
  const planned: {
    row: Row;
    person?: (typeof people)[number];
    type?: CreditTypeRow;
    ref: string;
    kind: string;
    approvedOn: string | null;
  }[] = records.map((r, i) => {
    const problems: string[] = [];
    const staffId = get(r, 'staff_id');
    const email = get(r, 'email').toLowerCase();
    const person = (staffId && byStaffId.get(staffId)) || (email && byEmail.get(email)) || undefined;
    if (!person)
      problems.push(
        `no one in your district has ${staffId ? `staff id ${staffId}` : `email ${email || '(empty)'}`}`,
      );
    const title = get(r, 'title');
    if (!title) problems.push('title is empty');
    else if (title.length > 200) problems.push('title is longer than 200 characters');
    const kind = readKind(get(r, 'kind'));
    if (!kind) problems.push(`kind “${get(r, 'kind')}” is not one of Trellis's kinds`);
    const date = get(r, 'date');
    if (!isDay(date)) problems.push('date must be a day written YYYY-MM-DD');
    else if (date > today) problems.push('date is in the future');
    const hoursText = get(r, 'hours');
    const hours = Number(hoursText);
    const hoursOk =
      hoursText !== '' && Number.isFinite(hours) && hours > 0 && hours <= 500 && Number.isInteger(hours * 4);
    if (!hoursOk) problems.push('hours must be a number above 0, in quarter hours');
    const type = typeByName.get(get(r, 'credit_type').toLowerCase());
    if (!type) problems.push(`credit type “${get(r, 'credit_type')}” is not one of your district's`);
    const approvedOn = get(r, 'approved_on') || null;
    if (approvedOn && !isDay(approvedOn)) problems.push('approved_on must be a day written YYYY-MM-DD');
    const provider = get(r, 'provider').slice(0, 200);
    const ref = `import:${sha256Hex([type?.id, date, title, hoursText, provider].join('\u001f')).slice(0, 40)}`;
    return {
      row: {
        line: i + 2,
        person: staffId || email,
        personName: person?.name ?? null,
        title,
        kind: kind ?? get(r, 'kind'),
        date,
        hours: hoursOk ? hours : null,
        creditType: type?.name ?? get(r, 'credit_type'),
        action: problems.length ? 'error' : 'import',
        problems,
      },
      person,
      type,
      ref,
      kind: kind ?? '',
      approvedOn,
    };
  });

  // The same row twice in the file, or imported before, is imported once.
  const existing = await existingSourceRefs(
    args.db,
    [...new Set(planned.flatMap((p) => (p.person ? [p.person.id] : [])))],
    planned.map((p) => p.ref),
  );
  const seen = new Set<string>();
  for (const p of planned) {
    if (p.row.action !== 'import' || !p.person) continue;
    const key = `${p.person.id}:${p.ref}`;
    if (seen.has(key) || existing.has(key)) p.row.action = 'skip_duplicate';
    seen.add(key);
  }
  const counts = {
    import: planned.filter((p) => p.row.action === 'import').length,
    skipDuplicate: planned.filter((p) => p.row.action === 'skip_duplicate').length,
    error: planned.filter((p) => p.row.action === 'error').length,
  };
  const rows = planned.map((p) => p.row);
  if (args.dryRun) return { dryRun: true, applied: false, counts, rows };
  if (counts.error)
    throw new InvalidError(
      `${counts.error} row${counts.error > 1 ? 's have' : ' has'} problems: fix them and try again.`,
      [{ path: '/body/csv', message: `has ${counts.error} row${counts.error > 1 ? 's' : ''} with problems` }],
    );

  let imported = 0;
  await args.db.transaction(async (tx) => {
    const entryIds: string[] = [];
    for (const p of planned) {
      if (p.row.action !== 'import' || !p.person || !p.type || p.row.hours === null) continue;
      const entryId = uuidv7();
      const inserted = await insertImportedEntry(tx, {
        id: entryId,
        userId: p.person.id,
        districtId: actor.districtId,
        kind: p.kind,
        title: p.row.title,
        occurredOn: p.row.date,
        minutes: Math.round(p.row.hours * 60),
        provider: '',
        sourceRef: p.ref,
      });
      if (!inserted) continue;
      await insertClaim(tx, {
        id: uuidv7(),
        entryId,
        userId: p.person.id,
        districtId: actor.districtId,
        schoolId: p.person.school_id,
        creditTypeId: p.type.id,
        kind: p.kind,
        occurredOn: p.row.date,
        hours: p.row.hours,
        defaultHours: p.row.hours,
        adjustmentReason: '',
        status: 'approved',
        source: 'imported',
        exclusive: !p.type.allow_double_counting,
        approverName: get(records[p.row.line - 2], 'approved_by') || 'Imported from the previous system',
        decidedOn: p.approvedOn ?? p.row.date,
      });
      entryIds.push(entryId);
      imported++;
    }
    await refreshEntryCredit(tx, entryIds);
    const importId = uuidv7();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'credit.imported',
      target: { type: 'credit_import', id: importId },
      districtId: actor.districtId,
      details: { imported, skipped: counts.skipDuplicate },
    });
    await recordActivity(tx, {
      actor,
      verb: 'imported',
      object: { type: 'credit_import', id: importId, name: `${imported} past learning entries` },
    });
  });
  return { dryRun: false, applied: true, counts: { ...counts, import: imported }, rows };
}

const EXPORT_COLUMNS = [
  'staff_id',
  'name',
  'email',
  'school',
  'credit_type',
  'activity',
  'kind',
  'activity_date',
  'hours',
  'approved_by',
  'approved_on',
  'source',
];

/** The district's approved credit as CSV for HR or licensure, in order of the day it happened. */
export async function exportCredit(args: {
  db: Db;
  actor: Actor;
  query: { from?: string; to?: string; creditTypeId?: string };
}): Promise<string> {
  const { actor, query } = args;
  let out = csvRow(EXPORT_COLUMNS);
  let after: { day: string; id: string } | undefined;
  let count = 0;
  for (;;) {
    const page = await exportPage(args.db, actor.districtId, { ...query, after, limit: 1000 });
    for (const r of page)
      out += csvRow([
        r.staff_id,
        r.name,
        r.email,
        r.school,
        r.type_name,
        r.title,
        r.kind,
        r.occurred_on,
        r.hours,
        r.approver,
        r.approved_on,
        r.source,
      ]);
    count += page.length;
    if (page.length < 1000) break;
    const last = page[page.length - 1];
    after = { day: last.occurred_on, id: last.id };
  }
  await args.db.transaction((tx) =>
    recordAudit(tx, {
      actorId: actor.userId,
      action: 'credit.exported',
      target: { type: 'district', id: actor.districtId },
      districtId: actor.districtId,
      details: { rows: count, ...query },
    }),
  );
  return out;
}
