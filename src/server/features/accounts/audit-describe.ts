/**
 * The audit log in words: each recorded action as a sentence an administrator reads without knowing
 * Trellis's internal names ("Ana Ruiz changed Ben Ode's role from teacher to coach").
 */
import { AUDIT_KINDS, type AuditKind } from '#shared/contracts/audit.ts';

/** The action prefixes each kind of action groups. */
export const KIND_PREFIXES: Record<AuditKind, readonly string[]> = {
  staff: ['user'],
  invitations: ['invitation'],
  schools: ['school'],
  networks: ['network'],
  communities: ['community'],
  discussion: ['post', 'thread', 'report'],
  credentials: ['framework', 'micro_credential', 'award', 'issuer_key', 'submission_file'],
  import: ['roster'],
  integrations: ['api_client', 'lrs_identity', 'lrs_settings'],
};

export function auditKindOf(action: string): AuditKind | null {
  const prefix = action.split('.')[0];
  return AUDIT_KINDS.find((kind) => KIND_PREFIXES[kind].includes(prefix)) ?? null;
}

export interface AuditFacts {
  action: string;
  actorName: string | null;
  targetType: string;
  targetName: string | null;
  details: Record<string, unknown>;
  /** The community named by `details.communityId`, when there is one. */
  communityName?: string | null;
  /** The school named by `details.schoolId`, when there is one. */
  schoolName?: string | null;
}

const ROLE_WORDS: Record<string, string> = {
  teacher: 'teacher',
  coach: 'coach',
  principal: 'principal',
  district_admin: 'district administrator',
  network_admin: 'network administrator',
  assessor: 'assessor',
  platform_admin: 'platform administrator',
  facilitator: 'facilitator',
  member: 'member',
};

/** A role, or a comma-separated list of them, in words. */
function roles(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return value
    .split(',')
    .map((r) => ROLE_WORDS[r.trim()] ?? r.trim().replace(/_/g, ' '))
    .join(' and ');
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : null;

const list = (value: unknown): string | null =>
  Array.isArray(value) ? (value.length ? value.map(String).join(', ') : 'no school') : text(value);

const possessive = (name: string) => (name.endsWith('s') ? `${name}’` : `${name}’s`);

const apiClient = (name: unknown) => (text(name) ? `the API client ${text(name)}` : 'an API client');

const an = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/** One audit entry as a sentence. */
export function describeAudit(facts: AuditFacts): string {
  const who = facts.actorName ?? 'Trellis';
  const d = facts.details;
  const target = facts.targetName;
  const person = target ?? 'a person no longer in Trellis';
  const theCommunity = facts.communityName ? `the community ${facts.communityName}` : 'a community';
  const community = facts.communityName ? ` in the community ${facts.communityName}` : '';
  switch (facts.action) {
    case 'user.role_changed': {
      const from = roles(d.from);
      const to = roles(d.to) ?? 'another role';
      return from
        ? `${who} changed ${possessive(person)} role from ${from} to ${to}`
        : `${who} made ${person} ${an(to)}`;
    }
    case 'user.role_added':
      return `${who} gave ${person} the role of ${roles(d.role) ?? 'staff member'}${d.source === 'roster-import' ? ' from a roster import' : d.source === 'roster-sync' ? ' from the roster sync' : ''}`;
    case 'user.deactivated':
      return `${who} deactivated ${possessive(person)} account`;
    case 'user.reactivated':
      return `${who} reactivated ${possessive(person)} account`;
    case 'user.schools_changed':
      return `${who} changed ${possessive(person)} schools from ${list(d.from) ?? 'none'} to ${list(d.to) ?? 'none'}`;
    case 'user.school_request_declined':
      return `${who} declined ${possessive(person)} request to change school`;
    case 'user.welcome_sent':
      return `${who} sent the welcome email again to ${target ?? text(d.email) ?? 'someone'}`;
    case 'staff.bulk_changed': {
      const count = typeof d.changed === 'number' ? d.changed : 0;
      const people = `${count} ${count === 1 ? 'person' : 'people'}`;
      if (d.action === 'change_role')
        return `${who} made ${people} ${roles(d.role) ?? 'another role'} at once`;
      if (d.action === 'move_school')
        return `${who} moved ${people} to ${facts.schoolName ?? 'another school'} at once`;
      if (d.action === 'deactivate') return `${who} deactivated ${people} at once`;
      if (d.action === 'reactivate') return `${who} reactivated ${people} at once`;
      return `${who} sent the welcome email again to ${people}`;
    }
    case 'staff.exported': {
      const words: Record<string, string> = {
        q: 'name or email',
        role: 'role',
        status: 'status',
        schoolId: 'school',
        signedIn: 'last sign-in',
      };
      const filters =
        d.filters && typeof d.filters === 'object' ? Object.keys(d.filters).map((k) => words[k] ?? k) : [];
      return `${who} exported the staff list as CSV${filters.length ? ` (filtered by ${filters.join(', ')})` : ''}`;
    }
    case 'district.welcome_changed':
      return d.mode === 'off'
        ? `${who} turned the welcome email off`
        : d.mode === 'immediately'
          ? `${who} chose to welcome staff by email as soon as they are added`
          : `${who} set the welcome email to go out on ${text(d.launchAt)?.slice(0, 10) ?? 'a launch date'}`;
    case 'invitation.created':
      return `${who} invited ${text(d.email) ?? target ?? 'someone'}${d.role ? ` as ${an(roles(d.role) ?? 'staff member')}` : ''}`;
    case 'invitation.bulk_created': {
      const count = typeof d.invited === 'number' ? d.invited : 0;
      const role = roles(d.role);
      return `${who} invited ${count} ${count === 1 ? 'person' : 'people'} at once${role ? ` as ${role}s` : ''}${facts.schoolName ? ` to ${facts.schoolName}` : ''}`;
    }
    case 'invitation.resent':
      return `${who} resent the invitation to ${text(d.email) ?? target ?? 'someone'}`;
    case 'invitation.revoked':
      return `${who} withdrew the invitation to ${text(d.email) ?? target ?? 'someone'}`;
    case 'school.created':
      return `${who} added the school ${target ?? text(d.name) ?? ''}`.trim();
    case 'school.renamed':
      return `${who} renamed the school ${text(d.from) ?? ''} to ${text(d.to) ?? target ?? ''}`.replace(
        /\s+/g,
        ' ',
      );
    case 'school.archived':
      return `${who} archived the school ${target ?? text(d.name) ?? ''}`.trim();
    case 'school.unarchived':
      return `${who} reopened the school ${target ?? text(d.name) ?? ''}`.trim();
    case 'network.district_added':
      return `${who} added ${text(d.districtName) ?? 'a district'} to the network ${target ?? text(d.networkName) ?? ''}`.trim();
    case 'network.district_removed':
      return `${who} took ${text(d.districtName) ?? 'a district'} out of the network ${target ?? text(d.networkName) ?? ''}`.trim();
    case 'roster.imported':
      return `${who} applied a roster import`;
    case 'roster.synced':
      return 'The roster sync updated the district from its student information system';
    case 'roster_source.connected':
      return `${who} connected the district's student information system (OneRoster) for roster sync`;
    case 'roster_source.updated':
      return `${who} changed the roster sync settings`;
    case 'community.member_removed':
      return `${who} removed ${person} from ${theCommunity}`;
    case 'community.member_invited':
      return `${who} invited ${person} to ${theCommunity}`;
    case 'community.invitation_withdrawn':
      return `${who} withdrew ${possessive(person)} invitation to ${theCommunity}`;
    case 'community.member_role_changed':
      return `${who} made ${person} ${an(roles(d.to) ?? 'member')} of ${theCommunity}`;
    case 'community.updated':
      return `${who} changed the details of the community ${target ?? ''}`.trim();
    case 'community.archived':
      return `${who} archived the community ${target ?? text(d.name) ?? ''}`.trim();
    case 'community.unarchived':
      return `${who} reopened the community ${target ?? text(d.name) ?? ''}`.trim();
    case 'post.reported':
      return `${who} reported a post${community}`;
    case 'post.hidden':
      return `${who} hid a post${community}`;
    case 'post.restored':
      return `${who} restored a hidden post${community}`;
    case 'report.dismissed':
      return `${who} dismissed a report about a post${community}`;
    case 'thread.moved':
      return `${who} moved the thread ${target ?? text(d.title) ?? ''} to another community`.replace(
        /\s+/g,
        ' ',
      );
    case 'thread.updated':
      return `${who} ${d.pinned === true ? 'pinned' : d.pinned === false ? 'unpinned' : d.locked === true ? 'locked' : d.locked === false ? 'unlocked' : 'changed'} the thread ${target ?? ''}`.trim();
    case 'framework.imported':
      return `${who} imported the competency framework ${target ?? text(d.title) ?? ''}`.trim();
    case 'framework.deleted':
      return `${who} deleted the competency framework ${text(d.title) ?? target ?? ''}`.trim();
    case 'framework.published':
      return `${who} published the competency framework ${target ?? text(d.title) ?? ''}`.trim();
    case 'framework.unpublished':
      return `${who} made the competency framework ${target ?? text(d.title) ?? ''} private`.replace(
        /\s+/g,
        ' ',
      );
    case 'award.revoked':
      return `${who} revoked an award${target ? ` of ${target}` : ''}`;
    case 'micro_credential.cohort_awarded':
      return `${who} awarded ${target ?? 'a micro-credential'} to a cohort of ${typeof d.recipients === 'number' ? d.recipients : 'several'} people`;
    case 'issuer_key.rotated':
      return `${who} replaced the signing key of ${target ?? 'an issuer'}`;
    case 'submission_file.read':
      return `${who} opened a file of a credential submission`;
    case 'api_client.created':
      return `${who} created ${apiClient(d.name)}`;
    case 'api_client.secret_rotated':
      return `${who} gave ${apiClient(d.name)} a new secret`;
    case 'api_client.previous_secret_retired':
      return `${who} retired the previous secret of ${apiClient(d.name)}`;
    case 'api_client.revoked':
      return `${who} revoked ${apiClient(d.name)}`;
    case 'lrs_identity.mapped':
      return `${who} mapped the learning record identity ${text(d.identity) ?? ''} to ${target ?? text(d.person) ?? 'a person'}`;
    case 'lrs_identity.unmapped':
      return `${who} unmapped the learning record identity ${text(d.identity) ?? ''} from ${target ?? text(d.person) ?? 'a person'}`;
    case 'lrs_settings.updated':
      return text(d.homePage)
        ? `${who} set the home page of the district's learning tools to ${text(d.homePage)}`
        : `${who} cleared the home page of the district's learning tools`;
    case 'user.erased':
      return `${who} erased a person who had left: their words stay as a Former member’s`;
    case 'district.data_exported':
      return `${who} downloaded the district’s data`;
    case 'district.retention_changed':
      return `${who} changed how long the district keeps its records`;
    case 'district.data_export_started':
      return `${who} started an export of the district’s data`;
    case 'district.records_rules_changed':
      return d.erasureNeedsApproval === false
        ? `${who} let people who ask to be erased be erased without approval`
        : `${who} made requests to be erased wait for an administrator’s approval`;
    case 'user.erasure_requested':
      return `${who} asked to have their account erased`;
    case 'user.erasure_declined':
      return `${who} declined a request to be erased`;
    case 'user.erasure_withdrawn':
      return `${who} withdrew their request to be erased`;
    case 'platform.data_protection_changed':
      return `${who} changed the data-protection page`;
    case 'sign_on.settings_changed': {
      const to = (d.to ?? {}) as { passwordsAllowed?: boolean; unknownPeople?: string };
      const passwords =
        to.passwordsAllowed === false
          ? 'staff sign in with the district’s provider only'
          : 'staff may also use passwords';
      const unknown =
        to.unknownPeople === 'request'
          ? 'unknown people may request an account'
          : 'unknown people are sent to an administrator';
      return `${who} changed how staff sign in: ${passwords}; ${unknown}`;
    }
    case 'sign_on.provider_connected':
      return `${who} connected the sign-on provider ${text(d.name) ?? ''}`.trim();
    case 'sign_on.provider_changed':
      return `${who} changed the sign-on provider ${text(d.name) ?? ''}`.trim();
    case 'sign_on.provider_disconnected':
      return `${who} disconnected the sign-on provider ${text(d.name) ?? ''}`.trim();
    case 'sign_on.domain_claimed':
      return `${who} claimed the domain ${text(d.domain) ?? ''} for single sign-on`;
    case 'sign_on.domain_mail_sent':
      return `${who} sent a confirmation mail for the domain ${text(d.domain) ?? ''} to ${text(d.to) ?? 'an address there'}`;
    case 'sign_on.domain_verified':
      return `${facts.actorName ?? 'An address at the domain'} verified the domain ${text(d.domain) ?? ''} by ${d.by === 'dns' ? 'its DNS record' : 'a confirmation mail'}`;
    case 'sign_on.domain_removed':
      return `${who} removed the domain ${text(d.domain) ?? ''} from single sign-on`;
    case 'sign_on.identity_linked':
      return `${who} signed in with ${text(d.provider) ?? 'the district’s provider'} for the first time, linking the account`;
    case 'sign_on.identity_unlinked':
      return `${who} unlinked a provider sign-in from ${possessive(person)} account`;
    case 'sign_on.request_approved':
      return `${who} approved ${possessive(person)} request for an account`;
    case 'sign_on.request_declined':
      return `${who} declined a request for an account from ${text(d.email) ?? 'someone'}`;
    case 'sign_on.password_break_glass':
      return `${who} signed in with a password while the district’s staff sign in with its provider (an administrator’s way in)`;
    default: {
      // An action without its own sentence yet: its name in words, never its internal spelling.
      const [noun, verb = ''] = facts.action.split('.');
      const thing = noun.replace(/_/g, ' ');
      const done = verb.replace(/_/g, ' ');
      return `${who} ${done || 'changed'} ${target ? `the ${thing} ${target}` : `a ${thing}`}`.trim();
    }
  }
}
