import { z } from 'zod';
import { displayName, plainText } from './common.ts';
import { Clip, VideoPolicy } from './video.ts';

/**
 * A community's video library (issue 16): a teacher shares a clip of their lesson (the whole video
 * only when they choose) with a community as an exemplar, with its comments shown or hidden, and may
 * take it back at any time. Members watch only the clip. Also the district's video policy as its
 * administrators set it.
 */

export const LIBRARY_NOTE_MAX = 2000;
export const VIDEO_RETENTION_MIN_DAYS = 30;
export const VIDEO_RETENTION_MAX_DAYS = 3650;
export const VIDEO_CONSENT_MAX = 2000;

export const ClipParams = z.strictObject({ id: z.uuid(), clipId: z.uuid() });

export const ShareClipBody = z
  .strictObject({
    videoId: z.uuid(),
    title: displayName(200),
    note: plainText(LIBRARY_NOTE_MAX).default(''),
    /** The part shared; required unless `wholeVideo` is true. */
    clip: Clip.nullable().optional(),
    /** Share the whole lesson: only when the teacher says so. */
    wholeVideo: z.boolean().default(false),
    hideComments: z.boolean().default(true),
  })
  .superRefine((body, ctx) => {
    if (!body.wholeVideo && !body.clip)
      ctx.addIssue({
        code: 'custom',
        path: ['clip'],
        message: 'choose the part to share, or share the whole video',
      });
    if (body.clip && body.clip.end <= body.clip.start)
      ctx.addIssue({ code: 'custom', path: ['clip', 'end'], message: 'must be after the start' });
  });
export type ShareClipBody = z.input<typeof ShareClipBody>;

const Person = z.object({ id: z.string(), name: z.string() });

export const LibraryClip = z.object({
  id: z.string(),
  videoId: z.string(),
  title: z.string(),
  note: z.string(),
  sharedBy: Person,
  /** Null: the whole video. */
  clip: Clip.nullable(),
  hideComments: z.boolean(),
  durationSeconds: z.number().nullable(),
  createdAt: z.string(),
  abilities: z.object({ revoke: z.boolean() }),
});
export type LibraryClip = z.infer<typeof LibraryClip>;

export const LibraryClipResponse = z.object({ data: LibraryClip });
export type LibraryClipResponse = z.infer<typeof LibraryClipResponse>;
export const LibraryResponse = z.object({
  data: z.array(LibraryClip),
  nextCursor: z.string().nullable(),
  abilities: z.object({ share: z.boolean() }),
});
export type LibraryResponse = z.infer<typeof LibraryResponse>;

export const DistrictVideoPolicyBody = z.strictObject({
  videoAllowed: z.boolean(),
  shareAcrossDistricts: z.boolean(),
  retentionDays: z
    .number()
    .int('must be a whole number of days')
    .min(VIDEO_RETENTION_MIN_DAYS, `must be at least ${VIDEO_RETENTION_MIN_DAYS} days`)
    .max(VIDEO_RETENTION_MAX_DAYS, `must be at most ${VIDEO_RETENTION_MAX_DAYS} days`)
    .nullable(),
  /** The words teachers confirm on upload; empty puts Trellis's own back. */
  consentText: plainText(VIDEO_CONSENT_MAX).default(''),
});
export type DistrictVideoPolicyBody = z.input<typeof DistrictVideoPolicyBody>;

export const DistrictVideoPolicyResponse = z.object({
  data: VideoPolicy,
  abilities: z.object({ edit: z.boolean() }),
});
export type DistrictVideoPolicyResponse = z.infer<typeof DistrictVideoPolicyResponse>;
