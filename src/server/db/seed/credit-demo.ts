import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';

const CLOCK_HOUR_KINDS = [
  'workshop',
  'course',
  'conference',
  'plc_meeting',
  'observation_given',
  'observation_received',
  'coaching',
  'mentoring',
  'reading',
  'podcast_video',
  'online_social',
  'edcamp',
];

/** The demo teachers whose credit is shown: those of the learning demo, coaches first, by email. */
async function demoPeople(tx: Tx, districtId: string) {
  const { rows } = await tx.execute<{ id: string; name: string; school_id: string | null }>(sql`
    select u.id, u.name, p.school_id from users u
      join memberships m on m.user_id = u.id and m.organization_id = ${districtId} and m.role in ('teacher', 'coach')
      left join profiles p on p.user_id = u.id
     where u.status = 'active' and u.email like '%.example.org'
       and exists (select 1 from learning_entries e where e.user_id = u.id and e.source = 'self' and e.status = 'logged')
     order by m.role = 'coach' desc, u.email
     limit 3`);
  return rows;
}

async function principalOf(tx: Tx, districtId: string, schoolId: string | null) {
  if (!schoolId) return null;
  const { rows } = await tx.execute<{ id: string; name: string }>(sql`
    select u.id, u.name from users u
      join memberships ms on ms.user_id = u.id and ms.organization_id = ${schoolId}
      join memberships mp on mp.user_id = u.id and mp.organization_id = ${districtId} and mp.role = 'principal'
     where u.status = 'active' order by u.email limit 1`);
  return rows[0] ?? null;
}

/** The person's logged hand entry of a kind (their newest), if any. */
async function entryOf(tx: Tx, userId: string, kind: string) {
  const { rows } = await tx.execute<{
    id: string;
    title: string;
    occurred_on: string;
    minutes: number | null;
  }>(sql`
    select id, title, (occurred_at at time zone 'UTC')::date::text as occurred_on, duration_minutes as minutes
      from learning_entries
     where user_id = ${userId} and kind = ${kind} and source = 'self' and status = 'logged'
       and merged_into_id is null and credit_status is null
     order by occurred_at desc limit 1`);
  return rows[0] ?? null;
}

/**
 * Credit in the demo district on first start: clock hours (with renewal every five years) and CEUs,
 * principals approving; the first demo teacher's licence with renewal progress, a workshop approved
 * by their principal, a Twitter/X chat waiting in the principal's queue, and two entries of past PD
 * imported from the district's old system. Written once.
 */
export async function seedCreditDemo(db: Db, districtName: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows: districts } = await tx.execute<{ id: string }>(sql`
      select d.id from organizations d
       where d.kind = 'district' and d.name = ${districtName}
         and not exists (select 1 from credit_types t where t.district_id = d.id)
       limit 1`);
    const districtId = districts[0]?.id;
    if (!districtId) return;
    const clockHours = uuidv7();
    await tx.execute(sql`
      insert into credit_types (id, district_id, name, description, kinds, max_hours_per_kind, evidence_required,
        reflection_required, auto_approve_kinds, renewal_cycle_years, renewal_hours_required, default_hours)
      values (${clockHours}, ${districtId}, 'Clock hours',
        'Professional learning hours toward renewing a state teaching licence.',
        ${sql.param(CLOCK_HOUR_KINDS)}::text[], '{"online_social": 10, "reading": 10, "podcast_video": 6}'::jsonb,
        false, true, '{}'::text[], 5, 150, '{"plc_meeting": 1, "edcamp": 5}'::jsonb)`);
    await tx.execute(sql`
      insert into credit_types (id, district_id, name, description, kinds, evidence_required, reflection_required,
        allow_double_counting)
      values (${uuidv7()}, ${districtId}, 'CEUs', 'Continuing education units for courses and conferences (10 hours each).',
        ${sql.param(['course', 'conference'])}::text[], true, false, false)`);
    await tx.execute(
      sql`insert into credit_settings (district_id, approver) values (${districtId}, 'principal')`,
    );

    const people = await demoPeople(tx, districtId);
    for (const [index, person] of people.entries()) {
      const principal = await principalOf(tx, districtId, person.school_id);
      const claim = async (
        entry: { id: string; title: string; occurred_on: string; minutes: number | null },
        kind: string,
        status: 'approved' | 'pending',
        hours: number,
      ) => {
        const id = uuidv7();
        await tx.execute(sql`
          insert into credit_claims (id, entry_id, user_id, district_id, school_id, credit_type_id, kind, occurred_on,
            hours, default_hours, status, exclusive, approver_id, decided_at, submitted_at)
          values (${id}, ${entry.id}, ${person.id}, ${districtId}, ${person.school_id}, ${clockHours}, ${kind},
            ${entry.occurred_on}, ${hours}, ${hours}, ${status}, ${status === 'approved'},
            ${status === 'approved' ? (principal?.id ?? null) : null},
            ${status === 'approved' ? sql`now() - interval '2 days'` : sql`null`}, now() - interval '5 days')`);
        await tx.execute(sql`
          update learning_entries set credit_status = ${status}, credit_locked = true where id = ${entry.id}`);
        if (status === 'approved' && principal)
          await recordActivity(tx, {
            actor: { userId: principal.id, name: principal.name, districtId, schoolId: person.school_id },
            verb: 'approved',
            object: { type: 'credit_claim', id, name: entry.title },
            result: {
              success: true,
              duration: `PT${hours}H`,
              extensions: { 'https://trellis.dev/xapi/extensions/credit-hours': hours },
            },
          });
      };
      const workshop = await entryOf(tx, person.id, 'workshop');
      if (workshop && principal)
        await claim(workshop, 'workshop', 'approved', (workshop.minutes ?? 180) / 60);
      const chat = await entryOf(tx, person.id, 'online_social');
      if (chat) await claim(chat, 'online_social', 'pending', (chat.minutes ?? 60) / 60);
      if (index > 0) continue;
      // The first teacher's licence, and past PD from the district's old system.
      await tx.execute(sql`
        insert into licences (id, user_id, district_id, name, number, issuer, credit_type_id, cycle_start_on,
          cycle_years, hours_required)
        values (${uuidv7()}, ${person.id}, ${districtId}, 'Standard teaching licence', 'STL-204518',
          'State Board of Education', ${clockHours}, (date_trunc('year', now()) - interval '2 years' + interval '6 months')::date,
          5, 150)`);
      for (const past of [
        { title: 'Summer literacy institute', kind: 'workshop', months: 14, hours: 12 },
        { title: 'State mathematics conference', kind: 'conference', months: 20, hours: 6 },
      ]) {
        const entryId = uuidv7();
        await tx.execute(sql`
          insert into learning_entries (id, user_id, district_id, source, kind, title, occurred_at, duration_minutes,
            provider, status, source_ref, credit_status, credit_locked)
          values (${entryId}, ${person.id}, ${districtId}, 'self', ${past.kind}, ${past.title},
            now() - make_interval(months => ${past.months}), ${past.hours * 60}, 'Previous PD system', 'logged',
            ${`import:demo-${past.kind}`}, 'approved', true)`);
        await tx.execute(sql`
          insert into credit_claims (id, entry_id, user_id, district_id, school_id, credit_type_id, kind, occurred_on,
            hours, default_hours, status, source, exclusive, approver_name, decided_at, submitted_at)
          values (${uuidv7()}, ${entryId}, ${person.id}, ${districtId}, ${person.school_id}, ${clockHours}, ${past.kind},
            (now() - make_interval(months => ${past.months}))::date, ${past.hours}, ${past.hours}, 'approved', 'imported',
            true, 'Previous PD system', now() - make_interval(months => ${past.months}) + interval '7 days',
            now() - make_interval(months => ${past.months}))`);
      }
    }
  });
}
