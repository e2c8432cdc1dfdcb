import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import type { ResourceItem } from '#server/db/schema.ts';
import { TARGET_EXTENSION } from '#server/features/mobilization/service.ts';
import { renderMarkdown } from '#server/platform/markdown.ts';
import { recordStatement, statementContext } from '#server/platform/statements.ts';
import type { Storage } from '#server/platform/storage.ts';
import type { Audience, ResourceKind } from '#shared/contracts/resources.ts';
import type { Licence } from '#shared/licences.ts';

/** A one-page PDF with a few lines of text: enough for a preview and a download. */
export function onePagePdf(lines: string[]): Buffer {
  const text = lines
    .map(
      (line, i) =>
        `BT /F1 ${i === 0 ? 18 : 12} Tf 72 ${720 - i * 28} Td (${line.replace(/[()\\]/g, '')}) Tj ET`,
    )
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

type Person = { id: string; name: string; district_id: string; school_id: string | null };

interface DemoFile {
  filename: string;
  contentType: string;
  data: Buffer;
  commentary: string;
}

interface DemoResource {
  key: string;
  kind: ResourceKind;
  title: string;
  summary: string;
  notes: string;
  subjects: string[];
  gradeBands: string[];
  alignments: string[];
  licence: Licence;
  audience: Audience;
  files: DemoFile[];
  links: Array<{ url: string; title: string; commentary: string }>;
}

const LIBRARY: DemoResource[] = [
  {
    key: 'number-lines',
    kind: 'performance_task',
    title: 'Fraction number lines: a performance task',
    summary:
      'Students place fractions with unlike denominators on a shared number line and defend where they put them.',
    notes:
      'We taught this in five districts of the network. **Start with the launch**: one fraction each, no talking, then the whole class argues the line into order.\n\n- 45 minutes\n- Paper strips and a rope across the room',
    subjects: ['Mathematics'],
    gradeBands: ['3-5'],
    alignments: ['ccss.math.content.5.nf.a.1', 'performance assessment'],
    licence: 'cc-by-sa',
    audience: 'community',
    files: [
      {
        filename: 'number-line-task.pdf',
        contentType: 'application/pdf',
        data: onePagePdf([
          'Fraction number lines',
          'Place your fraction on the class number line.',
          'Explain to a partner why it belongs there.',
          'Move one fraction that you think is misplaced, and say why.',
        ]),
        commentary: 'The task as students see it.',
      },
      {
        filename: 'rubric.txt',
        contentType: 'text/plain; charset=utf-8',
        data: Buffer.from(
          'Rubric: reasoning about fractions\n\n4 - places every fraction and justifies with a model\n3 - places most fractions, justifies some\n2 - places benchmark fractions only\n1 - not yet placing fractions by size\n',
        ),
        commentary: 'The four-level rubric we scored with.',
      },
      {
        filename: 'teacher-analysis.txt',
        contentType: 'text/plain; charset=utf-8',
        data: Buffer.from(
          'What we saw across five classes (no student names):\n\n- 18 of 24 students placed 3/4 and 5/8 correctly.\n- Most errors came from comparing denominators alone.\n- Students who folded paper strips justified best.\n',
        ),
        commentary: 'Our analysis of the student work, in aggregate, with names removed.',
      },
    ],
    links: [],
  },
  {
    key: 'notice-wonder',
    kind: 'lesson',
    title: 'Notice and wonder openers for mixed-grade classes',
    summary: 'Two-minute image prompts that let every grade level in the room start thinking at once.',
    notes: 'Show the picture, wait a full minute in silence, then collect *notices* before *wonders*.',
    subjects: ['Mathematics', 'Science'],
    gradeBands: ['PK-2', '3-5'],
    alignments: ['student discourse'],
    licence: 'cc-by',
    audience: 'network',
    files: [],
    links: [
      {
        url: 'https://en.wikipedia.org/wiki/Number_line',
        title: 'Number lines, for background',
        commentary: 'A refresher on number lines before the first opener.',
      },
    ],
  },
  {
    key: 'exit-tickets',
    kind: 'tool_protocol',
    title: 'Three-minute exit ticket protocol',
    summary:
      'One question, one sentence, one confidence emoji; sort into three piles and plan tomorrow’s groups.',
    notes: 'Works in any subject. Keep the piles for a week to see who moves.',
    subjects: ['English Language Arts', 'Mathematics', 'Science'],
    gradeBands: ['3-5', '6-8', '9-12'],
    alignments: ['formative assessment', 'feedback for learning'],
    licence: 'cc0',
    audience: 'public',
    files: [],
    links: [],
  },
  {
    key: 'lab-rubric',
    kind: 'rubric',
    title: 'Student-planned investigation rubric',
    summary: 'A rubric for labs students design themselves: question, plan, evidence and argument.',
    notes: 'Adopted by the Rural Science Improvement Community after two cycles of testing.',
    subjects: ['Science'],
    gradeBands: ['6-8', '9-12'],
    alignments: ['ngss.ms-ls1-6', 'argument writing'],
    licence: 'cc-by-nd',
    audience: 'network',
    files: [],
    links: [],
  },
  {
    key: 'wait-time',
    kind: 'research_brief',
    title: 'What research says about wait time',
    summary: 'A two-page brief for lesson-study teams: why three seconds of silence changes who answers.',
    notes: 'Summarised for our teams; read the sources before quoting it.',
    subjects: ['English Language Arts', 'Mathematics'],
    gradeBands: ['PK-2', '3-5', '6-8', '9-12'],
    alignments: ['student discourse'],
    licence: 'all-rights-reserved',
    audience: 'district',
    files: [],
    links: [],
  },
];

async function person(tx: Tx, condition: ReturnType<typeof sql>): Promise<Person | undefined> {
  const { rows } = await tx.execute<Person>(sql`
    select u.id, u.name, u.district_id, p.school_id
      from users u join profiles p on p.user_id = u.id join organizations d on d.id = u.district_id
     where u.status = 'active' and ${condition}
     order by u.email limit 1`);
  return rows[0];
}

/**
 * Adds the demo library to a demo database whose communities are seeded and which has no resources
 * yet: a performance-task bundle shared to the network's grade 5 math community (with its files, a
 * second version, reviews, tries, an endorsement, a remix and a home share), and resources for each
 * audience and licence, and a collection. Recorded in the activity stream like real ones.
 */
export async function seedResourcesDemo(
  db: Db,
  storage: Storage,
  publicUrl = 'https://trellis.local',
): Promise<number> {
  const { rows: existing } = await db.execute<{ n: number }>(sql`select count(*)::int as n from resources`);
  if (existing[0].n > 0) return 0;
  const { rows: math } = await db.execute<{ id: string; network_id: string }>(
    sql`select id, owner_id as network_id from communities where name = 'Grade 5 Math Across the Plains'`,
  );
  if (!math[0]) return 0;
  const community = math[0];
  const written: string[] = [];
  try {
    return await db.transaction(async (tx) => {
      const { rows: members } = await tx.execute<Person & { role: string }>(sql`
        select u.id, u.name, u.district_id, p.school_id, m.role
          from community_members m join users u on u.id = m.user_id join profiles p on p.user_id = u.id
         where m.community_id = ${community.id} and m.status = 'active'
         order by m.role = 'facilitator' desc, u.email`);
      const facilitator = members[0];
      const sharer = members.find((m) => m.role !== 'facilitator' && m.school_id) ?? facilitator;
      const others = members.filter((m) => m.id !== sharer.id && m.district_id !== sharer.district_id);
      const say = (
        who: Person,
        verb: Parameters<typeof recordStatement>[1]['verb'],
        id: string,
        name?: string,
      ) =>
        statementContext(tx, { userId: who.id, districtId: who.district_id }).then((context) =>
          recordStatement(
            tx,
            { actor: { id: who.id, name: who.name }, verb, object: { type: 'resource', id, name }, context },
            publicUrl,
          ),
        );

      const ids = new Map<string, string>();
      for (const [index, r] of LIBRARY.entries()) {
        const owner =
          r.key === 'number-lines'
            ? sharer
            : ((await person(
                tx,
                r.audience === 'district'
                  ? sql`d.name = 'Cedar Hollow School District' and p.role_title = 'Instructional Coach'`
                  : sql`p.subjects && ${sql.param(r.subjects)}::text[] and p.school_id is not null`,
              )) ?? sharer);
        const id = uuidv7();
        ids.set(r.key, id);
        const audienceId =
          r.audience === 'community'
            ? community.id
            : r.audience === 'network'
              ? community.network_id
              : r.audience === 'district'
                ? owner.district_id
                : null;
        const at = new Date(Date.now() - (LIBRARY.length - index + 10) * 86_400_000);
        const items: ResourceItem[] = [];
        for (const file of r.files) {
          const fileId = uuidv7();
          const key = `resources/${fileId}`;
          await storage.put(key, file.data);
          written.push(key);
          await tx.execute(sql`insert into files (key, owner_id, content_type, byte_size)
            values (${key}, ${owner.id}, ${file.contentType}, ${file.data.length})`);
          await tx.execute(sql`insert into resource_files (id, uploader_id, file_key, filename, content_type, byte_size)
            values (${fileId}, ${owner.id}, ${key}, ${file.filename}, ${file.contentType}, ${file.data.length})`);
          items.push({
            type: 'file',
            fileId,
            filename: file.filename,
            contentType: file.contentType,
            byteSize: file.data.length,
            commentary: file.commentary,
          });
        }
        for (const link of r.links) items.push({ type: 'link', ...link });
        await tx.execute(sql`
          insert into resources (id, owner_id, district_id, school_id, audience, audience_id, kind, title, summary,
                                 subjects, grade_bands, alignments, licence, created_at, updated_at)
          values (${id}, ${owner.id}, ${owner.district_id}, ${owner.school_id}, ${r.audience}, ${audienceId}, ${r.kind},
                  ${r.title}, ${r.summary}, ${sql.param(r.subjects)}::text[], ${sql.param(r.gradeBands)}::text[],
                  ${sql.param(r.alignments)}::text[], ${r.licence}, ${at}, ${at})`);
        const notes = renderMarkdown(r.notes);
        const versions =
          r.key === 'number-lines'
            ? [
                { notes: r.notes.split('\n\n')[0], change: '' },
                { notes: r.notes, change: 'Added timing and materials after the second round of teaching.' },
              ]
            : [{ notes: r.notes, change: '' }];
        for (const [v, version] of versions.entries()) {
          const html = v === versions.length - 1 ? notes.html : renderMarkdown(version.notes).html;
          await tx.execute(sql`
            insert into resource_versions (resource_id, version, kind, title, summary, notes_md, notes_html, subjects,
                                           grade_bands, alignments, licence, items, change_note, edited_by, created_at)
            values (${id}, ${v + 1}, ${r.kind}, ${r.title}, ${r.summary}, ${version.notes}, ${html},
                    ${sql.param(r.subjects)}::text[], ${sql.param(r.gradeBands)}::text[], ${sql.param(r.alignments)}::text[],
                    ${r.licence}, ${JSON.stringify(items)}::jsonb, ${version.change}, ${owner.id}, ${at})`);
          for (const item of items)
            if (item.type === 'file')
              await tx.execute(sql`insert into resource_version_files (resource_id, version, file_id)
                values (${id}, ${v + 1}, ${item.fileId})`);
        }
        await tx.execute(sql`update resources set version = ${versions.length} where id = ${id}`);
        await say(owner, 'shared', id, r.title);
      }

      // The bundle's quality signals and spread: reviews and tries from other districts, an
      // endorsement by the community's facilitator, and a home share.
      const bundle = ids.get('number-lines')!;
      for (const [i, reviewer] of others.slice(0, 3).entries()) {
        await tx.execute(sql`
          insert into resource_reviews (id, resource_id, reviewer_id, version, alignment, clarity, evidence, adaptability, comment)
          values (${uuidv7()}, ${bundle}, ${reviewer.id}, 2, ${4 - (i % 2)}, 4, ${3 + (i % 2)}, 3,
                  ${['The rubric made scoring across our two classes consistent.', 'Clear enough to teach the next day.', 'I would add a sentence frame for the defence.'][i]})`);
        await say(reviewer, 'reviewed', bundle);
      }
      for (const [i, teacher] of others.slice(1, 3).entries()) {
        await tx.execute(sql`
          insert into resource_tries (id, resource_id, user_id, version, grade_band, subject, context, what_happened,
                                      student_work, adaptations, school_id, district_id)
          values (${uuidv7()}, ${bundle}, ${teacher.id}, 2, '3-5', 'Mathematics',
                  ${['A combined 4th/5th grade class of 19', 'Two 5th grade sections'][i]},
                  ${['Students argued for ten minutes about where 5/8 goes. Worth it.', 'The rope line made misconceptions visible at once.'][i]},
                  ${['Most placed benchmark fractions; a third justified with strips.', 'About three quarters met the goal on the exit ticket.'][i]},
                  ${['Used halves, thirds and fourths only for the 4th graders.', 'Added a partner talk before moving cards.'][i]},
                  ${teacher.school_id}, ${teacher.district_id})`);
        await say(teacher, 'tried', bundle);
      }
      await tx.execute(sql`
        insert into resource_endorsements (resource_id, community_id, endorser_id, note)
        values (${bundle}, ${community.id}, ${facilitator.id}, 'Taught in five districts this fall; our community recommends it.')`);
      await say(facilitator, 'endorsed', bundle);
      await tx.execute(sql`
        update resources r set review_count = x.n, rating = x.rating, tried_count = (select count(*)::int from resource_tries where resource_id = r.id),
               endorsement_count = 1
          from (select count(*)::int as n, avg((alignment + clarity + evidence + adaptability) / 4.0)::float8 as rating
                  from resource_reviews where resource_id = ${bundle}) x
         where r.id = ${bundle}`);
      const homeTeacher = others.find((o) => o.school_id);
      if (homeTeacher?.school_id) {
        const statementId = await recordStatement(
          tx,
          {
            actor: { id: homeTeacher.id, name: homeTeacher.name },
            verb: 'brought_home',
            object: { type: 'resource', id: bundle, name: LIBRARY[0].title },
            context: await statementContext(
              tx,
              { userId: homeTeacher.id, districtId: homeTeacher.district_id },
              community.id,
              { [TARGET_EXTENSION]: { kind: 'school', id: homeTeacher.school_id } },
            ),
          },
          publicUrl,
        );
        await tx.execute(sql`
          insert into home_shares (id, sharer_id, subject, resource_id, from_community_id, target_kind, target_id, note, statement_id)
          values (${uuidv7()}, ${homeTeacher.id}, 'resource', ${bundle}, ${community.id}, 'school', ${homeTeacher.school_id},
                  'Our grade 5 team should try this before the fractions unit: it shows who compares denominators only.',
                  ${statementId})`);
      }

      // A remix of the public protocol, and a collection to start lesson study with.
      const protocol = ids.get('exit-tickets')!;
      const remixer = others[0] ?? facilitator;
      const remixId = uuidv7();
      const remixTitle = 'Exit tickets for grade 4 fractions';
      await tx.execute(sql`
        insert into resources (id, owner_id, district_id, school_id, audience, audience_id, kind, title, summary, subjects,
                               grade_bands, alignments, licence, remix_of_id, remix_of_version)
        select ${remixId}, ${remixer.id}, ${remixer.district_id}, ${remixer.school_id}, 'public', null, kind, ${remixTitle},
               'The three-minute protocol with fraction prompts for grade 4.', array['Mathematics'], array['3-5'],
               alignments, 'cc-by', id, 1
          from resources where id = ${protocol}`);
      await tx.execute(sql`
        insert into resource_versions (resource_id, version, kind, title, summary, notes_md, notes_html, subjects, grade_bands,
                                       alignments, licence, items, edited_by)
        select r.id, 1, r.kind, r.title, r.summary, v.notes_md, v.notes_html, r.subjects, r.grade_bands, r.alignments,
               r.licence, v.items, ${remixer.id}
          from resources r join resource_versions v on v.resource_id = ${protocol} and v.version = 1
         where r.id = ${remixId}`);
      await tx.execute(sql`update resources set remix_count = 1 where id = ${protocol}`);
      await say(remixer, 'remixed', protocol);

      const curator = facilitator;
      const collectionId = uuidv7();
      const picks = ['exit-tickets', 'notice-wonder', 'number-lines'];
      await tx.execute(sql`
        insert into collections (id, owner_id, district_id, school_id, audience, audience_id, title, description, item_count)
        values (${collectionId}, ${curator.id}, ${curator.district_id}, ${curator.school_id}, 'network', ${community.network_id},
                'Starting lesson study: protocols and examples',
                'What our teams read and use in their first cycle, in the order we use it.', ${picks.length})`);
      for (const [position, key] of picks.entries())
        await tx.execute(sql`
          insert into collection_items (collection_id, resource_id, position, annotation)
          values (${collectionId}, ${ids.get(key)!}, ${position},
                  ${['Use it after every research lesson.', 'How we open the research lesson.', 'An example of a task we studied together.'][position]})`);
      await recordStatement(
        tx,
        {
          actor: { id: curator.id, name: curator.name },
          verb: 'created',
          object: { type: 'collection', id: collectionId },
          context: await statementContext(tx, { userId: curator.id, districtId: curator.district_id }),
        },
        publicUrl,
      );
      return LIBRARY.length + 1;
    });
  } catch (error) {
    for (const key of written) await storage.delete(key).catch(() => {});
    throw error;
  }
}
