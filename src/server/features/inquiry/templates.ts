import type { CycleKind, TemplateBase, TemplatePhase } from '#shared/contracts/inquiry.ts';

/** A template a cycle starts from: built in, or a network's adaptation of one. */
export interface CycleTemplate {
  /** The built-in template's name, or the adapted template's id. */
  id: string;
  base: TemplateBase;
  kind: CycleKind;
  name: string;
  description: string;
  phases: TemplatePhase[];
  /** The network that adapted it; null for a built-in template. */
  networkId: string | null;
}

/**
 * The two templates Trellis ships. Lesson study follows the classic Japanese cycle over about ten
 * weeks; the PDSA ramp is one 30-day cycle of the three a 90-day ramp links, so a team runs the
 * next cycle from what this one's Act phase decides.
 */
export const BUILT_IN_TEMPLATES: readonly CycleTemplate[] = [
  {
    id: 'classic_lesson_study',
    base: 'classic_lesson_study',
    kind: 'lesson_study',
    name: 'Classic lesson study',
    description:
      'Study a research theme, plan a research lesson together, teach and observe it, reflect on the evidence, then revise and share what you learned.',
    networkId: null,
    phases: [
      {
        key: 'study',
        title: 'Study',
        guidance:
          'Agree a research theme and long-term goal for students; read and map the learning progression.',
        days: 21,
      },
      {
        key: 'plan',
        title: 'Plan',
        guidance:
          'Write the research lesson together: activities, anticipated responses, support, points to notice.',
        days: 21,
      },
      {
        key: 'teach',
        title: 'Teach and observe',
        guidance:
          'One teacher teaches; everyone else watches the students, with notes tied to the points to notice.',
        days: 7,
      },
      {
        key: 'reflect',
        title: 'Reflect',
        guidance: 'The teacher speaks first, then observers by evidence, then the outside commentator.',
        days: 7,
      },
      {
        key: 'revise',
        title: 'Revise and share',
        guidance: 'Revise the plan and publish a findings report others can find, try and remix.',
        days: 14,
      },
    ],
  },
  {
    id: 'pdsa_90_day',
    base: 'pdsa_90_day',
    kind: 'pdsa',
    name: '90-day PDSA ramp',
    description:
      'Three linked 30-day Plan-Do-Study-Act cycles on one change idea, each starting from what the last one decided.',
    networkId: null,
    phases: [
      {
        key: 'plan',
        title: 'Plan',
        guidance: 'Predict what will happen; decide who does what, when, and what data to collect.',
        days: 5,
      },
      { key: 'do', title: 'Do', guidance: 'Run the change; note what happened and any surprises.', days: 14 },
      { key: 'study', title: 'Study', guidance: 'Compare the data with the prediction.', days: 5 },
      {
        key: 'act',
        title: 'Act',
        guidance: 'Adopt, adapt or abandon the change idea; plan the next cycle.',
        days: 6,
      },
    ],
  },
];

export const builtInTemplate = (id: string) => BUILT_IN_TEMPLATES.find((t) => t.id === id);

/** Adds days to an ISO date (YYYY-MM-DD), in UTC so no time zone moves it. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The phases of a cycle started on `startsOn`: each starts the day after the one before it is due. */
export function layOutPhases(phases: readonly TemplatePhase[], startsOn: string) {
  let start = startsOn;
  return phases.map((phase, position) => {
    const dueOn = addDays(start, phase.days - 1);
    const laid = {
      key: phase.key,
      position,
      title: phase.title,
      guidance: phase.guidance,
      startsOn: start,
      dueOn,
    };
    start = addDays(dueOn, 1);
    return laid;
  });
}
