import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { type Agent, agent, setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser, uniqueWord } from '#server/test/builders.ts';
import { buildCommunity } from '#server/test/community-builders.ts';
import { multipart } from '#server/test/multipart.ts';

const t = setupTestApp();
const MISSING = '0190a0b0-0000-7000-8000-00000000dead';

/** A cycle written straight to the tables, with its team (the facilitator has a member row too). */
async function buildCycle(args: {
  kind: 'lesson_study' | 'pdsa';
  communityId: string;
  networkId: string | null;
  facilitatorId: string;
  members: string[];
  status?: 'active' | 'completed';
}) {
  const db = t.database.db;
  const id = uuidv7();
  await db.execute(sql`
    insert into inquiry_cycles (id, kind, title, community_id, network_id, district_id, facilitator_id,
                                template_base, status, current_phase, starts_on, ends_on, created_by)
    values (${id}, ${args.kind}, ${`Fractions ${uniqueWord()}`}, ${args.communityId}, ${args.networkId}, null,
            ${args.facilitatorId}, ${args.kind === 'pdsa' ? 'pdsa_90_day' : 'classic_lesson_study'},
            ${args.status ?? 'active'}, ${args.kind === 'pdsa' ? 'plan' : 'teach'}, current_date, current_date + 60,
            ${args.facilitatorId})`);
  await db.execute(sql`
    insert into inquiry_cycle_members (cycle_id, user_id, role)
    values (${id}, ${args.facilitatorId}, 'facilitator')`);
  for (const userId of args.members)
    await db.execute(
      sql`insert into inquiry_cycle_members (cycle_id, user_id, role) values (${id}, ${userId}, 'member')`,
    );
  return id;
}

/**
 * Two districts of a network and its community: Fay facilitates the lesson study, Ana (north) and
 * Ben (south) are on its team, Cy facilitates the community without being on the team, Dee is only
 * a member of the community.
 */
async function buildWorld() {
  const db = t.database.db;
  const north = await buildDistrict(db);
  const south = await buildDistrict(db);
  const network = await buildNetwork(db, [north.id, south.id]);
  const fay = await buildUser(db, { districtId: north.id, name: `Fay ${uniqueWord()}` });
  const ana = await buildUser(db, { districtId: north.id, name: `Ana ${uniqueWord()}` });
  const ben = await buildUser(db, { districtId: south.id, name: `Ben ${uniqueWord()}` });
  const cy = await buildUser(db, { districtId: south.id, name: `Cy ${uniqueWord()}` });
  const dee = await buildUser(db, { districtId: north.id, name: `Dee ${uniqueWord()}` });
  const community = await buildCommunity(db, {
    createdBy: fay.id,
    districtId: null,
    ownerKind: 'network',
    ownerId: network.id,
    members: [
      { userId: fay.id, role: 'facilitator' },
      { userId: ana.id },
      { userId: ben.id },
      { userId: cy.id, role: 'facilitator' },
      { userId: dee.id },
    ],
  });
  const base = {
    communityId: community.id,
    networkId: network.id,
    facilitatorId: fay.id,
    members: [ana.id, ben.id],
  };
  const cycleId = await buildCycle({ ...base, kind: 'lesson_study' });
  const pdsaId = await buildCycle({ ...base, kind: 'pdsa' });
  return {
    fay,
    ana,
    ben,
    cy,
    dee,
    cycleId,
    pdsaId,
    as: {
      fay: await signedIn(t, fay.id),
      ana: await signedIn(t, ana.id),
      ben: await signedIn(t, ben.id),
      cy: await signedIn(t, cy.id),
      dee: await signedIn(t, dee.id),
    },
  };
}

const url = (cycleId: string, rest = '') => `/api/inquiry/cycles/${cycleId}/observation${rest}`;

async function counts(cycleId: string) {
  const { rows } = await t.database.db.execute<{ notes: number; photos: number; observed: number }>(sql`
    select (select count(*) from inquiry_observation_notes where cycle_id = ${cycleId})::int as notes,
           (select count(*) from inquiry_observation_photos where cycle_id = ${cycleId})::int as photos,
           (select count(*) from statements where object_id = ${cycleId}
              and verb = 'https://trellis.dev/xapi/verbs/observed')::int as observed`);
  return rows[0];
}

async function audits(cycleId: string) {
  const { rows } = await t.database.db.execute<{ action: string; actor_id: string }>(sql`
    select action, actor_id from audit_events
     where target_id = ${cycleId} or details->>'cycleId' = ${cycleId} order by at`);
  return rows;
}

const note = (body: string, extra: Record<string, unknown> = {}) => ({
  observedAt: '2026-11-03T10:42:00.000Z',
  body,
  ...extra,
});

/** A JPEG as a phone takes it: with EXIF naming the photographer and where it was taken. */
async function phonePhoto() {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'Ana Teacher', Make: 'PhoneMaker' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '40/1 26/1 46/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '79/1 58/1 56/1',
      },
    })
    .toBuffer();
}

function putPhoto(
  as: Agent,
  cycleId: string,
  photoId: string,
  data: Buffer,
  query = '',
  type = 'image/jpeg',
) {
  return as.request({
    method: 'PUT',
    url: `${url(cycleId, `/photos/${photoId}`)}?takenAt=2026-11-03T10:43:00.000Z${query}`,
    ...multipart('photo', 'IMG_0001.jpg', type, data),
  });
}

describe('the research lesson and its observers', () => {
  it('shows the lesson to the team and the community’s facilitators, and to no one else', async () => {
    const w = await buildWorld();
    expect((await agent(t).get(url(w.cycleId))).statusCode).toBe(401);
    expect((await w.as.dee.get(url(w.cycleId))).statusCode).toBe(404);
    expect((await w.as.ana.get(url(MISSING))).statusCode).toBe(404);
    // A PDSA cycle has no research lesson.
    expect((await w.as.ana.get(url(w.pdsaId))).statusCode).toBe(404);

    const ana = await w.as.ana.get(url(w.cycleId));
    expect(ana.statusCode).toBe(200);
    expect(ana.json()).toMatchObject({
      data: { cycleId: w.cycleId, lesson: null, assignments: [], myFocus: [] },
      abilities: { arrange: false, observe: true, readNotes: true },
    });
    expect(
      ana
        .json()
        .data.team.map((p: { id: string }) => p.id)
        .sort(),
    ).toEqual([w.fay.id, w.ana.id, w.ben.id].sort());
    expect((await w.as.fay.get(url(w.cycleId))).json().abilities).toEqual({
      arrange: true,
      observe: true,
      readNotes: true,
    });
    expect((await w.as.cy.get(url(w.cycleId))).json().abilities).toEqual({
      arrange: true,
      observe: false,
      readNotes: false,
    });
  });

  it('lets the facilitator set the time and place, in person or online, and refuses bad input naming the field', async () => {
    const w = await buildWorld();
    const lesson = {
      startsAt: '2026-11-03T10:30:00.000Z',
      endsAt: '2026-11-03T11:20:00.000Z',
      mode: 'in_person',
      place: 'Lincoln Middle, room 12',
    };
    expect((await w.as.ana.put(url(w.cycleId, '/lesson'), lesson)).statusCode).toBe(403);
    expect((await w.as.dee.put(url(w.cycleId, '/lesson'), lesson)).statusCode).toBe(404);

    const bad = [
      [{ ...lesson, endsAt: '2026-11-03T10:00:00.000Z' }, '/body/endsAt'],
      [{ ...lesson, mode: 'online' }, '/body/place'],
      [{ ...lesson, mode: 'hybrid' }, '/body/mode'],
      [{ ...lesson, startsAt: 'Tuesday' }, '/body/startsAt'],
      [{ ...lesson, place: '   ' }, '/body/place'],
    ] as const;
    for (const [body, path] of bad) {
      const refused = await w.as.fay.put(url(w.cycleId, '/lesson'), body);
      expect(refused.statusCode, path).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await w.as.ana.get(url(w.cycleId))).json().data.lesson).toBeNull();

    const saved = await w.as.fay.put(url(w.cycleId, '/lesson'), lesson);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data).toMatchObject({ mode: 'in_person', place: 'Lincoln Middle, room 12' });
    const online = await w.as.cy.put(url(w.cycleId, '/lesson'), {
      ...lesson,
      mode: 'online',
      place: 'https://meet.example.org/lesson-study',
    });
    expect(online.statusCode).toBe(200);
    expect((await w.as.ben.get(url(w.cycleId))).json().data.lesson).toMatchObject({
      mode: 'online',
      place: 'https://meet.example.org/lesson-study',
      startsAt: lesson.startsAt,
    });
  });

  it('assigns observers of the team to case students and groups, and tells each what they observe', async () => {
    const w = await buildWorld();
    const assignments = [
      { observerId: w.ana.id, focusKind: 'case_student', focus: 'Student A' },
      { observerId: w.ben.id, focusKind: 'group', focus: 'Table 3' },
    ];
    expect((await w.as.ben.put(url(w.cycleId, '/assignments'), { assignments })).statusCode).toBe(403);
    const outsider = await w.as.fay.put(url(w.cycleId, '/assignments'), {
      assignments: [...assignments, { observerId: w.dee.id, focusKind: 'group', focus: 'Table 1' }],
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().errors[0].path).toBe('/body/assignments/2/observerId');
    const empty = await w.as.fay.put(url(w.cycleId, '/assignments'), {
      assignments: [{ observerId: w.ana.id, focusKind: 'case_student', focus: '' }],
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('/body/assignments/0/focus');
    expect((await w.as.ana.get(url(w.cycleId))).json().data.assignments).toEqual([]);

    const saved = await w.as.fay.put(url(w.cycleId, '/assignments'), { assignments });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data).toHaveLength(2);
    await t.database.db.execute(sql`
      insert into inquiry_case_students (id, cycle_id, pseudonym, watch_for, created_by)
      values (${uuidv7()}, ${w.cycleId}, 'Student A', 'Whether she counts the parts or the wholes', ${w.fay.id})`);
    const ana = (await w.as.ana.get(url(w.cycleId))).json().data;
    expect(ana.caseStudents).toEqual([
      { pseudonym: 'Student A', watchFor: 'Whether she counts the parts or the wholes' },
    ]);
    expect(ana.myFocus).toEqual([
      { observer: { id: w.ana.id, name: w.ana.name }, focusKind: 'case_student', focus: 'Student A' },
    ]);
    // Replaced whole.
    await w.as.fay.put(url(w.cycleId, '/assignments'), { assignments: assignments.slice(1) });
    expect((await w.as.ana.get(url(w.cycleId))).json().data.myFocus).toEqual([]);
  });
});

describe('the observation sheet’s notes', () => {
  it('keeps a note sent twice under the device’s id once, edits it with new words, and counts the observing once', async () => {
    const w = await buildWorld();
    const noteId = crypto.randomUUID();
    const body = note('Student A drew the fraction bar and counted the parts aloud.', {
      focus: 'Student A',
      pointsToNotice: ['How students use the fraction bar'],
    });
    expect((await agent(t).put(url(w.cycleId, `/notes/${noteId}`), body)).statusCode).toBe(401);
    const first = await w.as.ana.put(url(w.cycleId, `/notes/${noteId}`), body);
    expect(first.statusCode).toBe(201);
    expect(first.json().data).toMatchObject({
      id: noteId,
      author: { id: w.ana.id },
      mine: true,
      focus: 'Student A',
      pointsToNotice: ['How students use the fraction bar'],
      observedAt: '2026-11-03T10:42:00.000Z',
    });
    const again = await w.as.ana.put(url(w.cycleId, `/notes/${noteId}`), body);
    expect(again.statusCode).toBe(200);
    expect(await counts(w.cycleId)).toEqual({ notes: 1, photos: 0, observed: 1 });

    const edited = await w.as.ana.put(url(w.cycleId, `/notes/${noteId}`), {
      ...body,
      body: 'Counted aloud twice.',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().data.body).toBe('Counted aloud twice.');

    await w.as.ana.put(url(w.cycleId, `/notes/${crypto.randomUUID()}`), note('A second note'));
    expect(await counts(w.cycleId)).toEqual({ notes: 2, photos: 0, observed: 1 });
    await w.as.ben.put(url(w.cycleId, `/notes/${crypto.randomUUID()}`), note('Table 3 argued about halves'));
    expect((await counts(w.cycleId)).observed).toBe(2);

    // Observing counts in each observer's learning log once, as the lesson's hour.
    const { rows } = await t.database.db.execute<{ user_id: string; duration_minutes: number }>(sql`
      select user_id, duration_minutes from learning_entries where kind = 'research_lesson_observed'
         and user_id in (${w.ana.id}, ${w.ben.id}) order by user_id`);
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.duration_minutes === 60)).toBe(true);
  });

  it('refuses another person’s note id, bad input naming the field, and anyone off the team, changing nothing', async () => {
    const w = await buildWorld();
    const noteId = crypto.randomUUID();
    await w.as.ana.put(url(w.cycleId, `/notes/${noteId}`), note('Mine'));
    const before = await counts(w.cycleId);

    const taken = await w.as.ben.put(url(w.cycleId, `/notes/${noteId}`), note('Not yours'));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0].path).toBe('/params/noteId');
    const otherCycle = await w.as.ana.put(url(w.pdsaId, `/notes/${noteId}`), note('Wrong cycle'));
    expect(otherCycle.statusCode).toBe(404);

    const bad = [
      [note(''), '/body/body'],
      [note('x'.repeat(4001)), '/body/body'],
      [note('ok', { observedAt: 'at ten' }), '/body/observedAt'],
      [note('ok', { pointsToNotice: [''] }), '/body/pointsToNotice/0'],
      [note('ok', { body: 'bell\u0007' }), '/body/body'],
      [{ ...note('ok'), student: 'Maya' }, '/body'],
    ] as const;
    for (const [body, path] of bad) {
      const refused = await w.as.ana.put(url(w.cycleId, `/notes/${crypto.randomUUID()}`), body);
      expect(refused.statusCode, path).toBe(400);
      expect(refused.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const badId = await w.as.ana.put(url(w.cycleId, '/notes/not-a-uuid'), note('ok'));
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].path).toContain('noteId');

    expect((await w.as.cy.put(url(w.cycleId, `/notes/${crypto.randomUUID()}`), note('x'))).statusCode).toBe(
      403,
    );
    expect((await w.as.dee.put(url(w.cycleId, `/notes/${crypto.randomUUID()}`), note('x'))).statusCode).toBe(
      404,
    );
    expect(await counts(w.cycleId)).toEqual(before);
  });

  it('shows the team’s notes to the team only, auditing each reading', async () => {
    const w = await buildWorld();
    await w.as.ana.put(
      url(w.cycleId, `/notes/${crypto.randomUUID()}`),
      note('Early', { observedAt: '2026-11-03T10:35:00.000Z' }),
    );
    await w.as.ben.put(
      url(w.cycleId, `/notes/${crypto.randomUUID()}`),
      note('Later', { observedAt: '2026-11-03T10:50:00.000Z' }),
    );

    expect((await w.as.dee.get(url(w.cycleId, '/notes'))).statusCode).toBe(404);
    expect((await w.as.cy.get(url(w.cycleId, '/notes'))).statusCode).toBe(403);
    expect(await audits(w.cycleId)).toEqual([]);

    const read = await w.as.fay.get(url(w.cycleId, '/notes'));
    expect(read.statusCode).toBe(200);
    expect(read.json().data.notes.map((n: { body: string; mine: boolean }) => [n.body, n.mine])).toEqual([
      ['Early', false],
      ['Later', false],
    ]);
    expect(await audits(w.cycleId)).toEqual([{ action: 'observation_notes.read', actor_id: w.fay.id }]);
  });

  it('lets only its author remove a note, with its photos', async () => {
    const w = await buildWorld();
    const noteId = crypto.randomUUID();
    await w.as.ana.put(url(w.cycleId, `/notes/${noteId}`), note('To remove'));
    expect(
      (await putPhoto(w.as.ana, w.cycleId, crypto.randomUUID(), await phonePhoto(), `&noteId=${noteId}`))
        .statusCode,
    ).toBe(201);
    expect((await w.as.ben.delete(url(w.cycleId, `/notes/${noteId}`))).statusCode).toBe(403);
    expect((await w.as.dee.delete(url(w.cycleId, `/notes/${noteId}`))).statusCode).toBe(404);
    expect((await w.as.ana.delete(url(w.cycleId, `/notes/${MISSING}`))).statusCode).toBe(404);
    expect((await w.as.ana.delete(url(w.cycleId, `/notes/${noteId}`))).statusCode).toBe(204);
    expect(await counts(w.cycleId)).toMatchObject({ notes: 0, photos: 0 });
  });

  it('closes the sheet once the lesson study is completed', async () => {
    const w = await buildWorld();
    await t.database.db.execute(sql`update inquiry_cycles set status = 'completed' where id = ${w.cycleId}`);
    expect(
      (await w.as.ana.put(url(w.cycleId, `/notes/${crypto.randomUUID()}`), note('Late'))).statusCode,
    ).toBe(403);
    expect((await w.as.ana.get(url(w.cycleId))).json().abilities).toMatchObject({
      observe: false,
      readNotes: true,
    });
  });
});

describe('photos of student work', () => {
  it('re-encodes a photo without its EXIF and GPS, keeps one sent twice once, and audits every viewing', async () => {
    const w = await buildWorld();
    const original = await phonePhoto();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const noteId = crypto.randomUUID();
    await w.as.ana.put(url(w.cycleId, `/notes/${noteId}`), note('Her bar model'));
    const photoId = crypto.randomUUID();

    const first = await putPhoto(w.as.ana, w.cycleId, photoId, original, `&noteId=${noteId}`);
    expect(first.statusCode).toBe(201);
    expect(first.json().data).toMatchObject({ id: photoId, noteId, width: 64, height: 48, mine: true });
    const again = await putPhoto(w.as.ana, w.cycleId, photoId, original, `&noteId=${noteId}`);
    expect(again.statusCode).toBe(200);
    expect((await counts(w.cycleId)).photos).toBe(1);

    const file = await w.as.ben.get(url(w.cycleId, `/photos/${photoId}`));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['cache-control']).toContain('no-store');
    const kept = await sharp(file.rawPayload).metadata();
    expect(kept.format).toBe('jpeg');
    expect(kept.exif).toBeUndefined();
    expect(file.rawPayload.includes(Buffer.from('Ana Teacher'))).toBe(false);
    expect(file.rawPayload.includes(Buffer.from('PhoneMaker'))).toBe(false);
    expect(await audits(w.cycleId)).toEqual([{ action: 'observation_photo.read', actor_id: w.ben.id }]);

    const listed = (await w.as.fay.get(url(w.cycleId, '/notes'))).json().data;
    expect(listed.notes[0].photos.map((p: { id: string }) => p.id)).toEqual([photoId]);
    expect(listed.loosePhotos).toEqual([]);

    expect((await w.as.cy.get(url(w.cycleId, `/photos/${photoId}`))).statusCode).toBe(403);
    expect((await w.as.dee.get(url(w.cycleId, `/photos/${photoId}`))).statusCode).toBe(404);
    expect((await w.as.ben.get(url(w.cycleId, `/photos/${MISSING}`))).statusCode).toBe(404);
    expect((await w.as.ben.get(url(w.pdsaId, `/photos/${photoId}`))).statusCode).toBe(404);
  });

  it('refuses an iPhone HEIC photo with a clear message, and what is not a photo, naming the field', async () => {
    const w = await buildWorld();
    // The opening of a HEIC file: an ftyp box of the heic brand.
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic', 'latin1'),
      Buffer.from([0, 0, 0, 0]),
      Buffer.from('mif1heic', 'latin1'),
      Buffer.alloc(64),
    ]);
    const refused = await putPhoto(w.as.ana, w.cycleId, crypto.randomUUID(), heic, '', 'image/heic');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ path: '/body/photo' });
    expect(refused.json().errors[0].message).toMatch(/HEIC.*JPEG/);

    const pdf = await putPhoto(
      w.as.ana,
      w.cycleId,
      crypto.randomUUID(),
      Buffer.from('%PDF-1.4\n%%EOF'),
      '',
      'application/pdf',
    );
    expect(pdf.statusCode).toBe(400);
    expect(pdf.json().errors[0]).toEqual({
      path: '/body/photo',
      message: 'must be a JPEG, PNG or WebP photo',
    });

    const huge = await putPhoto(w.as.ana, w.cycleId, crypto.randomUUID(), Buffer.alloc(15 * 1024 * 1024 + 1));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().errors[0]).toEqual({ path: '/body/photo', message: 'must be at most 15 MB' });

    const notMine = crypto.randomUUID();
    await w.as.ben.put(url(w.cycleId, `/notes/${notMine}`), note('Ben’s'));
    const foreign = await putPhoto(
      w.as.ana,
      w.cycleId,
      crypto.randomUUID(),
      await phonePhoto(),
      `&noteId=${notMine}`,
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].path).toBe('/query/noteId');

    const noTime = await w.as.ana.request({
      method: 'PUT',
      url: url(w.cycleId, `/photos/${crypto.randomUUID()}`),
      ...multipart('photo', 'a.jpg', 'image/jpeg', await phonePhoto()),
    });
    expect(noTime.statusCode).toBe(400);
    expect(noTime.json().errors[0].path).toContain('takenAt');

    expect((await putPhoto(w.as.cy, w.cycleId, crypto.randomUUID(), await phonePhoto())).statusCode).toBe(
      403,
    );
    expect((await putPhoto(w.as.dee, w.cycleId, crypto.randomUUID(), await phonePhoto())).statusCode).toBe(
      404,
    );
    expect((await counts(w.cycleId)).photos).toBe(0);
  });

  it('keeps a photo of no note, and lets only its author remove it', async () => {
    const w = await buildWorld();
    const photoId = crypto.randomUUID();
    expect((await putPhoto(w.as.ben, w.cycleId, photoId, await phonePhoto())).statusCode).toBe(201);
    const listed = (await w.as.ana.get(url(w.cycleId, '/notes'))).json().data;
    expect(listed.loosePhotos.map((p: { id: string; mine: boolean }) => [p.id, p.mine])).toEqual([
      [photoId, false],
    ]);
    const taken = await putPhoto(w.as.ana, w.cycleId, photoId, await phonePhoto());
    expect(taken.statusCode).toBe(409);
    expect((await w.as.ana.delete(url(w.cycleId, `/photos/${photoId}`))).statusCode).toBe(403);
    expect((await w.as.ben.delete(url(w.cycleId, `/photos/${photoId}`))).statusCode).toBe(204);
    expect((await w.as.ben.get(url(w.cycleId, `/photos/${photoId}`))).statusCode).toBe(404);
  });
});
