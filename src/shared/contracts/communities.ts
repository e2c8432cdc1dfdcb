import { z } from 'zod';
import { displayName, line, plainText } from './common.ts';
import { GRADE_BANDS, GradeBand, SUBJECTS, Subject } from './profiles.ts';

export const COMMUNITY_KINDS = [
  'plc',
  'learning_network',
  'improvement_community',
  'lesson_study',
  'cohort',
] as const;
export const CommunityKind = z.enum(COMMUNITY_KINDS);
export type CommunityKind = z.infer<typeof CommunityKind>;

/** How each kind of community is named to people. */
export const COMMUNITY_KIND_LABELS: Record<CommunityKind, string> = {
  plc: 'Professional learning community',
  learning_network: 'Learning network',
  improvement_community: 'Networked improvement community',
  lesson_study: 'Lesson-study team',
  cohort: 'Cohort',
};

export const JOIN_POLICIES = ['open', 'request', 'invitation'] as const;
export const JoinPolicy = z.enum(JOIN_POLICIES);
export type JoinPolicy = z.infer<typeof JoinPolicy>;

export const JOIN_POLICY_LABELS: Record<JoinPolicy, string> = {
  open: 'Open to join',
  request: 'Join by request',
  invitation: 'By invitation only',
};

export const OWNER_KINDS = ['school', 'district', 'network'] as const;
export const OwnerKind = z.enum(OWNER_KINDS);
export type OwnerKind = z.infer<typeof OwnerKind>;

export const MEMBER_ROLES = ['facilitator', 'member'] as const;
export const MemberRole = z.enum(MEMBER_ROLES);
export type MemberRole = z.infer<typeof MemberRole>;

/** A person's standing in a community; only active members are members. */
export const MEMBER_STATUSES = ['active', 'requested', 'invited', 'declined', 'removed', 'left'] as const;
export const MemberStatus = z.enum(MEMBER_STATUSES);
export type MemberStatus = z.infer<typeof MemberStatus>;

export const NAME_MAX = 120;
export const PURPOSE_MAX = 2000;
export const FOCUS_MAX = 1000;
export const MESSAGE_MAX = 1000;

const name = displayName(NAME_MAX);

export const CreateCommunityBody = z.strictObject({
  kind: CommunityKind,
  /** A school of one's district, one's district, or a network one's district belongs to. */
  ownerId: z.uuid(),
  name,
  purpose: plainText(PURPOSE_MAX).default(''),
  studentFocus: plainText(FOCUS_MAX).default(''),
  subjects: z.array(Subject).max(SUBJECTS.length).default([]),
  gradeBands: z.array(GradeBand).max(GRADE_BANDS.length).default([]),
  joinPolicy: JoinPolicy,
});
export type CreateCommunityBody = z.infer<typeof CreateCommunityBody>;

export const UpdateCommunityBody = z.strictObject({
  kind: CommunityKind.optional(),
  name: name.optional(),
  purpose: plainText(PURPOSE_MAX).optional(),
  studentFocus: plainText(FOCUS_MAX).optional(),
  subjects: z.array(Subject).max(SUBJECTS.length).optional(),
  gradeBands: z.array(GradeBand).max(GRADE_BANDS.length).optional(),
  joinPolicy: JoinPolicy.optional(),
});
export type UpdateCommunityBody = z.infer<typeof UpdateCommunityBody>;

const Named = z.object({ id: z.uuid(), name: z.string() });
export const Owner = z.object({ kind: OwnerKind, id: z.uuid(), name: z.string() });
export type Owner = z.infer<typeof Owner>;

/** One's own standing in a community; null when one has none. */
export const Membership = z
  .object({
    status: MemberStatus,
    role: MemberRole,
  })
  .nullable();
export type Membership = z.infer<typeof Membership>;

export const CommunityPermissions = z.object({
  /** Threads, posts and the member list. */
  canRead: z.boolean(),
  /** Start threads, reply, react. */
  canParticipate: z.boolean(),
  /** Manage members, moderate, edit and archive. */
  canFacilitate: z.boolean(),
  /** Join at once (open community, or an invitation to accept). */
  canJoin: z.boolean(),
  /** Ask to join. */
  canRequest: z.boolean(),
  /** Leave (the last facilitator may not). */
  canLeave: z.boolean(),
});
export type CommunityPermissions = z.infer<typeof CommunityPermissions>;

export const CommunityDetail = z.object({
  id: z.uuid(),
  kind: CommunityKind,
  name: z.string(),
  purpose: z.string(),
  studentFocus: z.string(),
  subjects: z.array(z.string()),
  gradeBands: z.array(z.string()),
  joinPolicy: JoinPolicy,
  owner: Owner,
  facilitators: z.array(Named),
  counts: z.object({
    members: z.number().int(),
    threads: z.number().int(),
    /** Requests waiting for a decision; 0 for anyone but facilitators. */
    pendingRequests: z.number().int(),
  }),
  createdAt: z.string(),
  lastActivityAt: z.string(),
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  membership: Membership,
  permissions: CommunityPermissions,
});
export type CommunityDetail = z.infer<typeof CommunityDetail>;

export const CommunityResponse = z.object({ data: CommunityDetail });

export const CommunitySummary = z.object({
  id: z.uuid(),
  kind: CommunityKind,
  name: z.string(),
  purpose: z.string(),
  subjects: z.array(z.string()),
  gradeBands: z.array(z.string()),
  joinPolicy: JoinPolicy,
  owner: Owner,
  memberCount: z.number().int(),
  threadCount: z.number().int(),
  lastActivityAt: z.string(),
  archived: z.boolean(),
  membership: Membership,
  /** Active members of other districts sharing a subject and a grade band with the viewer. */
  peopleLikeYou: z.number().int(),
});
export type CommunitySummary = z.infer<typeof CommunitySummary>;

const flag = z
  .enum(['1', '0', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

export const CommunityListQuery = z.strictObject({
  q: line(200).optional(),
  kind: CommunityKind.optional(),
  subject: Subject.optional(),
  gradeBand: GradeBand.optional(),
  /** Only communities one belongs to, is invited to or has asked to join. */
  mine: flag,
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type CommunityListQuery = z.infer<typeof CommunityListQuery>;

export const CommunityListResponse = z.object({
  data: z.array(CommunitySummary),
  nextCursor: z.string().nullable(),
});
export type CommunityListResponse = z.infer<typeof CommunityListResponse>;

/** The organizations one may create a community for. */
export const OwnerOptionsResponse = z.object({ data: z.array(Owner) });

export const MessageBody = z.strictObject({
  message: plainText(MESSAGE_MAX).optional(),
});
export type MessageBody = z.infer<typeof MessageBody>;

export const InvitationBody = z.strictObject({ userId: z.uuid() });

export const MembershipResponse = z.object({ data: z.object({ membership: Membership }) });

export const MemberParams = z.strictObject({ id: z.uuid(), userId: z.uuid() });

export const MEMBER_LIST_STATUSES = ['active', 'requested', 'invited'] as const;
export const MemberListQuery = z.strictObject({
  status: z.enum(MEMBER_LIST_STATUSES).default('active'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type MemberListQuery = z.infer<typeof MemberListQuery>;

export const Member = z.object({
  id: z.uuid(),
  name: z.string(),
  roleTitle: z.string().nullable(),
  school: Named.nullable(),
  district: Named,
  role: MemberRole,
  status: MemberStatus,
  joinedAt: z.string().nullable(),
  /** What the person wrote when asking to join (requests, shown to facilitators). */
  requestMessage: z.string().nullable().optional(),
});
export type Member = z.infer<typeof Member>;

export const MemberListResponse = z.object({ data: z.array(Member), nextCursor: z.string().nullable() });
export type MemberListResponse = z.infer<typeof MemberListResponse>;
export const MemberResponse = z.object({ data: Member });

export const UpdateMemberBody = z.strictObject({ role: MemberRole });
