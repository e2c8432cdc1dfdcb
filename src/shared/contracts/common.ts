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
