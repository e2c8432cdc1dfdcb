import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { features } from '#server/features/index.ts';
import { notificationKinds, recordActivity } from '#server/platform/activity.ts';
import type { RealtimeSignal } from '#server/platform/realtime.ts';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildUser } from '#server/test/builders.ts';
import fixture, { REMINDED, RSVPED } from '#server/test/fixture-feature/index.ts';

const t = setupTestApp();
let app: FastifyInstance;
let base = '';

// The app built from Trellis's features plus one declared in a test folder, over the same database:
// nothing central names the fixture.
beforeAll(async () => {
  app = await buildApp({
    config: t.config,
    db: t.database.db,
    pool: t.database.pool,
    features: [...features, fixture],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
});

async function people() {
  const db = t.database.db;
  const district = await buildDistrict(db);
  const actor = await buildUser(db, { districtId: district.id });
  const recipient = await buildUser(db, { districtId: district.id });
  return { district, actor, recipient };
}

/** Waits for the next signal of a topic on the app's hub. */
function nextSignal(topic: string): Promise<RealtimeSignal> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no signal on ${topic}`)), 5_000);
    const stop = app.realtime.subscribe(topic, (signal) => {
      clearTimeout(timer);
      stop();
      resolve(signal);
    });
  });
}

async function notificationsOf(userId: string) {
  const { rows } = await t.database.db.execute<{ kind: string; actor_id: string | null }>(
    sql`select kind, actor_id from notifications where user_id = ${userId}`,
  );
  return rows;
}

describe('the feature registry', () => {
  it('tells a person and signals their pages for every notification kind that exists, from one recorded activity', async () => {
    const kinds = notificationKinds().filter((k) => !k.kind.startsWith('gathering_'));
    expect(kinds.map((k) => k.kind).sort()).toEqual(
      [
        'bookmark_reminder',
        'coaching_comment',
        'coaching_invitation',
        'community_invitation',
        'conversation_added',
        'conversation_removed',
        'credential_earned',
        'credential_escalated',
        'credential_reviewed',
        'credential_revoked',
        'credential_submitted',
        'credit_approved',
        'credit_changes_requested',
        'credit_declined',
        'credit_submitted',
        'direct_message',
        'event_approval_decided',
        'event_approval_requested',
        'event_changed',
        'event_promoted',
        'event_reminder',
        'insight',
        'join_decision',
        'join_request',
        'leadership_application',
        'leadership_decision',
        'leadership_opportunity',
        'mention',
        'mentoring_approval',
        'mentoring_ended',
        'mentoring_proposed',
        'mentoring_stalled',
        'mentoring_started',
        'moderation',
        'new_follower',
        'removed',
        'reply',
        'resource_brought_home',
        'resource_remixed',
        'resource_reviewed',
        'resource_tried',
        'watching',
      ].sort(),
    );
    for (const kind of kinds) {
      const { actor, recipient, district } = await people();
      const heard = nextSignal(`user:${recipient.id}`);
      await t.database.db.transaction((tx) =>
        recordActivity(tx, {
          actor: { userId: actor.id, name: actor.name, districtId: district.id },
          verb: kind.verbs[0],
          object: { type: 'fixture', id: crypto.randomUUID() },
          notify: [{ kind: kind.kind, to: [recipient.id], data: { actorName: actor.name } }],
        }),
      );
      expect(await notificationsOf(recipient.id), kind.kind).toEqual([
        { kind: kind.kind, actor_id: kind.anonymous ? null : actor.id },
      ]);
      expect(await heard, kind.kind).toEqual({ topic: `user:${recipient.id}`, type: 'notification' });
      const bell = await (await signedIn(t, recipient.id)).get('/api/notifications');
      expect(bell.statusCode).toBe(200);
      const [shown] = bell.json().data;
      expect(shown.kind, kind.kind).toBe(kind.kind);
      expect(shown.text, kind.kind).not.toBe('Something happened in Trellis');
      expect(shown.link, kind.kind).toMatch(/^\//);
    }
  });

  it('refuses a notification that does not follow from the verb recorded, and records nothing', async () => {
    const { actor, recipient, district } = await people();
    const recording = t.database.db.transaction((tx) =>
      recordActivity(tx, {
        actor: { userId: actor.id, name: actor.name, districtId: district.id },
        verb: 'joined',
        object: { type: 'fixture', id: crypto.randomUUID() },
        notify: [{ kind: 'reply', to: [recipient.id] }],
      }),
    );
    await expect(recording).rejects.toThrow(/does not follow from joined/);
    const { rows } = await t.database.db.execute(sql`select 1 from statements where actor_id = ${actor.id}`);
    expect(rows).toEqual([]);
    expect(await notificationsOf(recipient.id)).toEqual([]);
  });

  it('takes a feature from its own folder: its route records an activity, its notification, signal and feed item follow, its topic is heard and its job runs', async () => {
    const { actor, recipient } = await people();
    const gatheringId = crypto.randomUUID();
    const guest = await signedIn(t, actor.id);
    const controller = new AbortController();
    const stream = await fetch(`${base}/api/events?topics=gathering:${gatheringId}`, {
      headers: { cookie: guest.cookie as string, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const heard = (async () => {
      while (!text.includes('event: signal')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return text;
    })();
    await expect.poll(() => text).toContain('event: ready');
    const told = nextSignal(`user:${recipient.id}`);

    const response = await app.inject({
      method: 'POST',
      url: `/api/fixture-gatherings/${gatheringId}/rsvp`,
      headers: {
        cookie: guest.cookie as string,
        'x-csrf-token': guest.csrfToken as string,
        origin: t.config.PUBLIC_URL,
      },
      payload: { hostId: recipient.id, title: 'Spring  unconference' },
    });
    expect(response.statusCode, response.body).toBe(204);

    expect(await heard).toContain(`"topic":"gathering:${gatheringId}","type":"rsvp"`);
    controller.abort();
    expect(await told).toEqual({ topic: `user:${recipient.id}`, type: 'notification' });
    const { rows } = await t.database.db.execute<{ verb: string; object_type: string }>(
      sql`select verb, object_type from statements where actor_id = ${actor.id}`,
    );
    expect(rows).toEqual([{ verb: RSVPED, object_type: 'gathering' }]);

    // The feed item it declared reaches the guest's district: the host sees it in their home feed.
    const host = await signedIn(t, recipient.id);
    const feed = await app.inject({
      method: 'GET',
      url: '/api/feed',
      headers: { cookie: host.cookie as string },
    });
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.json().data).toContainEqual(
      expect.objectContaining({
        verb: 'rsvped',
        summary: 'is coming to “Spring unconference”',
        actor: { id: actor.id, name: actor.name },
      }),
    );

    // The job it sent in the same transaction runs from the queue and does its work.
    expect(await app.jobs.drain({ names: ['fixture-gatherings.remind'] })).toBe(1);
    const reminded = await t.database.db.execute<{ object_id: string }>(
      sql`select object_id from statements where verb = ${REMINDED}`,
    );
    expect(reminded.rows).toEqual([{ object_id: gatheringId }]);
    const bell = (await (await signedIn(t, recipient.id)).get('/api/notifications')).json().data;
    expect(bell).toMatchObject([
      {
        kind: 'gathering_rsvp',
        text: `${actor.name} is coming to “Spring unconference”`,
        link: `/gatherings/${gatheringId}`,
      },
    ]);
  });
});
