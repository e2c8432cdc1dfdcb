import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyRetention } from '#server/features/privacy/service.ts';
import { allTables } from '#server/features/privacy/registry.ts';
import { agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import { buildCommunity, buildReply, buildThread } from '#server/test/community-builders.ts';
import {
  type DeclaredTable,
  declarationProblems,
  FORMER_MEMBER_NAME,
  type SchemaFacts,
} from './data-classes.ts';

const t = setupTestApp();

async function schemaFacts(): Promise<SchemaFacts> {
  const { rows: columns } = await t.database.db.execute<{ table_name: string; column_name: string }>(sql`
    select c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
     where c.table_schema = current_schema() and tb.table_type = 'BASE TABLE'
     order by c.table_name, c.ordinal_position`);
  const tables = new Map<string, string[]>();
  for (const row of columns)
    tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), row.column_name]);
  return { tables, personColumns: await personColumns() };
}

/** Every column that is a foreign key to users.id. */
async function personColumns(): Promise<{ table: string; column: string }[]> {
  const { rows } = await t.database.db.execute<{ table: string; column: string }>(sql`
    select c.conrelid::regclass::text as table, a.attname as column
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
     where c.contype = 'f' and c.confrelid = 'users'::regclass
     order by 1, 2`);
  return rows;
}

/** A district with two teachers who talk in a community, and an administrator. */
async function buildWorld() {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const admin = await buildUser(db, { districtId: district.id, role: 'district_admin' });
  const ana = await buildUser(db, { districtId: district.id, name: `Ana Quill ${district.id.slice(-6)}` });
  const ben = await buildUser(db, { districtId: district.id, name: `Ben Orr ${district.id.slice(-6)}` });
  const { id: community } = await buildCommunity(db, {
    districtId: district.id,
    createdBy: ben.id,
    joinPolicy: 'open',
    members: [
      { userId: ben.id, role: 'facilitator' },
      { userId: ana.id, role: 'member' },
    ],
  });
  const thread = await buildThread(db, { communityId: community, authorId: ben.id, title: 'Exit tickets' });
  const anaReply = await buildReply(db, {
    threadId: thread.threadId,
    communityId: community,
    authorId: ana.id,
    body: 'Ana’s own words.',
  });
  await db.execute(
    sql`update statements set district_id = ${district.id} where actor_id in (${ana.id}, ${ben.id})`,
  );
  // Ben is told Ana replied (his, not hers); Ana is told Ben posted (hers).
  await db.execute(sql`
    insert into notifications (id, user_id, kind, actor_id, data)
    values (gen_random_uuid(), ${ben.id}, 'reply', ${ana.id}, ${JSON.stringify({ actorName: ana.name })}::jsonb),
           (gen_random_uuid(), ${ana.id}, 'reply', ${ben.id}, ${JSON.stringify({ actorName: ben.name })}::jsonb)`);
  await db.execute(
    sql`insert into follows (follower_id, followee_id) values (${ben.id}, ${ana.id}), (${ana.id}, ${ben.id})`,
  );
  await db.execute(sql`insert into person_settings (user_id, email_notifications) values (${ben.id}, 'off')`);
  return { district, admin, ana, ben, community, thread, anaReply };
}

describe('data class declarations', () => {
  it('declare every table, only tables that exist, and an export and erasure rule for every column naming a person', async () => {
    expect(declarationProblems(await allTables(), await schemaFacts())).toEqual([]);
  });

  it('are refused when a table has no class, a declared table is missing or a person column has no rule', async () => {
    const facts = await schemaFacts();
    const tables = await allTables();
    const withoutPosts = tables.filter((table) => table.name !== 'posts');
    const withGhost: DeclaredTable[] = [...tables, { name: 'ghosts', class: 'district' }];
    const withoutRule = tables.map((table) =>
      table.name === 'follows' ? { ...table, people: { follower_id: table.people!.follower_id } } : table,
    );
    expect(declarationProblems(withoutPosts, facts)).toContain(
      'posts: no data class is declared for this table',
    );
    expect(declarationProblems(withGhost, facts)).toContain('ghosts: declared, but there is no such table');
    expect(declarationProblems(withoutRule, facts)).toContain(
      'follows.followee_id: names a person but has no export and erasure rule',
    );
    const anonymous = tables.map((table) =>
      table.name === 'post_reactions' ? { ...table, class: 'anonymous' as const } : table,
    );
    expect(declarationProblems(anonymous, facts)).toContain('post_reactions: anonymous, yet it names people');
    // A column named like a secret must be classed secret, whichever feature adds it.
    const unmarked = tables.map((table) => (table.name === 'users' ? { ...table, columns: {} } : table));
    expect(declarationProblems(unmarked, facts)).toContain(
      'users.password_hash: looks like a secret but is not classed secret',
    );
  });

  it('give every district condition and linked-rows condition SQL that runs', async () => {
    const probe = '00000000-0000-7000-8000-000000000000';
    for (const table of await allTables()) {
      for (const condition of [table.district, table.linkedTo]) {
        if (!condition) continue;
        const text = `select count(*) from "${table.name}" where ${condition}`;
        await expect(t.database.pool.query(text, [probe]), table.name).resolves.toBeTruthy();
      }
    }
  });
});

describe('a person’s data export', () => {
  it('holds the person’s rows, no secret column and nothing private to anyone else', async () => {
    const world = await buildWorld();
    const as = await signedIn(t, world.ana.id);
    const response = await as.get('/api/me/data-export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(
      /attachment; filename="trellis-my-data-.*\.json"/,
    );
    const data = response.json();
    const tables = data.tables as Record<string, { class: string; rows: Record<string, unknown>[] }>;
    expect(tables.users.rows).toEqual([expect.objectContaining({ id: world.ana.id, name: world.ana.name })]);
    expect(tables.posts.rows.map((r) => r.id)).toEqual([world.anaReply.postId]);
    expect(tables.notifications.rows.map((r) => r.user_id)).toEqual([world.ana.id]);
    expect(tables.follows.rows).toEqual([expect.objectContaining({ follower_id: world.ana.id })]);
    expect(tables.sessions.rows).toHaveLength(1);
    expect(tables.person_settings).toBeUndefined();
    // Secrets never leave, not even to their owner.
    for (const secret of ['password_hash', 'token_hash', 'csrf_token', 'idempotency_key'])
      expect(response.body).not.toContain(`"${secret}"`);
    // Ben's notification about Ana and Ben's own choices are his.
    expect(response.body).not.toContain(world.ben.email);
    expect(JSON.stringify(tables.notifications.rows)).not.toContain(world.ana.name);
  });

  it('asks for sign-in', async () => {
    const response = await agent(t).get('/api/me/data-export');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('erasing a person', () => {
  it('leaves no row naming them, keeps their words as a Former member’s, and is audited', async () => {
    const world = await buildWorld();
    const admin = await signedIn(t, world.admin.id);
    await signedIn(t, world.ana.id);
    const photo = `photos/${world.ana.id}.webp`;
    await t.app.storage.put(photo, Buffer.from('a photo of Ana'));
    await t.database.db.execute(sql`
      insert into files (key, owner_id, content_type, byte_size) values (${photo}, ${world.ana.id}, 'image/webp', 14)`);
    await t.database.db.execute(
      sql`update profiles set photo_key = ${photo} where user_id = ${world.ana.id}`,
    );
    const active = await admin.post(`/api/staff/${world.ana.id}/erasure`, { confirm: world.ana.email });
    expect(active.statusCode).toBe(409);
    await t.database.db.execute(sql`update users set status = 'deactivated' where id = ${world.ana.id}`);

    const wrong = await admin.post(`/api/staff/${world.ana.id}/erasure`, { confirm: 'ana' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('/body/confirm');
    const still = await t.database.db.execute(sql`select 1 from users where id = ${world.ana.id}`);
    expect(still.rows).toHaveLength(1);

    const response = await admin.post(`/api/staff/${world.ana.id}/erasure`, { confirm: world.ana.email });
    expect(response.statusCode).toBe(200);
    const formerId = response.json().data.formerMemberId as string;

    for (const { table, column } of await personColumns()) {
      const { rows } = await t.database.db.execute(
        sql`select 1 from ${sql.identifier(table)} where ${sql.identifier(column)} = ${world.ana.id} limit 1`,
      );
      expect(rows, `${table}.${column}`).toHaveLength(0);
    }
    const { rows: mentions } = await t.database.db.execute<{
      statements: number;
      notifications: number;
      users: number;
    }>(sql`
      select (select count(*) from statements where actor_id = ${world.ana.id} or body::text like ${`%${world.ana.id}%`}
                 or body::text like ${`%${world.ana.name}%`})::int as statements,
             (select count(*) from notifications where data::text like ${`%${world.ana.name}%`})::int as notifications,
             (select count(*) from users where email = ${world.ana.email} or id = ${world.ana.id})::int as users`);
    expect(mentions[0]).toEqual({ statements: 0, notifications: 0, users: 0 });

    const { rows: reply } = await t.database.db.execute<{
      author_id: string;
      name: string;
      body_md: string;
    }>(sql`
      select p.author_id, u.name, p.body_md from posts p join users u on u.id = p.author_id
       where p.id = ${world.anaReply.postId}`);
    expect(reply).toEqual([{ author_id: formerId, name: FORMER_MEMBER_NAME, body_md: 'Ana’s own words.' }]);

    const { rows: audit } = await t.database.db.execute<{ actor_id: string; target_id: string }>(
      sql`select actor_id, target_id from audit_events where action = 'user.erased' and district_id = ${world.district.id}`,
    );
    expect(audit).toEqual([{ actor_id: world.admin.id, target_id: formerId }]);
    // Her photo is gone from the database and from storage.
    const { rows: photos } = await t.database.db.execute(sql`select 1 from files where key = ${photo}`);
    expect(photos).toHaveLength(0);
    expect(await t.app.storage.get(photo)).toBeNull();
    // The Former member stands in for her words but is no one's staff.
    const staff = await admin.get('/api/staff?status=deactivated');
    expect(staff.json().data.map((p: { id: string }) => p.id)).not.toContain(formerId);
    const again = await admin.post(`/api/staff/${formerId}/erasure`, { confirm: 'x' });
    expect(again.statusCode).toBe(409);
    // Ben's data is untouched.
    const { rows: ben } = await t.database.db.execute(
      sql`select 1 from person_settings where user_id = ${world.ben.id}`,
    );
    expect(ben).toHaveLength(1);
  });

  it('is for district administrators, within their own district, never of themselves', async () => {
    const world = await buildWorld();
    const teacher = await signedIn(t, world.ben.id);
    expect(
      (await teacher.post(`/api/staff/${world.ana.id}/erasure`, { confirm: world.ana.email })).statusCode,
    ).toBe(403);
    const other = await buildUser(t.database.db, { districtId: (await buildDistrict(t.database.db)).id });
    const admin = await signedIn(t, world.admin.id);
    expect((await admin.post(`/api/staff/${other.id}/erasure`, { confirm: other.email })).statusCode).toBe(
      404,
    );
    expect(
      (await admin.post(`/api/staff/${world.admin.id}/erasure`, { confirm: world.admin.email })).statusCode,
    ).toBe(403);
  });
});

describe('retention', () => {
  it('deletes rows older than a district’s days in that district only', async () => {
    const db = t.database.db;
    const keeping = await buildDistrict(db);
    const limiting = await buildDistrict(db);
    const admin = await buildUser(db, { districtId: limiting.id, role: 'district_admin' });
    const as = await signedIn(t, admin.id);

    const refused = await as.put('/api/district/retention', { settings: [{ kind: 'activity', days: 3 }] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/settings/0/days');

    const set = await as.put('/api/district/retention', { settings: [{ kind: 'activity', days: 30 }] });
    expect(set.statusCode).toBe(200);
    expect(set.json().data).toContainEqual({ kind: 'activity', days: 30 });

    for (const district of [keeping.id, limiting.id])
      await db.execute(sql`
        insert into statements (id, verb, object_type, object_id, district_id, body, stored)
        values (gen_random_uuid(), 'v', 'thing', 'old', ${district}, '{}', now() - interval '60 days'),
               (gen_random_uuid(), 'v', 'thing', 'new', ${district}, '{}', now() - interval '5 days')`);
    // Small batches, so the run must come back for more than one pass.
    await db.execute(sql`
      insert into statements (id, verb, object_type, object_id, district_id, body, stored)
      select gen_random_uuid(), 'v', 'thing', 'older', ${limiting.id}, '{}', now() - interval '90 days'
        from generate_series(1, 5)`);
    await applyRetention({ db, batch: 2 });
    const { rows } = await db.execute<{ district_id: string; object_id: string }>(sql`
      select district_id, object_id from statements where district_id in (${keeping.id}, ${limiting.id})
       order by district_id = ${limiting.id}, object_id`);
    expect(rows).toEqual([
      { district_id: keeping.id, object_id: 'new' },
      { district_id: keeping.id, object_id: 'old' },
      { district_id: limiting.id, object_id: 'new' },
    ]);
  });
});
