import { type SQL, sql } from 'drizzle-orm';
import { credentialStandingSql } from '#server/features/credentials/index.ts';
import { facilitatedCommunityCountSql } from '#server/features/communities/index.ts';
import { ledLessonStudyCountSql } from '#server/features/inquiry/index.ts';
import { loggedMinutesSql } from '#server/features/learning/index.ts';
import { mentorshipsAsMentorSql } from './mentoring-link.ts';
import {
  HELD_ROLE_LABELS,
  type HeldRoleKind,
  type RequirementKind,
  type RequirementStatus,
} from '#shared/contracts/pathways.ts';

/**
 * The one requirement evaluator (decision 085). Every place that says where a person stands (their
 * pathway page, an opportunity's eligibility, the job that tells eligible staff, an application a
 * reviewer reads) selects `requirementFactsSql` for the requirement rows `r` and reads the facts with
 * `requirementStatus`, so the same data gives the same answer everywhere. The facts are read from what
 * Trellis records, through the other features' own SQL: credentials held (expired and revoked ones do
 * not count), minutes logged within the window, years of experience an administrator confirmed or the
 * roster gave, roles held, and confirmations by hand. Nothing the person types counts for themselves.
 */

/** A requirement row with the facts about one person that decide where they stand. */
export type RequirementFacts = {
  id: string;
  kind: RequirementKind;
  label: string;
  credential_id: string | null;
  credential_title: string | null;
  learning_kind: string | null;
  competency_label: string | null;
  hours: string | null;
  window_months: number | null;
  years: string | null;
  role_kind: HeldRoleKind | null;
  held_role_title: string | null;
  count: number;
  /** The credential's standing: held, under_way, expired or none. */
  credential_state: string | null;
  /** Hours logged, years of experience, roles held or confirmations: null when nothing is recorded. */
  have: string | number | null;
};

/**
 * SQL: the columns of `RequirementFacts` for the pathway_requirements row `r` and the person
 * `userId` (a SQL expression, so one statement can evaluate many people). Each kind's facts are read
 * only for rows of that kind.
 */
export function requirementFactsSql(userId: SQL): SQL {
  return sql`r.id, r.kind, r.label, r.credential_id, r.learning_kind, r.hours, r.window_months, r.years,
    r.role_kind, r.count,
    (select mc.title from micro_credentials mc where mc.id = r.credential_id) as credential_title,
    (select trim(c.code || ' ' || c.statement) from competencies c where c.id = r.competency_id) as competency_label,
    (select hr.title from pathway_roles hr where hr.id = r.held_role_id) as held_role_title,
    case when r.kind = 'credential' then ${credentialStandingSql(userId, sql`r.credential_id`)} end as credential_state,
    case r.kind
      when 'learning_hours' then ${loggedMinutesSql({
        userId,
        kind: sql`r.learning_kind`,
        competencyId: sql`r.competency_id`,
        since: sql`(case when r.window_months is null then null else now() - make_interval(months => r.window_months) end)`,
      })} / 60.0
      when 'experience' then (select x.years + greatest(0, current_date - x.as_of) / 365.25
                                from pathway_experience x where x.user_id = ${userId})
      when 'role_held' then (case r.role_kind
        when 'community_facilitator' then ${facilitatedCommunityCountSql(userId)}
        when 'lesson_study_lead' then ${ledLessonStudyCountSql(userId)}
        when 'mentor' then ${mentorshipsAsMentorSql(userId)}
        when 'pathway_role' then (select count(*) from pathway_role_holders h
                                   where h.user_id = ${userId} and h.role_id = r.held_role_id)
        when 'leadership_role' then (select count(*) from pathway_role_holders h where h.user_id = ${userId})
        end)
      when 'manual' then (select count(*) from pathway_confirmations pc
                           where pc.requirement_id = r.id and pc.user_id = ${userId})
    end as have`;
}

/**
 * SQL: the person meets the requirement row `r`, for statements that only need yes or no (the
 * eligible staff of an opportunity). It asks the same facts as `requirementFactsSql`, by the same rules
 * as `requirementStatus`.
 */
export function requirementMetSql(userId: SQL): SQL {
  return sql`(select case f.kind
      when 'credential' then f.credential_state = 'held'
      when 'learning_hours' then f.have >= f.hours
      when 'experience' then coalesce(f.have >= f.years, false)
      when 'role_held' then f.have >= f.count
      when 'manual' then f.have > 0
    end from (select ${requirementFactsSql(userId)}) f)`;
}

const number = (v: string | number | null) => (v === null ? null : Number(v));
const round1 = (n: number) => Math.round(n * 10) / 10;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a requirement asks, as people read it, when its author gave it no label of its own. */
export function requirementLabel(f: RequirementFacts): string {
  if (f.label) return f.label;
  switch (f.kind) {
    case 'credential':
      return `Hold the credential “${f.credential_title ?? 'a credential'}”`;
    case 'learning_hours': {
      const what = [f.learning_kind?.replaceAll('_', ' '), f.competency_label].filter(Boolean).join(', ');
      const window = f.window_months ? ` in the last ${plural(f.window_months, 'month')}` : '';
      return `${plural(Number(f.hours), 'hour')} of learning${what ? ` (${what})` : ''}${window}`;
    }
    case 'experience':
      return `${plural(Number(f.years), 'year')} of teaching experience`;
    case 'role_held': {
      const what =
        f.role_kind === 'pathway_role'
          ? `Held the role “${f.held_role_title ?? ''}”`
          : HELD_ROLE_LABELS[f.role_kind ?? 'leadership_role'];
      return f.count > 1 ? `${what} (${f.count} times)` : what;
    }
    case 'manual':
      return 'Confirmed by an administrator';
  }
}

/** Where the next step toward a requirement is, in the web app, or null when nothing in Trellis meets it. */
function linkOf(f: RequirementFacts): string | null {
  switch (f.kind) {
    case 'credential':
      return f.credential_id ? `/micro-credentials/${f.credential_id}` : null;
    case 'learning_hours':
      return '/learning';
    case 'role_held':
      if (f.role_kind === 'community_facilitator') return '/communities';
      if (f.role_kind === 'lesson_study_lead') return '/inquiry';
      if (f.role_kind === 'mentor') return '/mentoring';
      return '/opportunities';
    default:
      return null;
  }
}

/** Where a person stands on a requirement, from its facts: met, in progress with what is missing, or not started. */
export function requirementStatus(f: RequirementFacts): RequirementStatus {
  const base = { id: f.id, kind: f.kind, label: requirementLabel(f), link: linkOf(f) };
  const have = number(f.have);
  const done = (standing: RequirementStatus['standing'], missing: string, progress: number) => ({
    ...base,
    standing,
    missing,
    progress: Math.max(0, Math.min(1, progress)),
  });
  switch (f.kind) {
    case 'credential':
      if (f.credential_state === 'held') return done('met', '', 1);
      if (f.credential_state === 'under_way') return done('in_progress', 'Your submission is under way', 0.5);
      if (f.credential_state === 'expired')
        return done('in_progress', 'Your credential has expired; earn it again', 0);
      return done('not_started', 'Earn this credential', 0);
    case 'learning_hours': {
      const need = Number(f.hours);
      const hours = have ?? 0;
      if (hours >= need) return done('met', '', 1);
      const more = `${round1(need - hours)} more ${need - hours === 1 ? 'hour' : 'hours'}`;
      return done(hours > 0 ? 'in_progress' : 'not_started', more, hours / need);
    }
    case 'experience': {
      const need = Number(f.years);
      if (have === null) return done('not_started', 'An administrator confirms your years of experience', 0);
      if (have >= need) return done('met', '', 1);
      return done('in_progress', `${round1(need - have)} more years`, have / need);
    }
    case 'role_held': {
      const held = have ?? 0;
      if (held >= f.count) return done('met', '', 1);
      return done(
        held > 0 ? 'in_progress' : 'not_started',
        `${plural(f.count - held, 'more time')}`,
        held / f.count,
      );
    }
    case 'manual':
      if ((have ?? 0) > 0) return done('met', '', 1);
      return done('not_started', 'An administrator confirms this', 0);
  }
}
