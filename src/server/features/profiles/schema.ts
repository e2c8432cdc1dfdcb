import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tsvector } from '#server/db/columns.ts';
import { organizations, users } from '#server/features/accounts/schema.ts';

export const profiles = pgTable(
  'profiles',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id),
    pronouns: text('pronouns'),
    photoKey: text('photo_key'),
    roleTitle: text('role_title'),
    schoolId: uuid('school_id').references(() => organizations.id),
    subjects: text('subjects').array().notNull().default(sql`'{}'`),
    gradeBands: text('grade_bands').array().notNull().default(sql`'{}'`),
    yearsInEducation: integer('years_in_education'),
    bio: text('bio'),
    expertise: text('expertise').array().notNull().default(sql`'{}'`),
    openToMentoring: boolean('open_to_mentoring').notNull().default(false),
    seekingMentor: boolean('seeking_mentor').notNull().default(false),
    /** Opt-in: the person's earned credentials are shown on a public portfolio page. */
    portfolioPublic: boolean('portfolio_public').notNull().default(false),
    /** Per-field audience: { field: 'district' | 'network' | 'public' }. */
    fieldVisibility: jsonb('field_visibility')
      .$type<Record<string, 'district' | 'network' | 'public'>>()
      .notNull()
      .default({}),
    /** Full-text vector over every field, for viewers in the same district. */
    searchAll: tsvector('search_all'),
    /** Full-text vector over the fields shown beyond the district. */
    searchNetwork: tsvector('search_network'),
    /** The person's name in lower case, kept with the search vectors: the directory's alphabetical order. */
    sortName: text('sort_name'),
    /**
     * The words of the name alone (shown to everyone who may find the person), for names typed as
     * prefixes: its index holds only names, so "ga" reads the names that start so, not every word.
     */
    searchName: tsvector('search_name'),
    /**
     * Copies of the person's `users.district_id` and `users.status = 'active'`, kept by triggers
     * (migration 0033: set from users on every insert or change of the profile row, and whenever
     * the person's district or status changes), so the directory's text indexes can hold the
     * district beside each word and find a district's matches in one index read.
     */
    districtId: uuid('district_id'),
    active: boolean('active').notNull().default(false),
    updatedAt: createdAt('updated_at'),
  },
  (t) => [
    // The district beside each word, and the subjects and grade bands the directory filters by
    // (btree_gin), active people only: each directory search intersects them inside one index.
    index('profiles_directory_all_idx')
      .using('gin', t.districtId, t.searchAll, t.subjects, t.gradeBands)
      .where(sql`active`),
    index('profiles_directory_network_idx')
      .using('gin', t.districtId, t.searchNetwork, t.subjects, t.gradeBands)
      .where(sql`active`),
    index('profiles_directory_name_idx')
      .using('gin', t.districtId, t.searchName, t.subjects, t.gradeBands)
      .where(sql`active`),
    index('profiles_subjects_idx').using('gin', t.subjects),
    index('profiles_grade_bands_idx').using('gin', t.gradeBands),
    index('profiles_expertise_idx').using('gin', t.expertise),
    index('profiles_school_idx').on(t.schoolId),
    index('profiles_sort_name_idx').on(t.sortName, t.userId),
  ],
);

/**
 * Each word of an active person's name (the lexemes of `profiles.search_name`) beside their
 * district, kept by triggers on profiles in the same statement as every change to the name's words,
 * the district or whether the person is active (migration 0042). The words are in byte order
 * (`COLLATE "C"`), so a name typed as a prefix is an ordered range of a district's words that stops
 * at a pool's worth, where the names' GIN index gathered every word of the state that starts so.
 */
export const profileNameWords = pgTable(
  'profile_name_words',
  {
    districtId: uuid('district_id').notNull(),
    word: text('word').notNull(),
    userId: uuid('user_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.word, t.userId] })],
);
