import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import { renderMarkdown } from '#server/platform/markdown.ts';
import { recordStatement } from '#server/platform/statements.ts';

/** Conversations a demo community starts with: an opening post and replies (one a reply to a reply). */
const CONVERSATIONS: Array<{
  type: 'question' | 'reflection' | 'practice' | 'announcement';
  title: string;
  body: string;
  replies: string[];
  /** Which reply (by index) answers best, if any. */
  insight?: number;
}> = [
  {
    type: 'question',
    title: 'How do you open a lesson so every student starts thinking?',
    body: 'I teach in a small school where one class can span **three grade levels**. What openers work for you?\n\n- A quick write?\n- A picture to notice and wonder about?',
    replies: [
      'I use a *notice and wonder* image for two minutes, then ask one student from each grade to share. It levels the room.',
      'We start with a single question on the board as they walk in: no instructions, just the question.',
      'Same here. The question works best when it has more than one right answer.',
    ],
    insight: 0,
  },
  {
    type: 'practice',
    title: 'Exit tickets that take under three minutes',
    body: 'Sharing what finally stuck for me: **one question, one sentence, one emoji** for confidence. I sort them into three piles after class and plan tomorrow’s groups from the piles.',
    replies: [
      'I tried this last week with my 7th graders. The emoji made honest answers much easier.',
      'Do you keep the piles, or start fresh each day?',
    ],
  },
  {
    type: 'reflection',
    title: 'What we learned from our first lesson study cycle',
    body: 'Observing a colleague teach **our** lesson changed how I think about wait time. Students needed far more of it than we planned for.',
    replies: ['We saw the same thing. Next cycle we are scripting the pauses into the plan itself.'],
  },
];

async function schoolOf(tx: Tx, userId: string) {
  const { rows } = await tx.execute<{ school_id: string | null; district_id: string }>(
    sql`select p.school_id, u.district_id from users u left join profiles p on p.user_id = u.id where u.id = ${userId}`,
  );
  return rows[0];
}

/**
 * Adds conversations to demo communities that have none yet: threads with replies, reactions and
 * a marked insight, recorded in the activity stream like real ones. Safe to run again. Call it
 * after the demo communities and their members are seeded.
 */
export async function seedDiscussionDemo(db: Db, publicUrl = 'https://trellis.local'): Promise<number> {
  const { rows: communities } = await db.execute<{ id: string; name: string; members: string[] }>(sql`
    select c.id, c.name,
           array_agg(m.user_id order by m.role = 'facilitator' desc, m.joined_at, m.user_id) as members
      from communities c
      join community_members m on m.community_id = c.id and m.status = 'active'
     where c.archived_at is null and c.thread_count = 0
       and not exists (select 1 from threads t where t.community_id = c.id)
     group by c.id, c.name
    having count(*) >= 2
     order by c.created_at
     limit 12`);
  let threads = 0;
  for (const [ci, community] of communities.entries()) {
    await db.transaction(async (tx) => {
      const people = community.members;
      const at = (i: number) => people[i % people.length];
      const start = Date.now() - (communities.length - ci) * 3 * 86_400_000;
      for (const [ti, convo] of CONVERSATIONS.slice(0, 1 + (ci % CONVERSATIONS.length)).entries()) {
        const threadId = uuidv7();
        const author = at(ti);
        let clock = start + ti * 86_400_000;
        const tick = () => {
          clock += 2 * 3_600_000;
          return new Date(clock);
        };
        const opened = new Date(clock);
        await tx.execute(sql`insert into threads (id, community_id, author_id, type, title, created_at, last_post_at)
          values (${threadId}, ${community.id}, ${author}, ${convo.type}, ${convo.title}, ${opened}, ${opened})`);
        const opening = renderMarkdown(convo.body);
        await tx.execute(sql`insert into posts (id, thread_id, community_id, author_id, is_opening, body_md, body_html,
            search, created_at)
          values (${uuidv7()}, ${threadId}, ${community.id}, ${author}, true, ${convo.body}, ${opening.html},
            setweight(to_tsvector('english', ${convo.title}), 'A') || setweight(to_tsvector('english', ${opening.text}), 'C'),
            ${opened})`);
        const ctx = await schoolOf(tx, author);
        await recordStatement(
          tx,
          {
            actor: { id: author },
            verb: 'posted',
            object: { type: 'thread', id: threadId, name: convo.title },
            context: { communityId: community.id, districtId: ctx.district_id, schoolId: ctx.school_id },
          },
          publicUrl,
        );
        const replyIds: string[] = [];
        for (const [ri, text] of convo.replies.entries()) {
          const id = uuidv7();
          const replier = at(ti + ri + 1) === author && people.length > 1 ? at(ti + ri + 2) : at(ti + ri + 1);
          // The last reply of a thread with three answers the first reply, one level deep.
          const parentId = ri === 2 ? replyIds[0] : null;
          const rendered = renderMarkdown(text);
          const time = tick();
          await tx.execute(sql`insert into posts (id, thread_id, community_id, author_id, parent_id, body_md, body_html,
              search, created_at)
            values (${id}, ${threadId}, ${community.id}, ${replier}, ${parentId}, ${text}, ${rendered.html},
              setweight(to_tsvector('english', ${rendered.text}), 'C'), ${time})`);
          replyIds.push(id);
          const rc = await schoolOf(tx, replier);
          await recordStatement(
            tx,
            {
              actor: { id: replier },
              verb: 'replied',
              object: { type: 'post', id },
              context: {
                communityId: community.id,
                districtId: rc.district_id,
                schoolId: rc.school_id,
                extensions: { 'https://trellis.dev/xapi/extensions/thread': threadId },
              },
            },
            publicUrl,
          );
          // The thread's author finds the reply helpful.
          if (replier !== author) {
            await tx.execute(
              sql`insert into post_reactions (post_id, user_id, kind) values (${id}, ${author}, 'helpful')`,
            );
            await tx.execute(sql`update posts set helpful_count = helpful_count + 1 where id = ${id}`);
            await recordStatement(
              tx,
              {
                actor: { id: author },
                verb: 'reacted',
                object: { type: 'post', id },
                context: { communityId: community.id, districtId: ctx.district_id, schoolId: ctx.school_id },
                result: { response: 'helpful' },
              },
              publicUrl,
            );
          }
        }
        await tx.execute(sql`update threads set reply_count = ${replyIds.length},
            last_post_at = ${new Date(clock)} where id = ${threadId}`);
        if (convo.insight !== undefined && replyIds[convo.insight]) {
          await tx.execute(
            sql`update threads set insight_post_id = ${replyIds[convo.insight]} where id = ${threadId}`,
          );
          await recordStatement(
            tx,
            {
              actor: { id: author },
              verb: 'marked_insight',
              object: { type: 'post', id: replyIds[convo.insight] },
              context: {
                communityId: community.id,
                districtId: ctx.district_id,
                schoolId: ctx.school_id,
                extensions: { 'https://trellis.dev/xapi/extensions/thread': threadId },
              },
            },
            publicUrl,
          );
        }
        threads++;
      }
      await tx.execute(sql`update communities set
          thread_count = (select count(*) from threads where community_id = ${community.id}),
          last_activity_at = greatest(last_activity_at,
            (select max(last_post_at) from threads where community_id = ${community.id}))
        where id = ${community.id}`);
    });
  }
  return threads;
}
