import type { TableData } from '#server/platform/data-classes.ts';
import type { TopicDeclaration } from '#server/platform/realtime.ts';
import { planHearing } from './service.ts';

/**
 * What the plan part of inquiry cycles adds to the feature's declaration (inquiry/index.ts): its
 * routes, its realtime topic and its tables' data classes; and what the cycle's other parts call.
 */
export { planRoutes } from './routes.ts';
export { planPointsToNotice, PUBLISHED_FINDINGS } from './service.ts';

/**
 * `inquiry-plan:<id>`: a plan version's edits and who has it open (the id of the version), and its
 * cycle's case students (the id of the cycle). Heard by the cycle's team only.
 */
export const planTopics: TopicDeclaration[] = [{ name: 'inquiry-plan', hearing: planHearing }];

const ofDistrictCycles = 'cycle_id in (select id from inquiry_cycles where district_id = $1)';
const ofDistrictPlans = `plan_id in (select p.id from inquiry_plans p join inquiry_cycles c on c.id = p.cycle_id
  where c.district_id = $1)`;
const ofTheirCycles = 'cycle_id in (select cycle_id from inquiry_cycle_members where user_id = $1)';

/**
 * The plan, its case students and the findings draft are the team's working materials (`pair`): in
 * each member's own export, in no district's. Presence is a person's own and fleeting. Published
 * findings are a resource, classed by the resources feature.
 */
export const planTables: Record<string, TableData> = {
  inquiry_plans: {
    class: 'pair',
    people: { created_by: { erase: 'deidentify', export: true } },
    linkedTo: ofTheirCycles,
    district: ofDistrictCycles,
  },
  inquiry_plan_updates: {
    class: 'pair',
    people: { author_id: { erase: 'clear', export: true } },
    linkedTo: `plan_id in (select p.id from inquiry_plans p join inquiry_cycle_members m on m.cycle_id = p.cycle_id
      where m.user_id = $1)`,
    district: ofDistrictPlans,
  },
  inquiry_plan_presence: {
    class: 'person',
    people: { user_id: { erase: 'delete', export: false } },
    district: ofDistrictPlans,
  },
  inquiry_case_students: {
    class: 'pair',
    people: { created_by: { erase: 'deidentify', export: true } },
    linkedTo: ofTheirCycles,
    district: ofDistrictCycles,
  },
  inquiry_findings: {
    class: 'pair',
    people: {
      updated_by: { erase: 'clear', export: true },
      published_by: { erase: 'clear', export: true },
    },
    linkedTo: ofTheirCycles,
    district: ofDistrictCycles,
  },
};
