import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';
import { communities } from '#server/features/communities/schema.ts';
import {
  CYCLE_DECISIONS,
  CYCLE_KINDS,
  CYCLE_ROLES,
  CYCLE_STATUSES,
  PHASE_KEYS,
  REFLECTION_ROLES,
  TEMPLATE_BASES,
  type TemplatePhase,
} from '#shared/contracts/inquiry.ts';

/** A network's adaptation of a built-in template: its own phase titles, guidance and lengths. */
export const inquiryTemplates = pgTable(
  'inquiry_templates',
  {
    id: id(),
    networkId: uuid('network_id')
      .notNull()
      .references(() => organizations.id),
    base: text('base', { enum: TEMPLATE_BASES }).notNull(),
    kind: text('kind', { enum: CYCLE_KINDS }).notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    phases: jsonb('phases').$type<TemplatePhase[]>().notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [index('inquiry_templates_network_idx').on(t.networkId, t.createdAt)],
);

/**
 * A lesson study or a PDSA cycle, started from a community. Its working materials are its members'
 * and the community's facilitators' only (policy.ts) until something is published.
 */
export const inquiryCycles = pgTable(
  'inquiry_cycles',
  {
    id: id(),
    kind: text('kind', { enum: CYCLE_KINDS }).notNull(),
    title: text('title').notNull(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    /** The community's network when a network owns it, else null: the network's cycles page lists these. */
    networkId: uuid('network_id').references(() => organizations.id),
    /** The community's district (null for a network's community): a district's export carries these. */
    districtId: uuid('district_id').references(() => organizations.id),
    facilitatorId: uuid('facilitator_id')
      .notNull()
      .references(() => users.id),
    templateBase: text('template_base', { enum: TEMPLATE_BASES }).notNull(),
    templateId: uuid('template_id').references(() => inquiryTemplates.id),
    status: text('status', { enum: CYCLE_STATUSES }).notNull().default('active'),
    currentPhase: text('current_phase', { enum: PHASE_KEYS }).notNull(),
    subjects: text('subjects').array().notNull().default(sql`'{}'`),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** A PDSA cycle's aim and change idea in its improvement community (set by the improvement feature). */
    aimId: uuid('aim_id'),
    aimLabel: text('aim_label'),
    changeIdeaId: uuid('change_idea_id'),
    changeIdeaLabel: text('change_idea_label'),
    /** The Act phase's decision, once made: adopted change ideas are searchable. */
    decision: text('decision', { enum: CYCLE_DECISIONS }),
    /** The cycle before this one in a ramp of PDSA cycles, or the lesson study this one revisits. */
    previousCycleId: uuid('previous_cycle_id'),
    /** The findings report once published as a Trellis resource. */
    findingsResourceId: uuid('findings_resource_id'),
    publishedAt: ts('published_at'),
    memberCount: integer('member_count').notNull().default(0),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    index('inquiry_cycles_community_idx').on(t.communityId, t.createdAt),
    index('inquiry_cycles_network_idx').on(t.networkId, t.createdAt),
    // What a network's members find of cycles not theirs: published findings and adopted change ideas.
    index('inquiry_cycles_network_shared_idx')
      .on(t.networkId, t.createdAt, t.id)
      .where(sql`${t.publishedAt} is not null or ${t.decision} = 'adopt'`),
    index('inquiry_cycles_district_idx').on(t.districtId, t.createdAt),
    index('inquiry_cycles_change_idea_idx').on(t.changeIdeaId),
    index('inquiry_cycles_previous_idx').on(t.previousCycleId),
  ],
);

/** Who takes part in a cycle, across schools and districts. The facilitator has a row too. */
export const inquiryCycleMembers = pgTable(
  'inquiry_cycle_members',
  {
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: CYCLE_ROLES }).notNull().default('member'),
    addedBy: uuid('added_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.cycleId, t.userId] }),
    index('inquiry_cycle_members_user_idx').on(t.userId, t.cycleId),
  ],
);

/** A cycle's phases with the dates the facilitator sets; "what is due" reads the open ones. */
export const inquiryCyclePhases = pgTable(
  'inquiry_cycle_phases',
  {
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
    key: text('key', { enum: PHASE_KEYS }).notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    guidance: text('guidance').notNull().default(''),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    completedAt: ts('completed_at'),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.key] })],
);

/** Lesson study's Study phase: the research theme, the long-term goal and the learning progression. */
export const inquiryStudies = pgTable('inquiry_studies', {
  cycleId: uuid('cycle_id')
    .primaryKey()
    .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
  theme: text('theme').notNull().default(''),
  longTermGoal: text('long_term_goal').notNull().default(''),
  progression: text('progression').notNull().default(''),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: createdAt('updated_at'),
});

/** Background reading of a lesson study: a Trellis resource or a link. */
export const inquiryReadings = pgTable(
  'inquiry_readings',
  {
    id: id(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id'),
    url: text('url'),
    title: text('title').notNull(),
    note: text('note').notNull().default(''),
    addedBy: uuid('added_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('inquiry_readings_cycle_idx').on(t.cycleId, t.createdAt)],
);

/** Who speaks as what in the post-lesson discussion, as the facilitator assigns. */
export const inquiryReflectionRoles = pgTable(
  'inquiry_reflection_roles',
  {
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: REFLECTION_ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.userId] })],
);

/** What one person said in the post-lesson discussion, in their role's turn, with the evidence they drew on. */
export const inquiryReflectionRemarks = pgTable(
  'inquiry_reflection_remarks',
  {
    id: id(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => inquiryCycles.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: REFLECTION_ROLES }).notNull(),
    body: text('body').notNull(),
    evidence: uuid('evidence').array().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
  },
  (t) => [index('inquiry_reflection_remarks_cycle_idx').on(t.cycleId, t.createdAt)],
);
