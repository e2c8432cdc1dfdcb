/**
 * Reading a CASE 1.0 package (CFPackage JSON: CFDocument, CFItems, CFAssociations) into a framework
 * and its competency tree. Pure: no database. Only the fields Trellis uses are read; anything else in
 * the package is ignored, so packages from any CASE publisher import.
 */
import { z } from 'zod';
import { type FieldError, InvalidError } from '#server/platform/errors.ts';
import { displayNameProblem, hasControlCharacters } from '#shared/contracts/common.ts';
import {
  COMPETENCY_CODE_MAX,
  COMPETENCY_DESCRIPTION_MAX,
  COMPETENCY_STATEMENT_MAX,
  FRAMEWORK_COMPETENCIES_MAX,
  FRAMEWORK_DESCRIPTION_MAX,
  FRAMEWORK_TITLE_MAX,
} from '#shared/contracts/frameworks.ts';

/** At most this many problems are listed in one answer; the first ones are enough to fix a package. */
const MAX_REPORTED_ERRORS = 20;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !hasControlCharacters(s), 'must not contain control characters');
const optionalText = (max: number) =>
  z
    .union([text(max), z.null()])
    .optional()
    .transform((s) => s ?? '');
const identifier = text(200).pipe(z.string().min(1, 'must not be empty'));
const uri = z
  .union([text(2000), z.null()])
  .optional()
  .transform((s) => s || null);

/**
 * A CASE lastChangeDateTime, kept as the source gave it (as an ISO instant) so an import does not
 * claim the source's items changed when Trellis read them; anything that is not a date reads as none.
 */
const lastChange = z
  .unknown()
  .optional()
  .transform((value) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
    const time = Date.parse(value);
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  });

/** A reference to a node (CFDocument or CFItem) as CASE gives it in associations. */
const LinkUri = z.object({ identifier, uri, title: z.unknown().optional() });

const CFDocument = z.object({
  identifier,
  uri,
  // The framework's name, as one made in Trellis is checked (see displayName).
  title: text(FRAMEWORK_TITLE_MAX).pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .superRefine((s, ctx) => {
        const problem = s === '' ? null : displayNameProblem(s);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  ),
  description: optionalText(FRAMEWORK_DESCRIPTION_MAX),
  creator: optionalText(500),
  version: optionalText(100),
  lastChangeDateTime: lastChange,
});

const CFItem = z.object({
  identifier,
  uri,
  fullStatement: text(COMPETENCY_STATEMENT_MAX).pipe(z.string().min(1, 'must not be empty')),
  humanCodingScheme: optionalText(COMPETENCY_CODE_MAX),
  notes: optionalText(COMPETENCY_DESCRIPTION_MAX),
  CFItemType: optionalText(200),
  lastChangeDateTime: lastChange,
});

const CFAssociation = z.object({
  associationType: z.string().max(100),
  originNodeURI: LinkUri,
  destinationNodeURI: LinkUri,
  sequenceNumber: z.number().int().nullable().optional(),
});

/** The parts of a CFPackage Trellis reads. */
export const CasePackage = z.object({
  CFDocument,
  CFItems: z
    .array(CFItem)
    .max(FRAMEWORK_COMPETENCIES_MAX, `must have at most ${FRAMEWORK_COMPETENCIES_MAX} items`)
    .default([]),
  CFAssociations: z
    .array(CFAssociation)
    .max(FRAMEWORK_COMPETENCIES_MAX * 10)
    .default([]),
});
export type CasePackage = z.infer<typeof CasePackage>;

/** One competency read from a package, with its parent by CASE identifier (null: top level). */
export interface CaseCompetency {
  identifier: string;
  uri: string | null;
  code: string;
  statement: string;
  description: string;
  itemType: string;
  parentIdentifier: string | null;
  /** Order among its siblings, from 0. */
  position: number;
  /** The source's lastChangeDateTime (ISO), or null when it gave none. */
  lastChangeAt: string | null;
}

/** A framework read from a package: its document and its competencies, parents before children. */
export interface CaseFramework {
  document: {
    identifier: string;
    uri: string | null;
    title: string;
    description: string;
    creator: string;
    version: string;
    lastChangeAt: string | null;
  };
  competencies: CaseCompetency[];
}

const pointer = (base: string, path: readonly PropertyKey[]) =>
  [base, ...path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1'))].join('/');

/** The zod problems as field errors under `base` (e.g. `/body/package`), at most a screenful. */
export function zodFieldErrors(base: string, error: z.ZodError): FieldError[] {
  return error.issues.slice(0, MAX_REPORTED_ERRORS).map((issue) => ({
    path: pointer(base, issue.path),
    message: issue.message,
  }));
}

const invalidPackage = (errors: FieldError[]) =>
  new InvalidError(
    errors.length === 1
      ? `This is not a CASE package Trellis can import: ${errors[0].path} ${errors[0].message}.`
      : `This is not a CASE package Trellis can import (${errors.length} problems).`,
    errors,
  );

/** Validates the package's shape; refuses it naming each bad field under `base`. */
export function readCasePackage(input: unknown, base: string): CasePackage {
  const parsed = CasePackage.safeParse(input);
  if (!parsed.success) throw invalidPackage(zodFieldErrors(base, parsed.error));
  return parsed.data;
}

/**
 * The framework a package describes. The hierarchy comes from isChildOf associations (the origin is
 * the child, the destination its parent: an item, or the document for the top level); siblings are
 * ordered by sequenceNumber where given, then by the natural order of their codes ("1.2" before
 * "1.10"), then in the order the package lists its items. An item
 * reused under several parents in CASE sits under the first one here, since a Trellis competency has
 * one place. Duplicate identifiers, references to nodes the package lacks and cycles are refused.
 */
export function buildCaseFramework(pkg: CasePackage, base: string): CaseFramework {
  const doc = pkg.CFDocument;
  const errors: FieldError[] = [];
  const itemIndex = new Map<string, number>();
  pkg.CFItems.forEach((item, i) => {
    if (item.identifier === doc.identifier || itemIndex.has(item.identifier))
      errors.push({ path: `${base}/CFItems/${i}/identifier`, message: 'is used by another node' });
    else itemIndex.set(item.identifier, i);
  });

  const parentOf = new Map<string, { parent: string | null; sequence: number | null; association: number }>();
  pkg.CFAssociations.forEach((a, i) => {
    if (a.associationType !== 'isChildOf') return;
    const child = a.originNodeURI.identifier;
    const parent = a.destinationNodeURI.identifier;
    if (!itemIndex.has(child))
      errors.push({
        path: `${base}/CFAssociations/${i}/originNodeURI/identifier`,
        message: 'names no CFItem in this package',
      });
    if (parent !== doc.identifier && !itemIndex.has(parent))
      errors.push({
        path: `${base}/CFAssociations/${i}/destinationNodeURI/identifier`,
        message: 'names neither the CFDocument nor a CFItem in this package',
      });
    if (child === parent)
      errors.push({ path: `${base}/CFAssociations/${i}`, message: 'makes an item its own parent' });
    if (!parentOf.has(child))
      parentOf.set(child, {
        parent: parent === doc.identifier ? null : parent,
        sequence: a.sequenceNumber ?? null,
        association: i,
      });
  });
  if (errors.length) throw invalidPackage(errors.slice(0, MAX_REPORTED_ERRORS));

  const cycle = findCycle(pkg.CFItems, parentOf);
  if (cycle !== null)
    throw invalidPackage([
      {
        path: `${base}/CFAssociations/${cycle}`,
        message: 'closes a cycle of isChildOf associations: an item would sit under itself',
      },
    ]);

  return {
    document: {
      identifier: doc.identifier,
      uri: doc.uri,
      title: doc.title,
      description: doc.description,
      creator: doc.creator,
      version: doc.version,
      lastChangeAt: doc.lastChangeDateTime,
    },
    competencies: treeOrder(pkg.CFItems, parentOf),
  };
}

type ParentLinks = Map<string, { parent: string | null; sequence: number | null; association: number }>;

/** The index of an association that closes a cycle of parents, or null when there is none. */
function findCycle(items: CasePackage['CFItems'], parentOf: ParentLinks): number | null {
  const settled = new Set<string>();
  for (const item of items) {
    const path = new Set<string>();
    let node: string | null = item.identifier;
    while (node !== null && !settled.has(node)) {
      if (path.has(node)) return parentOf.get(node)?.association ?? null;
      path.add(node);
      node = parentOf.get(node)?.parent ?? null;
    }
    for (const seen of path) settled.add(seen);
  }
  return null;
}

/** Every item, parents before children, siblings in order, with its position among them. */
function treeOrder(items: CasePackage['CFItems'], parentOf: ParentLinks): CaseCompetency[] {
  const children = new Map<string | null, Array<{ item: CasePackage['CFItems'][number]; index: number }>>();
  items.forEach((item, index) => {
    const parent = parentOf.get(item.identifier)?.parent ?? null;
    const siblings = children.get(parent) ?? [];
    siblings.push({ item, index });
    children.set(parent, siblings);
  });
  const sequence = (identifier: string) => parentOf.get(identifier)?.sequence ?? Number.POSITIVE_INFINITY;
  for (const siblings of children.values())
    siblings.sort(
      (a, b) =>
        sequence(a.item.identifier) - sequence(b.item.identifier) ||
        compareCodes(a.item.humanCodingScheme, b.item.humanCodingScheme) ||
        a.index - b.index,
    );

  // Depth-first, parents before children, without recursion: a package may nest deeply.
  const ordered: CaseCompetency[] = [];
  const stack: Array<{ parent: string | null; item: CasePackage['CFItems'][number]; position: number }> = [];
  const pushChildren = (parent: string | null) => {
    const siblings = children.get(parent) ?? [];
    for (let position = siblings.length - 1; position >= 0; position--)
      stack.push({ parent, item: siblings[position].item, position });
  };
  pushChildren(null);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { item, parent, position } = next;
    ordered.push({
      identifier: item.identifier,
      uri: item.uri,
      code: item.humanCodingScheme,
      statement: item.fullStatement,
      description: item.notes,
      itemType: item.CFItemType,
      parentIdentifier: parent,
      position,
      lastChangeAt: item.lastChangeDateTime,
    });
    pushChildren(item.identifier);
  }
  return ordered;
}

const codeCollator = new Intl.Collator('en', { numeric: true });

/**
 * Natural order of human coding schemes: runs of digits compare as numbers, so "1.2" comes before
 * "1.10" and "RL.K.9" before "RL.K.10". Items without a code come after those with one.
 */
export function compareCodes(a: string, b: string): number {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  return codeCollator.compare(a, b);
}

/** Reads a package whole: its shape, then its tree. */
export function parseCasePackage(input: unknown, base: string): CaseFramework {
  return buildCaseFramework(readCasePackage(input, base), base);
}
