import * as Y from 'yjs';
import type { TextPart } from './contracts/resources.ts';
import { diffText } from './version-diff.ts';

/**
 * The research-lesson plan of a lesson study as one Yjs document, edited by several teachers at
 * once (decision 062). The document holds the lesson's title and goals as texts and the classic
 * four columns as an array of rows, each row a map of one text per column. A row is never taken
 * out of the array: removing one marks it `removed`, so a colleague typing in it at that moment
 * keeps every word and anyone can put the row back.
 */

/** The four columns of a research-lesson plan, in their order. */
export const PLAN_COLUMNS = ['activities', 'responses', 'support', 'notice'] as const;
export type PlanColumn = (typeof PLAN_COLUMNS)[number];

export const PLAN_COLUMN_LABELS: Record<PlanColumn, string> = {
  activities: 'Learning activities and key questions',
  responses: 'Anticipated student responses',
  support: 'Teacher support',
  notice: 'Points to notice and evaluate',
};

/** The plan's texts outside the table. */
export const PLAN_FIELDS = ['title', 'goals'] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

/** A row of the plan as plain text. */
export interface PlanRow {
  id: string;
  removed: boolean;
  cells: Record<PlanColumn, string>;
}

/** The whole plan as plain text: what the printable version, the diff and a published report read. */
export interface PlanContent {
  title: string;
  goals: string;
  rows: PlanRow[];
}

export const planRows = (doc: Y.Doc): Y.Array<Y.Map<unknown>> => doc.getArray<Y.Map<unknown>>('rows');
export const planText = (doc: Y.Doc, field: PlanField): Y.Text => doc.getText(field);

/** The text of one cell, made when a row is added. */
export function cellText(row: Y.Map<unknown>, column: PlanColumn): Y.Text | null {
  const text = row.get(column);
  return text instanceof Y.Text ? text : null;
}

/** Adds an empty row with the id given after the row at `index` (at the end when omitted). */
export function addPlanRow(
  doc: Y.Doc,
  id: string,
  cells: Partial<Record<PlanColumn, string>> = {},
  index?: number,
) {
  const row = new Y.Map<unknown>();
  row.set('id', id);
  row.set('removed', false);
  for (const column of PLAN_COLUMNS) row.set(column, new Y.Text(cells[column] ?? ''));
  const rows = planRows(doc);
  rows.insert(index === undefined ? rows.length : Math.min(index + 1, rows.length), [row]);
  return row;
}

/** Marks a row removed or puts it back; its texts stay in the document either way. */
export function setRowRemoved(doc: Y.Doc, id: string, removed: boolean): void {
  for (const row of planRows(doc)) if (row.get('id') === id) row.set('removed', removed);
}

/** The plan as plain text. */
export function readPlan(doc: Y.Doc): PlanContent {
  return {
    title: planText(doc, 'title').toString(),
    goals: planText(doc, 'goals').toString(),
    rows: planRows(doc)
      .toArray()
      .map((row) => ({
        id: String(row.get('id') ?? ''),
        removed: row.get('removed') === true,
        cells: Object.fromEntries(
          PLAN_COLUMNS.map((column) => [column, cellText(row, column)?.toString() ?? '']),
        ) as Record<PlanColumn, string>,
      })),
  };
}

/** A plan document built from its stored updates. */
export function planFromUpdates(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** What changed in one row from the first plan to a revision. */
export interface PlanRowChange {
  id: string;
  change: 'same' | 'added' | 'removed' | 'changed';
  /** For each column, the word changes (null where the column did not change). */
  cells: Record<PlanColumn, TextPart[] | null>;
  /** The row's text in the revision (in the first plan for a removed row). */
  text: Record<PlanColumn, string>;
}

export interface PlanChanges {
  title: TextPart[] | null;
  goals: TextPart[] | null;
  rows: PlanRowChange[];
}

const noChanges = (): Record<PlanColumn, TextPart[] | null> =>
  Object.fromEntries(PLAN_COLUMNS.map((c) => [c, null])) as Record<PlanColumn, TextPart[] | null>;

/**
 * What a revision changed against an earlier plan, row by row: a revision starts as a copy of the
 * plan before it, so a row keeps its id and is compared with itself; rows are listed in the
 * revision's order with the removed ones where they stood.
 */
export function diffPlans(before: PlanContent, after: PlanContent): PlanChanges {
  const was = new Map(before.rows.filter((r) => !r.removed).map((r) => [r.id, r]));
  const rows: PlanRowChange[] = [];
  const seen = new Set<string>();
  for (const row of after.rows) {
    seen.add(row.id);
    const old = was.get(row.id);
    if (row.removed) {
      if (old) rows.push({ id: row.id, change: 'removed', cells: noChanges(), text: old.cells });
      continue;
    }
    if (!old) {
      rows.push({ id: row.id, change: 'added', cells: noChanges(), text: row.cells });
      continue;
    }
    const cells = noChanges();
    for (const column of PLAN_COLUMNS) cells[column] = diffText(old.cells[column], row.cells[column]);
    const changed = PLAN_COLUMNS.some((c) => cells[c] !== null);
    rows.push({ id: row.id, change: changed ? 'changed' : 'same', cells, text: row.cells });
  }
  // Rows of the earlier plan the revision no longer holds at all (a revision made elsewhere).
  for (const row of was.values())
    if (!seen.has(row.id)) rows.push({ id: row.id, change: 'removed', cells: noChanges(), text: row.cells });
  return {
    title: diffText(before.title, after.title),
    goals: diffText(before.goals, after.goals),
    rows,
  };
}

/** Base64 of bytes and back, the same in Node and the browser. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}
