import { z } from 'zod';
import { displayName, line, plainText } from './common.ts';

export const FRAMEWORK_TITLE_MAX = 200;
export const FRAMEWORK_DESCRIPTION_MAX = 5000;
export const COMPETENCY_CODE_MAX = 100;
export const COMPETENCY_STATEMENT_MAX = 5000;
export const COMPETENCY_DESCRIPTION_MAX = 10000;
/** A framework holds at most this many competencies, whether written in Trellis or imported. */
export const FRAMEWORK_COMPETENCIES_MAX = 5000;
/** A CASE package upload is at most this large. */
export const CASE_PACKAGE_MAX_BYTES = 5 * 1024 * 1024;
/** The competency picker asks for chosen ones by id, at most this many at once. */
export const COMPETENCY_IDS_MAX = 50;

const title = displayName(FRAMEWORK_TITLE_MAX);
const statement = plainText(COMPETENCY_STATEMENT_MAX).pipe(z.string().min(1, 'must not be empty'));

export const FrameworkListQuery = z.strictObject({
  /** Words in the title or description. */
  q: line(200).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type FrameworkListQuery = z.infer<typeof FrameworkListQuery>;

export const CreateFrameworkBody = z.strictObject({
  /** The district or network that owns it; the creator must administer it as an issuer. */
  ownerOrgId: z.uuid(),
  title,
  description: plainText(FRAMEWORK_DESCRIPTION_MAX).default(''),
});
export type CreateFrameworkBody = z.infer<typeof CreateFrameworkBody>;

export const UpdateFrameworkBody = z.strictObject({
  title: title.optional(),
  description: plainText(FRAMEWORK_DESCRIPTION_MAX).optional(),
  /** Served on the public CASE addresses (package and items) to anyone; false keeps it to its owner's scope. */
  published: z.boolean().optional(),
});
export type UpdateFrameworkBody = z.infer<typeof UpdateFrameworkBody>;

export const FrameworkOwner = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['district', 'network']),
});
export type FrameworkOwner = z.infer<typeof FrameworkOwner>;

/** A framework in a list. */
export const FrameworkSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  owner: FrameworkOwner,
  competencyCount: z.number().int(),
  /** Imported from a CASE 1.0 package (and updated by importing it again). */
  importedFromCase: z.boolean(),
  /** Public: anyone may read its CASE package and items. Private (the default): only its owner's scope. */
  published: z.boolean(),
  updatedAt: z.string(),
});
export type FrameworkSummary = z.infer<typeof FrameworkSummary>;

export const FrameworkListResponse = z.object({
  data: z.array(FrameworkSummary),
  nextCursor: z.string().nullable(),
});
export type FrameworkListResponse = z.infer<typeof FrameworkListResponse>;

/** One competency; a framework's are given flat, in tree order, and the web builds the tree. */
export const Competency = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  code: z.string(),
  statement: z.string(),
  description: z.string(),
  /** Order among its siblings, from 0. */
  position: z.number().int(),
  /** The CASE CFItem identifier when it was imported. */
  caseIdentifier: z.string().nullable(),
});
export type Competency = z.infer<typeof Competency>;

export const FrameworkDetail = FrameworkSummary.extend({
  creator: z.string(),
  version: z.string(),
  caseIdentifier: z.string().nullable(),
  caseUri: z.string().nullable(),
  competencies: z.array(Competency),
  createdAt: z.string(),
  viewer: z.object({
    /** Edit the framework and its competencies, delete it, re-import it: the owner's admins. */
    canManage: z.boolean(),
  }),
});
export type FrameworkDetail = z.infer<typeof FrameworkDetail>;

export const FrameworkResponse = z.object({ data: FrameworkDetail });
export type FrameworkResponse = z.infer<typeof FrameworkResponse>;

export const CreateCompetencyBody = z.strictObject({
  /** The competency it sits under, in the same framework; null for the top level. */
  parentId: z.uuid().nullable().default(null),
  code: line(COMPETENCY_CODE_MAX).default(''),
  statement,
  description: plainText(COMPETENCY_DESCRIPTION_MAX).default(''),
});
export type CreateCompetencyBody = z.infer<typeof CreateCompetencyBody>;

/** Edits a competency's words, or moves it (under another parent, to another place among siblings). */
export const UpdateCompetencyBody = z.strictObject({
  parentId: z.uuid().nullable().optional(),
  position: z.number().int().min(0).max(FRAMEWORK_COMPETENCIES_MAX).optional(),
  code: line(COMPETENCY_CODE_MAX).optional(),
  statement: statement.optional(),
  description: plainText(COMPETENCY_DESCRIPTION_MAX).optional(),
});
export type UpdateCompetencyBody = z.infer<typeof UpdateCompetencyBody>;

export const CompetencyResponse = z.object({ data: Competency });
export type CompetencyResponse = z.infer<typeof CompetencyResponse>;

const uuidList = z
  .string()
  .max(COMPETENCY_IDS_MAX * 37)
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(
    z
      .array(z.uuid('must be competency ids separated by commas'))
      .max(COMPETENCY_IDS_MAX, `must name at most ${COMPETENCY_IDS_MAX} competencies`),
  );

export const CompetencySearchQuery = z.strictObject({
  /** Words or a code: matched within codes and statements. */
  q: line(200).optional(),
  /** Comma-separated ids: fetches exactly these (those the viewer may see), ignoring q. */
  ids: uuidList.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type CompetencySearchQuery = z.infer<typeof CompetencySearchQuery>;

/** A competency as the picker and alignments show it: its code, statement and framework. */
export const CompetencyChoice = z.object({
  id: z.uuid(),
  code: z.string(),
  statement: z.string(),
  framework: z.object({ id: z.uuid(), title: z.string() }),
});
export type CompetencyChoice = z.infer<typeof CompetencyChoice>;

export const CompetencySearchResponse = z.object({ data: z.array(CompetencyChoice) });
export type CompetencySearchResponse = z.infer<typeof CompetencySearchResponse>;

/** What importing a CASE package did, counted per competency. */
export const CaseImportResult = z.object({
  frameworkId: z.uuid(),
  title: z.string(),
  /** False when the package's CFDocument was imported into this owner before and was updated in place. */
  createdFramework: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Missing from the package and deleted. */
  removed: z.number().int(),
  /** Missing from the package but kept, because a micro-credential is aligned to them. */
  kept: z.number().int(),
});
export type CaseImportResult = z.infer<typeof CaseImportResult>;

export const CaseImportResponse = z.object({ data: CaseImportResult });
export type CaseImportResponse = z.infer<typeof CaseImportResponse>;

/** The organizations a person may create frameworks for. */
export const FrameworkOptionsResponse = z.object({
  data: z.object({ administers: z.array(FrameworkOwner) }),
});
export type FrameworkOptionsResponse = z.infer<typeof FrameworkOptionsResponse>;
