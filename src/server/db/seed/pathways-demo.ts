import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';

/**
 * The demo's career pathways (issue 18): the first district's three-step ladder (teacher leader,
 * mentor teacher, master teacher) with requirements of every kind; years of experience from the
 * roster for its teachers; a few people holding roles; two open opportunities, one with an
 * application on the shortlist; and the pay codes of its stipend export. Written once.
 */
export async function seedPathwaysDemo(db: Db, districtName: string): Promise<void> {
  const { rows: done } = await db.execute<{ n: number }>(sql`select count(*)::int as n from pathway_ladders`);
  if (done[0].n > 0) return;
  const { rows: districts } = await db.execute<{ id: string }>(
    sql`select id from organizations where kind = 'district' and name = ${districtName} limit 1`,
  );
  const district = districts[0];
  if (!district) return;
  const { rows: people } = await db.execute<{ role: string; id: string; school_id: string | null }>(sql`
    select m.role, u.id, (select sm.organization_id from memberships sm join organizations s on s.id = sm.organization_id
                            where sm.user_id = u.id and s.kind = 'school' limit 1) as school_id
      from users u join memberships m on m.user_id = u.id and m.organization_id = u.district_id
     where u.district_id = ${district.id} and u.status = 'active' and m.role in ('district_admin', 'principal', 'teacher')
     order by m.role, u.id`);
  const admin = people.find((p) => p.role === 'district_admin');
  const principal = people.find((p) => p.role === 'principal' && p.school_id);
  const teachers = people.filter((p) => p.role === 'teacher');
  if (!admin || !principal || teachers.length < 6) return;
  const { rows: credentials } = await db.execute<{ id: string; title: string }>(
    sql`select id, title from micro_credentials where status = 'published' and kind = 'micro' order by created_at, id limit 1`,
  );
  const credential = credentials[0];
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  await db.transaction(async (tx) => {
    const ladderId = uuidv7();
    const [leader, mentor, master] = [uuidv7(), uuidv7(), uuidv7()];
    await tx.execute(sql`
      insert into pathway_ladders (id, owner_org_id, title, description, created_by)
      values (${ladderId}, ${district.id}, 'Teacher leadership',
              'Grow into leadership without leaving the classroom: each step keeps you teaching.', ${admin.id})`);
    await tx.execute(sql`
      insert into pathway_roles (id, ladder_id, position, title, description, stipend_cents, release_time, term_months, pay_code, credential_id)
      values (${leader}, ${ladderId}, 0, 'Teacher leader', 'Leads a PLC or a lesson study at their school.', 150000,
              'One period a week', 12, 'STIP-TL', null),
             (${mentor}, ${ladderId}, 1, 'Mentor teacher', 'Mentors new teachers across the network.', 250000,
              'Two periods a week', 12, 'STIP-MT', ${credential?.id ?? null}),
             (${master}, ${ladderId}, 2, 'Master teacher', 'Designs professional learning for the district.', 500000,
              'Half-time release', 24, 'STIP-MST', null)`);
    const requirement = (
      roleId: string,
      position: number,
      kind: string,
      fields: Record<string, unknown>,
    ) => ({
      id: uuidv7(),
      roleId,
      position,
      kind,
      label: '',
      credentialId: null,
      learningKind: null,
      hours: null,
      windowMonths: null,
      years: null,
      roleKind: null,
      heldRoleId: null,
      count: 1,
      ...fields,
    });
    const interview = uuidv7();
    const requirements = [
      ...(credential ? [requirement(leader, 0, 'credential', { credentialId: credential.id })] : []),
      requirement(leader, 1, 'learning_hours', { hours: 10, windowMonths: 12 }),
      requirement(mentor, 0, 'role_held', { roleKind: 'pathway_role', heldRoleId: leader }),
      requirement(mentor, 1, 'experience', { years: 3 }),
      {
        ...requirement(mentor, 2, 'manual', { label: 'Interview with the mentoring coordinator' }),
        id: interview,
      },
      requirement(master, 0, 'role_held', { roleKind: 'pathway_role', heldRoleId: mentor }),
      requirement(master, 1, 'role_held', { roleKind: 'community_facilitator' }),
      requirement(master, 2, 'learning_hours', { hours: 40, windowMonths: 24 }),
    ];
    await tx.execute(sql`
      insert into pathway_requirements (id, role_id, position, kind, label, credential_id, learning_kind, hours, window_months,
                                        years, role_kind, held_role_id, count)
      select * from jsonb_to_recordset(${JSON.stringify(requirements)}::jsonb) as v(id uuid, "roleId" uuid, position int,
        kind text, label text, "credentialId" uuid, "learningKind" text, hours numeric, "windowMonths" int, years numeric,
        "roleKind" text, "heldRoleId" uuid, count int)`);

    // Years of experience as the roster gave them a year ago, for every teacher of the district.
    await tx.execute(sql`
      insert into pathway_experience (user_id, district_id, years, as_of, source)
      select u.id, ${district.id}, 1 + (row_number() over (order by u.id)) % 12, ${day(-365)}::date, 'roster'
        from users u join memberships m on m.user_id = u.id and m.organization_id = u.district_id and m.role = 'teacher'
       where u.district_id = ${district.id}
      on conflict (user_id) do nothing`);

    // Two teacher leaders this year, one of them confirmed for the interview; a mentor teacher last year.
    const roles = {
      leader: { id: leader, title: 'Teacher leader', stipend: 150000, code: 'STIP-TL' },
      mentor: { id: mentor, title: 'Mentor teacher', stipend: 250000, code: 'STIP-MT' },
    };
    const holding = (t: (typeof teachers)[number], r: typeof roles.leader, from: number, to: number) => sql`
      (${uuidv7()}::uuid, ${t.id}::uuid, ${district.id}::uuid, ${t.school_id}::uuid, ${r.id}::uuid, ${r.title},
       ${r.stipend}::int, ${r.code}, ${day(from)}::date, ${day(to)}::date, ${admin.id}::uuid)`;
    await tx.execute(sql`
      insert into pathway_role_holders (id, user_id, district_id, school_id, role_id, title, stipend_cents, pay_code, starts_on, ends_on, created_by)
      values ${sql.join(
        [
          holding(teachers[0], roles.leader, -90, 275),
          holding(teachers[1], roles.leader, -90, 275),
          holding(teachers[2], roles.mentor, -400, -35),
        ],
        sql`, `,
      )}`);
    await tx.execute(sql`
      insert into pathway_confirmations (requirement_id, user_id, confirmed_by, note)
      values (${interview}, ${teachers[0].id}, ${admin.id}, 'Interviewed in September')`);

    // Open opportunities: a principal's PLC lead and the district's mentor role.
    const plc = uuidv7();
    const mentoring = uuidv7();
    await tx.execute(sql`
      insert into pathway_opportunities (id, district_id, school_id, role_id, kind, title, description, time_commitment,
                                         stipend_cents, pay_code, starts_on, ends_on, closes_on, posted_by)
      values (${plc}, ${district.id}, ${principal.school_id}, ${leader}, 'lead_plc', 'Lead the grade 6 science PLC',
              'Facilitate our weekly PLC on student discourse in science, with the district coach.', 'One hour a week',
              150000, 'STIP-TL', ${day(20)}, ${day(300)}, ${day(12)}, ${principal.id}),
             (${mentoring}, ${district.id}, null, ${mentor}, 'mentor', 'Mentor a first-year teacher',
              'Meet weekly with a new teacher in the network, online or in person.', 'One hour a week', 250000, 'STIP-MT',
              ${day(30)}, ${day(395)}, ${day(21)}, ${admin.id})`);
    await tx.execute(sql`
      insert into pathway_applications (id, opportunity_id, applicant_id, statement, share_standing, status, decided_by, decided_at)
      values (${uuidv7()}, ${plc}, ${teachers[3].id},
              'I have run our grade-level team''s data meetings for two years and would love to lead the PLC.', true,
              'shortlisted', ${principal.id}, now())`);
    await tx.execute(sql`
      insert into pathway_pay_settings (district_id, role_pay_code, mentoring_pay_code, mentoring_hourly_cents, updated_by)
      values (${district.id}, 'STIP-LEAD', 'STIP-MENT', 3500, ${admin.id})
      on conflict (district_id) do nothing`);
  });
}
