import { z } from 'zod';
import { displayName, Email, Password, line } from './common.ts';
import { RoleSchema } from './session.ts';

/**
 * District administration: invitations, staff, schools, the audit log and the development outbox.
 */

/** The roles a district admin gives inside their district. Network and platform roles are granted elsewhere. */
export const DISTRICT_ROLES = ['teacher', 'coach', 'principal', 'district_admin'] as const;
export const DistrictRole = z.enum(DISTRICT_ROLES);
export type DistrictRole = z.infer<typeof DistrictRole>;

export const ROLE_LABELS: Record<DistrictRole, string> = {
  teacher: 'Teacher',
  coach: 'Coach',
  principal: 'Principal',
  district_admin: 'District administrator',
};

const Named = z.object({ id: z.uuid(), name: z.string() });
const PersonName = displayName(120);
const Timestamp = z.iso.datetime({ offset: true });

// ---- invitations ----------------------------------------------------------------------------

export const BULK_INVITE_MAX = 500;

export const CreateInvitationBody = z.strictObject({
  email: Email,
  name: PersonName.optional(),
  role: DistrictRole,
  schoolId: z.uuid().nullable().optional(),
});
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;

/**
 * One row of a bulk invitation: an address, `"email, name"`, or an object. Rows are checked one by
 * one by the server, so a bad row is reported in the results rather than failing the batch.
 */
export const BulkInvitationRow = z.union([
  z.string().max(500),
  z.strictObject({ email: z.string().max(500), name: z.string().max(500).optional() }),
]);

export const BulkInvitationBody = z.strictObject({
  rows: z
    .array(BulkInvitationRow)
    .min(1, 'list at least one address')
    .max(BULK_INVITE_MAX, `at most ${BULK_INVITE_MAX} rows at a time`),
  role: DistrictRole,
  schoolId: z.uuid().nullable().optional(),
});
export type BulkInvitationBody = z.infer<typeof BulkInvitationBody>;

export const BulkInvitationStatus = z.enum(['invited', 'already_member', 'already_invited', 'invalid']);
export type BulkInvitationStatus = z.infer<typeof BulkInvitationStatus>;

export const BulkInvitationResult = z.object({
  /** Position of the row in the list sent, from 1. */
  row: z.number().int(),
  email: z.string(),
  status: BulkInvitationStatus,
  /** Why a row was not invited. */
  reason: z.string().nullable(),
});
export type BulkInvitationResult = z.infer<typeof BulkInvitationResult>;

export const BulkInvitationResponse = z.object({
  data: z.object({
    results: z.array(BulkInvitationResult),
    counts: z.object({
      invited: z.number().int(),
      already_member: z.number().int(),
      already_invited: z.number().int(),
      invalid: z.number().int(),
    }),
  }),
});
export type BulkInvitationResponse = z.infer<typeof BulkInvitationResponse>;

export const Invitation = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: DistrictRole,
  school: Named.nullable(),
  invitedBy: Named.nullable(),
  createdAt: Timestamp,
  lastSentAt: Timestamp,
  expiresAt: Timestamp,
  /** True once the link has lapsed; resending gives a fresh one. */
  expired: z.boolean(),
});
export type Invitation = z.infer<typeof Invitation>;

export const InvitationResponse = z.object({ data: Invitation });
export const InvitationListQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export const InvitationListResponse = z.object({
  data: z.array(Invitation),
  nextCursor: z.string().nullable(),
});
export type InvitationListResponse = z.infer<typeof InvitationListResponse>;

/** Sends several pending invitations again at once, each with a fresh link and a fresh week. */
export const ResendInvitationsBody = z.strictObject({
  ids: z.array(z.uuid()).min(1, 'select at least one invitation').max(BULK_INVITE_MAX),
});
export type ResendInvitationsBody = z.infer<typeof ResendInvitationsBody>;
export const ResendInvitationsResponse = z.object({
  data: z.object({
    resent: z.number().int(),
    /** Invitations left alone, with why (sent within the hour). */
    skipped: z.array(z.object({ id: z.uuid(), reason: z.string() })),
  }),
});

export const InvitationLookupQuery = z.strictObject({ token: z.string().min(1).max(100) });
export const InvitationLookupResponse = z.object({
  data: z.object({ districtName: z.string(), email: z.string(), name: z.string().nullable() }),
});
export type InvitationLookup = z.infer<typeof InvitationLookupResponse>['data'];

export const AcceptInvitationBody = z.strictObject({
  token: z.string().min(1).max(100),
  name: PersonName,
  password: Password,
});
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBody>;

export const AcceptInvitationResponse = z.object({ data: z.object({ userId: z.uuid() }) });

// ---- staff ----------------------------------------------------------------------------------

export const STAFF_STATUSES = ['active', 'deactivated'] as const;
export const StaffStatus = z.enum(STAFF_STATUSES);
export type StaffStatus = z.infer<typeof StaffStatus>;

/** Last sign-in as the staff list filters it: never yet, within the last 30 days, or longer ago. */
export const SIGN_IN_FILTERS = ['never', 'recent', 'dormant'] as const;
export const SignInFilter = z.enum(SIGN_IN_FILTERS);
export type SignInFilter = z.infer<typeof SignInFilter>;
export const SIGN_IN_FILTER_LABELS: Record<SignInFilter, string> = {
  never: 'Never signed in',
  recent: 'Signed in within 30 days',
  dormant: 'Not signed in for 30 days',
};

/** What narrows the staff list, its CSV export and a bulk action over "all matching". */
export const StaffFilter = z.strictObject({
  q: line(200).optional(),
  role: DistrictRole.optional(),
  status: StaffStatus.optional(),
  schoolId: z.uuid().optional(),
  signedIn: SignInFilter.optional(),
});
export type StaffFilter = z.infer<typeof StaffFilter>;

export const StaffQuery = StaffFilter.extend({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type StaffQuery = z.infer<typeof StaffQuery>;

export const StaffAbilities = z.object({
  changeRole: z.boolean(),
  deactivate: z.boolean(),
  reactivate: z.boolean(),
});
export type StaffAbilities = z.infer<typeof StaffAbilities>;

export const StaffMember = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  roles: z.array(RoleSchema),
  /** The main school (the first of `schools`). */
  school: Named.nullable(),
  /** Every school the person belongs to, main school first. */
  schools: z.array(Named),
  /** The roster sets this person's schools: the next import replaces changes made by hand. */
  rostered: z.boolean(),
  status: StaffStatus,
  /** When the person last signed in; null: never yet. */
  lastSignedInAt: Timestamp.nullable(),
  /** When the district's welcome email was last sent to them. */
  welcomedAt: Timestamp.nullable(),
  /** What the caller may do with this person; the UI shows controls from it. */
  abilities: StaffAbilities,
});
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffListResponse = z.object({
  data: z.array(StaffMember),
  nextCursor: z.string().nullable(),
  /** How many people match the filters (every page), for "select all matching". */
  total: z.number().int(),
});
export type StaffListResponse = z.infer<typeof StaffListResponse>;
export const StaffResponse = z.object({ data: StaffMember });

export const ChangeRoleBody = z.strictObject({ role: DistrictRole });

// ---- staff in bulk --------------------------------------------------------------------------

/** The most people one bulk action changes (a selection or everyone matching). */
export const STAFF_BULK_MAX = 5000;

const bulkSelection = {
  /** These people (ids from the list). */
  ids: z.array(z.uuid()).min(1, 'select at least one person').max(STAFF_BULK_MAX).optional(),
  /** Everyone the list shows under these filters (every page). */
  matching: StaffFilter.optional(),
  /** With `matching`: how many people the admin confirmed; a different count refuses the action. */
  expectedCount: z.number().int().min(1).max(STAFF_BULK_MAX).optional(),
};

export const STAFF_BULK_ACTIONS = [
  'change_role',
  'move_school',
  'deactivate',
  'reactivate',
  'resend_welcome',
] as const;
export type StaffBulkAction = (typeof STAFF_BULK_ACTIONS)[number];

export const StaffBulkBody = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('change_role'), role: DistrictRole, ...bulkSelection }),
    /** `schoolId` null: no school (district-wide). */
    z.strictObject({ action: z.literal('move_school'), schoolId: z.uuid().nullable(), ...bulkSelection }),
    z.strictObject({ action: z.literal('deactivate'), ...bulkSelection }),
    z.strictObject({ action: z.literal('reactivate'), ...bulkSelection }),
    z.strictObject({ action: z.literal('resend_welcome'), ...bulkSelection }),
  ])
  .superRefine((body, ctx) => {
    if ((body.ids === undefined) === (body.matching === undefined))
      ctx.addIssue({ code: 'custom', path: ['ids'], message: 'give either ids or matching' });
    if (body.matching !== undefined && body.expectedCount === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['expectedCount'],
        message: 'say how many people you confirmed',
      });
  });
export type StaffBulkBody = z.infer<typeof StaffBulkBody>;

export const StaffBulkResult = z.object({
  action: z.enum(STAFF_BULK_ACTIONS),
  /** People the action changed (or, for resend, mailed). */
  changed: z.number().int(),
  /** People it left as they were: already so, or skipped for a reason below. */
  unchanged: z.number().int(),
  /** Who was skipped and why (your own account, the last administrator, already signed in...). */
  skipped: z.array(z.object({ id: z.uuid(), name: z.string(), reason: z.string() })),
  /** Bulk actions that put back what this one changed, where a mistake is easy (send them in order). */
  undo: z.array(z.record(z.string(), z.unknown())),
});
export type StaffBulkResult = z.infer<typeof StaffBulkResult>;
export const StaffBulkResponse = z.object({ data: StaffBulkResult });

// ---- welcome email --------------------------------------------------------------------------

export const WELCOME_MODES = ['off', 'immediately', 'launch'] as const;
export const WelcomeMode = z.enum(WELCOME_MODES);
export type WelcomeMode = z.infer<typeof WelcomeMode>;

export const WelcomeSettings = z.object({
  mode: WelcomeMode,
  /** With `launch`: when the welcome emails go out. */
  launchAt: Timestamp.nullable(),
  /** Whether the district signs in with single sign-on: the email says "sign in with your district account". */
  singleSignOn: z.boolean(),
  /** Active staff who have not signed in yet, and of them those not welcomed yet. */
  notSignedIn: z.number().int(),
  notWelcomed: z.number().int(),
});
export type WelcomeSettings = z.infer<typeof WelcomeSettings>;
export const WelcomeSettingsResponse = z.object({ data: WelcomeSettings });

export const WelcomeSettingsBody = z
  .strictObject({ mode: WelcomeMode, launchAt: Timestamp.nullable().optional() })
  .superRefine((body, ctx) => {
    if (body.mode === 'launch' && !body.launchAt)
      ctx.addIssue({ code: 'custom', path: ['launchAt'], message: 'choose the launch date' });
  });
export type WelcomeSettingsBody = z.infer<typeof WelcomeSettingsBody>;

// ---- schools --------------------------------------------------------------------------------

export const SchoolListQuery = z.strictObject({
  includeArchived: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const School = z.object({
  id: z.uuid(),
  name: z.string(),
  archivedAt: Timestamp.nullable(),
});
export type School = z.infer<typeof School>;

export const SchoolAbilities = z.object({ manage: z.boolean() });
export const SchoolListResponse = z.object({ data: z.array(School), abilities: SchoolAbilities });
export type SchoolListResponse = z.infer<typeof SchoolListResponse>;
export const SchoolResponse = z.object({ data: School });

export const SchoolBody = z.strictObject({ name: displayName(200) });

// ---- development outbox ---------------------------------------------------------------------

export const OutboxMessage = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  date: z.string(),
  text: z.string(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;
export const OutboxResponse = z.object({ data: z.array(OutboxMessage) });
export type OutboxResponse = z.infer<typeof OutboxResponse>;
