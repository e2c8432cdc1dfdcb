import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { competencies, competencyFrameworks } from '#server/db/schema.ts';

export const DEMO_FRAMEWORK_TITLE = 'Teacher Leadership and Professional Practice';

interface DemoCompetency {
  code: string;
  statement: string;
  description: string;
}
interface DemoDomain extends DemoCompetency {
  competencies: DemoCompetency[];
}

/** The demo framework, written for Trellis: five domains of teacher leadership, three competencies each. */
const DOMAINS: DemoDomain[] = [
  {
    code: 'TLP.1',
    statement: 'Leading professional learning',
    description: 'Designs and leads learning for colleagues that changes what happens in classrooms.',
    competencies: [
      {
        code: 'TLP.1.1',
        statement: 'Plans professional learning from what colleagues and their students need next.',
        description: 'Starts from student work and teachers’ own questions rather than a fixed program.',
      },
      {
        code: 'TLP.1.2',
        statement: 'Leads sessions where teachers practise a strategy, not only hear about it.',
        description:
          'Models, rehearses and gives colleagues time to adapt the strategy to their own classes.',
      },
      {
        code: 'TLP.1.3',
        statement: 'Follows up after a session to see whether the practice took hold.',
        description:
          'Checks in, visits classrooms by invitation, and adjusts the next session from what was seen.',
      },
    ],
  },
  {
    code: 'TLP.2',
    statement: 'Coaching peers',
    description: 'Helps a colleague grow through observation and conversation that the colleague steers.',
    competencies: [
      {
        code: 'TLP.2.1',
        statement: 'Agrees a focus for an observation with the teacher before the lesson.',
        description: 'The teacher chooses the lesson and what they want to learn about it.',
      },
      {
        code: 'TLP.2.2',
        statement: 'Gives feedback as evidence and questions that prompt the teacher’s own thinking.',
        description: 'Describes what was seen and heard, and asks rather than tells.',
      },
      {
        code: 'TLP.2.3',
        statement: 'Agrees next steps with the teacher and returns to them.',
        description: 'Keeps track of the follow-up actions a coaching cycle produces.',
      },
    ],
  },
  {
    code: 'TLP.3',
    statement: 'Designing performance assessment',
    description: 'Builds tasks that show what students can do with what they learned.',
    competencies: [
      {
        code: 'TLP.3.1',
        statement: 'Designs a performance task that asks students to apply learning to a real problem.',
        description: 'The task has an audience and a product, and more than one way to succeed.',
      },
      {
        code: 'TLP.3.2',
        statement: 'Writes a rubric whose levels describe quality in words students can use.',
        description: 'Criteria name what matters; descriptors tell a student how to improve.',
      },
      {
        code: 'TLP.3.3',
        statement: 'Calibrates scoring with colleagues on shared samples of student work.',
        description: 'Scores the same work independently, then talks through the differences.',
      },
    ],
  },
  {
    code: 'TLP.4',
    statement: 'Facilitating a community',
    description: 'Keeps a group of teachers learning together across schools and over time.',
    competencies: [
      {
        code: 'TLP.4.1',
        statement: 'Sets norms and protocols that make honest talk about practice safe.',
        description: 'Everyone’s voice is heard; disagreement is about the work, not the person.',
      },
      {
        code: 'TLP.4.2',
        statement: 'Connects colleagues who would otherwise not meet, across schools and districts.',
        description: 'Notices who is isolated and who holds expertise others are looking for.',
      },
      {
        code: 'TLP.4.3',
        statement: 'Helps the community share what it learned beyond itself.',
        description: 'Findings, resources and practices travel back to home schools and the wider network.',
      },
    ],
  },
  {
    code: 'TLP.5',
    statement: 'Using evidence of student learning',
    description: 'Decides what to change in teaching from what students show they know and can do.',
    competencies: [
      {
        code: 'TLP.5.1',
        statement: 'Gathers several kinds of evidence of student learning, not one test alone.',
        description: 'Student work, observation notes, conversations and assessments, read together.',
      },
      {
        code: 'TLP.5.2',
        statement: 'Leads colleagues in looking at student work to decide what to teach next.',
        description:
          'Uses a protocol that moves from describing the work to interpreting it to acting on it.',
      },
      {
        code: 'TLP.5.3',
        statement: 'Shows whether a change in practice made a difference for students.',
        description:
          'Compares evidence before and after a change, and says honestly what it does and does not show.',
      },
    ],
  },
];

/**
 * Writes the demo framework "Teacher Leadership and Professional Practice" for an organization, and
 * returns its id with each competency's id by code. Calling it again for the same organization finds
 * the framework already there and returns it unchanged.
 */
export async function seedFrameworksDemo(
  db: Db,
  args: { ownerOrgId: string; createdBy: string },
): Promise<{ frameworkId: string; competencyIds: Record<string, string> }> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: competencyFrameworks.id })
      .from(competencyFrameworks)
      .where(
        and(
          eq(competencyFrameworks.ownerOrgId, args.ownerOrgId),
          eq(competencyFrameworks.title, DEMO_FRAMEWORK_TITLE),
        ),
      )
      .limit(1);
    if (existing) {
      const rows = await tx
        .select({ id: competencies.id, code: competencies.code })
        .from(competencies)
        .where(eq(competencies.frameworkId, existing.id));
      return { frameworkId: existing.id, competencyIds: Object.fromEntries(rows.map((r) => [r.code, r.id])) };
    }

    const frameworkId = uuidv7();
    await tx.insert(competencyFrameworks).values({
      id: frameworkId,
      ownerOrgId: args.ownerOrgId,
      title: DEMO_FRAMEWORK_TITLE,
      description:
        'What teacher leaders do, written for Trellis: leading learning, coaching, assessment design, ' +
        'facilitating communities and using evidence of student learning.',
      creator: 'Trellis',
      version: '1.0',
      // Published, so the demo credentials' alignments resolve for anyone who follows them.
      published: true,
      createdBy: args.createdBy,
    });
    const competencyIds: Record<string, string> = {};
    const rows: Array<typeof competencies.$inferInsert> = [];
    DOMAINS.forEach((domain, domainPosition) => {
      const domainId = uuidv7();
      competencyIds[domain.code] = domainId;
      rows.push({
        id: domainId,
        frameworkId,
        parentId: null,
        code: domain.code,
        statement: domain.statement,
        description: domain.description,
        itemType: 'Domain',
        position: domainPosition,
      });
      domain.competencies.forEach((c, position) => {
        const id = uuidv7();
        competencyIds[c.code] = id;
        rows.push({ id, frameworkId, parentId: domainId, ...c, itemType: 'Competency', position });
      });
    });
    await tx.insert(competencies).values(rows);
    return { frameworkId, competencyIds };
  });
}
