import { z } from 'zod';
import { displayName, plainText } from './common.ts';

/**
 * Lesson videos (issue 16): a teacher's upload, its renditions, who may watch it (grants), its
 * time-stamped comments and captions. Private to the teacher and the people they grant.
 */

export const VIDEO_STATUSES = ['uploading', 'processing', 'ready', 'failed'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

export const RENDITION_KINDS = ['720p', '360p', 'poster', 'clip'] as const;
export type RenditionKind = (typeof RENDITION_KINDS)[number];
/** The renditions a player may be handed. */
export const PLAYABLE_KINDS = ['720p', '360p', 'clip'] as const;

/** What a comment is tagged to: the cycle's focus, a rubric row, a competency, or a free tag. */
export const COMMENT_TAG_KINDS = ['focus', 'rubric_row', 'competency', 'free'] as const;
export type CommentTagKind = (typeof COMMENT_TAG_KINDS)[number];

/** Where captions came from; `automatic` is kept for a captioning service plugged in later. */
export const CAPTION_SOURCES = ['upload', 'edit', 'automatic'] as const;

/** Stems that prompt thinking rather than judgement, offered when writing a comment. */
export const COMMENT_STEMS = [
  'What did you notice when…',
  'What might happen if…',
  'I wonder why…',
  'How did students respond when…',
  'What evidence tells you that…',
  'What would you try differently at this moment?',
] as const;

const Timestamp = z.iso.datetime({ offset: true });
const Seconds = z
  .number()
  .min(0)
  .max(24 * 3600);

export interface CaptionCue {
  start: number;
  end: number;
  text: string;
}
export const CaptionCueSchema = z.object({ start: z.number(), end: z.number(), text: z.string() });

export const VideoParams = z.strictObject({ id: z.uuid() });
export const CommentParams = z.strictObject({ id: z.uuid(), commentId: z.uuid() });
export const GrantParams = z.strictObject({ id: z.uuid(), grantId: z.uuid() });
export const FileParams = z.strictObject({ token: z.string().min(10).max(400) });

export const VideoAbilities = z.object({
  view: z.boolean(),
  comment: z.boolean(),
  reply: z.boolean(),
  manage: z.boolean(),
  seeComments: z.boolean(),
});
export type VideoAbilities = z.infer<typeof VideoAbilities>;

const Person = z.object({ id: z.string(), name: z.string() });

export const Clip = z.object({ start: Seconds, end: Seconds });
export type Clip = z.infer<typeof Clip>;

export const VideoSummary = z.object({
  id: z.string(),
  title: z.string(),
  owner: Person,
  status: z.enum(VIDEO_STATUSES),
  statusDetail: z.string().nullable(),
  progress: z.number(),
  durationSeconds: z.number().nullable(),
  /** The part the caller may watch (null: the whole video). */
  clip: Clip.nullable(),
  createdAt: Timestamp,
});
export type VideoSummary = z.infer<typeof VideoSummary>;

export const VideoComment = z.object({
  id: z.string(),
  author: Person,
  parentId: z.string().nullable(),
  atSeconds: z.number(),
  tag: z.object({ kind: z.enum(COMMENT_TAG_KINDS), id: z.string().nullable(), label: z.string() }).nullable(),
  body: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  mine: z.boolean(),
});
export type VideoComment = z.infer<typeof VideoComment>;

export const VideoDetail = VideoSummary.extend({
  trim: Clip.nullable(),
  consentConfirmedAt: Timestamp,
  comments: z.array(VideoComment),
  captions: z
    .object({ language: z.string(), source: z.enum(CAPTION_SOURCES), cues: z.array(CaptionCueSchema) })
    .nullable(),
});
export type VideoDetail = z.infer<typeof VideoDetail>;

export const VideoResponse = z.object({ data: VideoDetail, abilities: VideoAbilities });
export type VideoResponse = z.infer<typeof VideoResponse>;

export const VideoListResponse = z.object({
  data: z.array(VideoSummary.extend({ mine: z.boolean() })),
  nextCursor: z.string().nullable(),
});
export type VideoListResponse = z.infer<typeof VideoListResponse>;

export const VideoListQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  /** `mine`: the caller's own; `shared`: shared with them; default both. */
  whose: z.enum(['mine', 'shared', 'all']).default('all'),
});

export const VideoPatchBody = z.strictObject({
  title: displayName(200).optional(),
  /** Keep only this part of the lesson (re-transcodes); null puts the whole video back. */
  trim: Clip.nullable().optional(),
});
export type VideoPatchBody = z.infer<typeof VideoPatchBody>;

export const PlaybackResponse = z.object({
  data: z.object({
    sources: z.array(
      z.object({
        url: z.string(),
        kind: z.enum(PLAYABLE_KINDS),
        width: z.number().nullable(),
        height: z.number().nullable(),
      }),
    ),
    poster: z.string().nullable(),
    captions: z.string().nullable(),
    expiresAt: Timestamp,
  }),
});
export type PlaybackResponse = z.infer<typeof PlaybackResponse>;

export const ViewsResponse = z.object({
  data: z.array(z.object({ viewer: Person, startedAt: Timestamp })),
});

export const CommentTagInput = z.strictObject({
  kind: z.enum(COMMENT_TAG_KINDS),
  id: z.string().trim().max(100).nullable().optional(),
  label: displayName(120),
});

export const CommentBody = z.strictObject({
  atSeconds: Seconds,
  body: plainText(4000).pipe(z.string().min(1, 'must not be empty')),
  tag: CommentTagInput.nullable().optional(),
  parentId: z.uuid().nullable().optional(),
});
export type CommentBody = z.infer<typeof CommentBody>;

export const CommentPatchBody = z.strictObject({
  body: plainText(4000).pipe(z.string().min(1, 'must not be empty')).optional(),
  tag: CommentTagInput.nullable().optional(),
  atSeconds: Seconds.optional(),
});

export const CommentResponse = z.object({ data: VideoComment });
export const CommentsResponse = z.object({ data: z.array(VideoComment) });
export const StemsResponse = z.object({ data: z.array(z.string()) });

/** WebVTT is kept up to 1 MB. */
export const CAPTIONS_MAX_CHARS = 1_000_000;
export const CaptionsBody = z.strictObject({
  vtt: z.string().max(CAPTIONS_MAX_CHARS),
  language: z
    .string()
    .trim()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as en or es-MX')
    .default('en'),
});
export const CaptionsResponse = z.object({
  data: z.object({
    language: z.string(),
    source: z.enum(CAPTION_SOURCES),
    cues: z.array(CaptionCueSchema),
    vtt: z.string(),
  }),
});

export const VideoGrant = z.object({
  id: z.string(),
  to: z.union([
    z.object({ user: Person }),
    z.object({ community: z.object({ id: z.string(), name: z.string() }) }),
  ]),
  clip: Clip.nullable(),
  hideComments: z.boolean(),
  mayComment: z.boolean(),
  source: z.string(),
  createdAt: Timestamp,
  revokedAt: Timestamp.nullable(),
});
export type VideoGrant = z.infer<typeof VideoGrant>;

export const GrantBody = z.strictObject({
  userId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  clip: Clip.nullable().optional(),
  hideComments: z.boolean().default(false),
});
/** The share picker's search: people whose names hold `q`. */
export const ShareCandidatesQuery = z.strictObject({ q: z.string().trim().min(1).max(100) });
/** Someone the owner may share the video with now. */
export const ShareCandidate = z.object({
  id: z.string(),
  name: z.string(),
  districtName: z.string().nullable(),
});
export type ShareCandidate = z.infer<typeof ShareCandidate>;
export const ShareCandidatesResponse = z.object({ data: z.array(ShareCandidate) });
export const GrantsResponse = z.object({ data: z.array(VideoGrant) });
export const GrantResponse = z.object({ data: VideoGrant });

export const VideoPolicy = z.object({
  videoAllowed: z.boolean(),
  shareAcrossDistricts: z.boolean(),
  retentionDays: z.number().int().nullable(),
  consentText: z.string(),
});
export type VideoPolicy = z.infer<typeof VideoPolicy>;

export const VideoPolicyResponse = z.object({
  data: VideoPolicy.extend({ maxUploadBytes: z.number() }),
});

/** What the consent checkbox says when the district has not written its own. */
export const DEFAULT_CONSENT_TEXT =
  'I confirm that this recording follows my district’s consent rules for the students and adults it shows, and that I will keep it private unless I choose to share it.';
