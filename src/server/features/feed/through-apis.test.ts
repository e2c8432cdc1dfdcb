import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';

const t = setupTestApp();

/** The feed and search over what the communities and discussion features really write. */
describe('feed and search through the community and discussion APIs', () => {
  it('shows joins, threads and replies, and drops a reply a facilitator hides', async () => {
    const db = t.database.db;
    const district = await buildDistrict(db);
    const lead = await buildUser(db, { districtId: district.id, name: 'Lead Teacher' });
    const peer = await buildUser(db, { districtId: district.id, name: 'Ana Díaz' });
    const leadAgent = await signedIn(t, lead.id);
    const peerAgent = await signedIn(t, peer.id);

    const created = await leadAgent.post('/api/communities', {
      kind: 'plc',
      ownerId: district.id,
      name: 'Grade 5 Math',
      joinPolicy: 'open',
    });
    expect(created.statusCode, created.body).toBe(201);
    const communityId = created.json().data.id as string;
    expect((await peerAgent.post(`/api/communities/${communityId}/join`)).statusCode).toBeLessThan(300);

    const thread = await leadAgent.post(`/api/communities/${communityId}/threads`, {
      type: 'question',
      title: 'Quokkafraction strategies',
      body: 'How do you teach **quokkafraction** models?',
    });
    expect(thread.statusCode, thread.body).toBe(201);
    const threadId = thread.json().data.id as string;
    const reply = await peerAgent.post(`/api/threads/${threadId}/posts`, {
      body: 'I use a quokkafraction number line.',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const replyId = reply.json().data.id as string;

    const leadFeed = (await leadAgent.get('/api/feed')).json().data;
    expect(leadFeed.map((i: { verb: string }) => i.verb)).toEqual(['replied', 'joined']);
    expect(leadFeed[0]).toMatchObject({
      actor: { id: peer.id, name: 'Ana Díaz' },
      community: { id: communityId, name: 'Grade 5 Math' },
      thread: { id: threadId, title: 'Quokkafraction strategies', type: 'question' },
      post: { id: replyId, excerpt: 'I use a quokkafraction number line.' },
    });
    const peerFeed = (await peerAgent.get('/api/feed')).json().data;
    expect(peerFeed[0]).toMatchObject({
      verb: 'posted',
      thread: { id: threadId },
      post: { excerpt: 'How do you teach quokkafraction models?' },
    });

    const found = (await peerAgent.get('/api/search?q=quokkafraction')).json().data;
    expect(found.threads.items.map((i: { id: string }) => i.id)).toEqual([threadId]);
    expect(found.threads.items[0].snippetHtml).toContain('<mark>quokkafraction</mark>');
    expect(found.posts.items.map((i: { id: string }) => i.id)).toEqual([replyId]);

    const hidden = await leadAgent.post(`/api/posts/${replyId}/hide`, { reason: 'Off topic' });
    expect(hidden.statusCode, hidden.body).toBeLessThan(300);
    expect((await leadAgent.get('/api/feed')).json().data.map((i: { verb: string }) => i.verb)).toEqual([
      'joined',
    ]);
    expect((await peerAgent.get('/api/search?q=quokkafraction&kind=post')).json().data.posts.items).toEqual(
      [],
    );
  });
});
