import { z } from 'zod';

/** A uuid path parameter. */
export const IdParams = z.strictObject({ id: z.uuid() });

/** Cursor pagination query shared by every list. */
export const PageQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** A plain line of text: trimmed, bounded, no control characters. Shown escaped, never as HTML. */
export const line = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !hasControlCharacters(s), 'must not contain control characters');

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): in a name they
 * reorder what follows, so `‮gnp.exe` reads as `exe.png` and one person can pass for another.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
/**
 * A character that shows: not whitespace, not a format character (zero-width space and joiners,
 * marks, word joiner, BOM), not a combining mark or variation selector on its own, not a control,
 * and not one of the blank letters (Hangul fillers, the blank Braille pattern) that render as nothing.
 */
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{M}\p{Cc}\u115F\u1160\u3164\uFFA0\u2800]/u;

/**
 * Why a name or title people read cannot be used, or null. Joiners (ZWJ, ZWNJ) are kept: Persian,
 * Indic scripts and emoji sequences need them.
 */
export function displayNameProblem(s: string): string | null {
  if (BIDI_CONTROLS.test(s)) return 'must not contain characters that override the direction of text';
  if (!VISIBLE.test(s)) return 'must have at least one visible character';
  return null;
}

/** A name or title (of a person, community, resource, collection, credential, framework): one line that shows. */
export const displayName = (max = 200) =>
  line(max).pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .superRefine((s, ctx) => {
        const problem = s === '' ? null : displayNameProblem(s);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  );

/** Plain multi-line text: bounded, no control characters other than newlines and tabs. Shown escaped. */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !hasControlCharacters(s), 'must not contain control characters');

/**
 * Control characters other than tab and line breaks (C0, DEL and C1), which have no place in text
 * people read; PostgreSQL refuses NUL in text outright.
 */
export function hasControlCharacters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || (code >= 127 && code <= 159)) return true;
  }
  return false;
}

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const Password = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(128, 'must be at most 128 characters');

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type Problem = z.infer<typeof ProblemSchema>;
