import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { EvidencePrompt, Rubric } from '#server/db/schema.ts';
import {
  insertCredential,
  insertVersion,
  replaceAssessors,
  replaceStackMembers,
  setCredentialStatus,
} from '#server/features/credentials/definitions/queries.ts';

/** Four levels every demo rubric uses; passing is "Proficient". */
const LEVELS: Rubric['levels'] = [
  { id: 'emerging', name: 'Emerging' },
  { id: 'developing', name: 'Developing' },
  { id: 'proficient', name: 'Proficient' },
  { id: 'leading', name: 'Leading' },
];

interface DemoCredential {
  key: string;
  title: string;
  summary: string;
  description: string;
  criteria: string;
  /** Codes in the demo framework (TLP.n.m). */
  codes: string[];
  prompts: EvidencePrompt[];
  criteriaRows: Rubric['criteria'];
  maxTeamSize: number;
  secondAssessor: boolean;
  validForDays: number | null;
}

const DEMO_CREDENTIALS: DemoCredential[] = [
  {
    key: 'design-adult-learning',
    title: 'Designing professional learning colleagues use',
    summary: 'Plan a learning session for colleagues around a problem of practice they named.',
    description:
      'Teachers learn most from sessions built around problems they face this week. This micro-credential recognises a teacher who finds such a problem with colleagues, designs a session around it, and follows up to see what changed in classrooms.',
    criteria:
      'Design and lead one session for at least four colleagues, starting from a problem of practice they named; follow up within a month and show what changed.',
    codes: ['TLP.1.1', 'TLP.1.2'],
    prompts: [
      {
        id: 'problem',
        kind: 'reflection',
        prompt:
          'What problem of practice did your colleagues name, and how did you find out it mattered to them?',
        required: true,
      },
      {
        id: 'plan',
        kind: 'file',
        prompt: 'Your session plan, with its goals and activities.',
        required: true,
      },
      {
        id: 'follow-up',
        kind: 'reflection',
        prompt: 'A month later: what did colleagues try, and what did you learn about designing for adults?',
        required: true,
      },
    ],
    criteriaRows: [
      {
        id: 'relevance',
        name: 'Starts from colleagues’ needs',
        descriptors: [
          'The topic was chosen without asking colleagues.',
          'Colleagues were asked, but the session drifts from what they named.',
          'The session is built around the problem colleagues named.',
          'Colleagues helped shape the session and its goals.',
        ],
      },
      {
        id: 'design',
        name: 'Active, applied design',
        descriptors: [
          'Mostly presentation.',
          'Some activity, loosely tied to classrooms.',
          'Colleagues practise something they will use this week.',
          'Practice, feedback and a plan for each colleague’s classroom.',
        ],
      },
      {
        id: 'follow-through',
        name: 'Follow-through',
        descriptors: [
          'No follow-up.',
          'A follow-up message, without evidence of change.',
          'Evidence that colleagues tried the practice.',
          'Evidence of what changed for students, and a revised design.',
        ],
      },
    ],
    maxTeamSize: 3,
    secondAssessor: false,
    validForDays: null,
  },
  {
    key: 'coaching-cycle',
    title: 'Leading a peer coaching cycle',
    summary: 'Coach a colleague through goal setting, observation and a reflective debrief.',
    description:
      'Good peer coaching is a partnership: the colleague sets the goal, the coach listens more than advises, and both look at evidence together. This micro-credential recognises one full cycle done that way.',
    criteria:
      'Complete one coaching cycle (goal, observation, debrief) with a colleague, and show how the colleague’s own goal led the work.',
    codes: ['TLP.2.1', 'TLP.2.2', 'TLP.2.3'],
    prompts: [
      {
        id: 'goal',
        kind: 'reflection',
        prompt: 'What goal did your colleague set, and how did you help them sharpen it?',
        required: true,
      },
      {
        id: 'notes',
        kind: 'file',
        prompt: 'Your observation notes (with names of students removed).',
        required: true,
      },
      {
        id: 'debrief',
        kind: 'video',
        prompt: 'A short recording of part of the debrief, if your colleague agrees.',
        required: false,
      },
    ],
    criteriaRows: [
      {
        id: 'partnership',
        name: 'Partnership',
        descriptors: [
          'The coach set the agenda.',
          'The colleague’s goal is named but the coach steers.',
          'The colleague’s goal leads each step.',
          'The colleague leads, and says how the coaching helped.',
        ],
      },
      {
        id: 'evidence',
        name: 'Looking at evidence',
        descriptors: [
          'Impressions only.',
          'Notes taken, but not discussed.',
          'Observation notes anchor the debrief.',
          'Notes and student work anchor the debrief and the next step.',
        ],
      },
      {
        id: 'questions',
        name: 'Questions that prompt thinking',
        descriptors: [
          'Mostly advice.',
          'Some open questions.',
          'Open questions lead the colleague to their own next step.',
          'The colleague names what they will try and why.',
        ],
      },
    ],
    maxTeamSize: 1,
    secondAssessor: true,
    validForDays: 1095,
  },
  {
    key: 'performance-task',
    title: 'Designing a performance assessment task',
    summary: 'Write a performance task and rubric, try it with students and revise it.',
    description:
      'A performance task asks students to use what they know on a problem worth solving. This micro-credential recognises a teacher who designs one, scores student work with colleagues and improves the task from what they saw.',
    criteria:
      'Design a performance task with a rubric, use it with one class, score a sample of work with a colleague, and revise the task.',
    codes: ['TLP.3.1', 'TLP.3.2'],
    prompts: [
      { id: 'task', kind: 'file', prompt: 'The task and its rubric as students saw them.', required: true },
      {
        id: 'scoring',
        kind: 'reflection',
        prompt: 'Where did you and your colleague score differently, and what did you decide?',
        required: true,
      },
      {
        id: 'revision',
        kind: 'link',
        prompt: 'The revised task (a link to it in Trellis or elsewhere).',
        required: true,
      },
    ],
    criteriaRows: [
      {
        id: 'authenticity',
        name: 'A problem worth solving',
        descriptors: [
          'A recall exercise.',
          'An applied exercise with one right answer.',
          'An open problem that uses the unit’s ideas.',
          'An open problem with a real audience or purpose.',
        ],
      },
      {
        id: 'alignment',
        name: 'Rubric aligned to the goals',
        descriptors: [
          'The rubric scores neatness and completion.',
          'Some criteria match the learning goals.',
          'Every criterion matches a learning goal.',
          'Criteria and descriptors are clear enough for students to self-assess.',
        ],
      },
      {
        id: 'calibration',
        name: 'Scoring with a colleague',
        descriptors: [
          'Scored alone.',
          'Scored with a colleague without discussion.',
          'Differences discussed and settled.',
          'Differences settled and the rubric revised.',
        ],
      },
    ],
    maxTeamSize: 2,
    secondAssessor: false,
    validForDays: null,
  },
  {
    key: 'community-facilitation',
    title: 'Facilitating an online community of practice',
    summary: 'Run a community in Trellis for a term, with norms, protocols and shared work.',
    description:
      'Communities thrive when someone tends them: setting norms, inviting quieter voices and helping members share real work. This micro-credential recognises a facilitator who did that for a term.',
    criteria:
      'Facilitate a Trellis community for at least ten weeks, with agreed norms, at least three structured discussions, and resources members made together.',
    codes: ['TLP.4.1', 'TLP.4.2', 'TLP.4.3'],
    prompts: [
      {
        id: 'norms',
        kind: 'reflection',
        prompt: 'How did the community agree its norms, and how did you uphold them?',
        required: true,
      },
      {
        id: 'discussion',
        kind: 'activity',
        prompt: 'A discussion you facilitated in Trellis that you are proud of.',
        required: true,
      },
      {
        id: 'shared-work',
        kind: 'resource',
        prompt: 'A resource the community made together.',
        required: false,
      },
    ],
    criteriaRows: [
      {
        id: 'norms',
        name: 'Norms and safety',
        descriptors: [
          'No norms were discussed.',
          'Norms were posted but not revisited.',
          'Norms were agreed and upheld.',
          'Members uphold the norms themselves.',
        ],
      },
      {
        id: 'participation',
        name: 'Broad participation',
        descriptors: [
          'A few voices dominate.',
          'Some invitations to quieter members.',
          'Most members contribute over the term.',
          'Members invite and build on one another.',
        ],
      },
    ],
    maxTeamSize: 2,
    secondAssessor: false,
    validForDays: 730,
  },
  {
    key: 'evidence-of-learning',
    title: 'Using evidence of student learning to plan',
    summary: 'Look at student work with colleagues and change what happens next in class.',
    description:
      'Evidence of learning is only useful when it changes teaching. This micro-credential recognises a teacher who looks closely at student work with colleagues, names what students understand, and plans the next lessons from it.',
    criteria:
      'Use a protocol to look at a set of student work with colleagues, name patterns in it, change the next lessons, and show the effect.',
    codes: ['TLP.5.1', 'TLP.5.2'],
    prompts: [
      {
        id: 'work',
        kind: 'file',
        prompt: 'The student work you looked at (names removed) and the protocol you used.',
        required: true,
      },
      {
        id: 'patterns',
        kind: 'reflection',
        prompt: 'What patterns did you and your colleagues see, and what did you change?',
        required: true,
      },
      {
        id: 'effect',
        kind: 'reflection',
        prompt: 'What did the next round of work show?',
        required: true,
      },
    ],
    criteriaRows: [
      {
        id: 'analysis',
        name: 'Reading the evidence',
        descriptors: [
          'Scores only.',
          'General impressions of the work.',
          'Specific patterns named with examples.',
          'Patterns named, with what different students need next.',
        ],
      },
      {
        id: 'response',
        name: 'Changing the plan',
        descriptors: [
          'No change.',
          'A re-teach of the same lesson.',
          'A changed plan that answers the patterns.',
          'A changed plan, and evidence of its effect.',
        ],
      },
    ],
    maxTeamSize: 4,
    secondAssessor: false,
    validForDays: null,
  },
];

const STACK = {
  title: 'Professional learning leader',
  summary: 'Design learning for colleagues, coach a peer and design assessment that shows learning.',
  description:
    'Earned by earning three micro-credentials: designing professional learning colleagues use, leading a peer coaching cycle, and designing a performance assessment task.',
  criteria: 'Earn each of the three micro-credentials in this stack.',
  members: ['design-adult-learning', 'coaching-cycle', 'performance-task'],
};

/**
 * The demo's micro-credentials: five published ones aligned to the demo framework (TLP codes), with
 * prompts and rubrics, and a published stack of three of them. Assessors are the given people; the
 * second-assessor credential has the lead. Returns the ids by key (the stack under "stack"); when
 * the issuer already has them, writes nothing and returns the ids it has.
 */
export async function seedCredentialsDemo(
  db: Db,
  args: {
    issuerOrgId: string;
    createdBy: string;
    assessorIds: string[];
    leadAssessorId: string;
    competencyIds: Record<string, string>;
  },
): Promise<Record<string, string>> {
  const { rows: existing } = await db.execute<{ id: string; title: string }>(sql`
    select id, title from micro_credentials where issuer_org_id = ${args.issuerOrgId}
       and title = any(${sql.param([...DEMO_CREDENTIALS.map((c) => c.title), STACK.title])}::text[])`);
  if (existing.length) {
    const keyOf = new Map<string, string>([
      ...DEMO_CREDENTIALS.map((c): [string, string] => [c.title, c.key]),
      [STACK.title, 'stack'],
    ]);
    return Object.fromEntries(existing.map((row) => [keyOf.get(row.title) ?? row.title, row.id]));
  }
  const assessors = [...new Set([args.leadAssessorId, ...args.assessorIds])].map((userId) => ({
    userId,
    lead: userId === args.leadAssessorId,
  }));
  const ids: Record<string, string> = {};
  await db.transaction(async (tx) => {
    for (const c of DEMO_CREDENTIALS) {
      const id = uuidv7();
      ids[c.key] = id;
      await insertCredential(tx, {
        id,
        kind: 'micro',
        issuerOrgId: args.issuerOrgId,
        createdBy: args.createdBy,
        title: c.title,
        summary: c.summary,
      });
      await insertVersion(tx, id, 1, args.createdBy, {
        title: c.title,
        description: c.description,
        criteria: c.criteria,
        imageKey: null,
        imageType: null,
        competencyIds: c.codes.flatMap((code) =>
          args.competencyIds[code] ? [args.competencyIds[code]] : [],
        ),
        evidencePrompts: c.prompts,
        rubric: { levels: LEVELS, criteria: c.criteriaRows, passing: { minLevel: 2 } },
        maxTeamSize: c.maxTeamSize,
        secondAssessor: c.secondAssessor && assessors.length >= 2,
        validForDays: c.validForDays,
      });
      await replaceAssessors(tx, id, assessors);
      await setCredentialStatus(tx, id, 'published');
    }
    const stackId = uuidv7();
    ids.stack = stackId;
    await insertCredential(tx, {
      id: stackId,
      kind: 'stack',
      issuerOrgId: args.issuerOrgId,
      createdBy: args.createdBy,
      title: STACK.title,
      summary: STACK.summary,
    });
    await insertVersion(tx, stackId, 1, args.createdBy, {
      title: STACK.title,
      description: STACK.description,
      criteria: STACK.criteria,
      imageKey: null,
      imageType: null,
      competencyIds: [],
      evidencePrompts: [],
      rubric: null,
      maxTeamSize: 1,
      secondAssessor: false,
      validForDays: null,
    });
    await replaceStackMembers(
      tx,
      stackId,
      STACK.members.map((key) => ids[key]),
    );
    await setCredentialStatus(tx, stackId, 'published');
  });
  return ids;
}

/** The titles of the demo credentials, for tests and the demo's sign-in page. */
export const DEMO_CREDENTIAL_TITLES = [...DEMO_CREDENTIALS.map((c) => c.title), STACK.title];
