import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '#server/db/client.ts';
import { type Actor, requireActor, SESSIONS_ENDED, sessionIsOpen } from '#server/platform/auth.ts';
import {
  invalidField,
  NotFoundError,
  TooManyRequestsError,
  UnavailableError,
} from '#server/platform/errors.ts';
import { realtimeTopic, realtimeTopics } from '#server/platform/activity.ts';
import {
  type Hearing,
  openStream,
  type RealtimeSignal,
  sseFrame,
  TOPIC_PATTERN,
} from '#server/platform/realtime.ts';
import { EventsQuery, MAX_EVENT_TOPICS } from '#shared/contracts/notifications.ts';
import { loadDistrictNetworkIds } from './queries.ts';

/** Open streams one person may hold on one instance (a few tabs on a few devices). */
const MAX_STREAMS_PER_PERSON = 10;

/** What the person may hear of a topic, as the feature that declares its name says. */
async function hearing(db: Db, actor: Actor, topic: string): Promise<Hearing> {
  const [, name, id] = topic.match(TOPIC_PATTERN) ?? [];
  const declared = name ? realtimeTopic(name.toLowerCase()) : undefined;
  return declared ? declared.hearing(db, actor, id.toLowerCase()) : null;
}

const topicDeclaration = (topic: string) => realtimeTopic(topic.slice(0, topic.indexOf(':')));

function parseTopics(raw: string): string[] {
  const topics = [
    ...new Set(
      raw
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  if (topics.length === 0) throw invalidField('/querystring/topics', 'name at least one topic');
  if (topics.length > MAX_EVENT_TOPICS)
    throw invalidField('/querystring/topics', `at most ${MAX_EVENT_TOPICS} topics`);
  const names = realtimeTopics().map((t) => `${t.name}:<id>`);
  const bad = topics.find((t) => {
    const [, name] = t.match(TOPIC_PATTERN) ?? [];
    return !name || !realtimeTopic(name.toLowerCase());
  });
  if (bad)
    throw invalidField(
      '/querystring/topics',
      `each topic must be ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${names.at(-1)}`,
    );
  return topics.map((t) => t.toLowerCase());
}

/**
 * Server-Sent Events: open pages hear content-free signals about the topics they name and fetch
 * again through the API. Each topic is checked when the stream opens, and again when the person's
 * access changes (an `access` signal on their own topic), so a removed member stops hearing at once.
 */
export async function eventRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const streamsByPerson = new Map<string, number>();

  app.get(
    '/events',
    {
      // A stream is one long request; the per-person stream cap below bounds them instead.
      config: { rateLimit: false },
      schema: { tags: ['notifications'], hide: true, querystring: EventsQuery },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!app.accepting) throw new UnavailableError('This server is restarting; connect again.');
      const requested = parseTopics(request.query.topics);
      // One stream carries every topic of a browser tab: a topic the person may not hear (a thread
      // they just lost, say) is refused on its own with a `revoked` frame, and the rest still flow.
      const levels = new Map<string, Exclude<Hearing, null>>();
      const refused: string[] = [];
      for (const topic of requested) {
        const level = await hearing(app.db, actor, topic);
        if (level) levels.set(topic, level);
        else refused.push(topic);
      }
      const topics = [...levels.keys()];
      if (topics.length === 0) throw new NotFoundError(`No such topic: ${refused[0]}.`);
      const open = streamsByPerson.get(actor.userId) ?? 0;
      if (open >= MAX_STREAMS_PER_PERSON)
        throw new TooManyRequestsError('Too many open pages; close some and try again.');
      streamsByPerson.set(actor.userId, open + 1);

      const unsubscribes = new Map<string, () => void>();
      let unsubscribeOwn = () => {};
      let closed = false;
      const stream = openStream(app.realtime, request, reply, () => {
        closed = true;
        for (const unsubscribe of unsubscribes.values()) unsubscribe();
        unsubscribes.clear();
        unsubscribeOwn();
        const left = (streamsByPerson.get(actor.userId) ?? 1) - 1;
        if (left > 0) streamsByPerson.set(actor.userId, left);
        else streamsByPerson.delete(actor.userId);
      });
      // The page went while its topics were checked.
      if (!stream) return;
      const { write } = stream;
      const forward = (signal: RealtimeSignal) => write(sseFrame('signal', signal));
      const forwardTopic = (signal: RealtimeSignal) => {
        if (!levels.has(signal.topic)) return;
        if (
          levels.get(signal.topic) === 'outline' &&
          !topicDeclaration(signal.topic)?.outline?.includes(signal.type)
        )
          return;
        forward(signal);
      };
      /**
       * Something that decides who may hear changed (a community's join policy, a thread's place):
       * every topic is checked again before the page is told.
       */
      const standingMayChange = (signal: RealtimeSignal) =>
        topicDeclaration(signal.topic)?.changesHearing?.includes(signal.type) ?? false;
      const onTopic = (signal: RealtimeSignal) => {
        if (standingMayChange(signal)) rechecking = rechecking.then(recheck).then(() => forwardTopic(signal));
        else forwardTopic(signal);
      };

      const recheck = async () => {
        // The person's district may have left a network since the stream opened: hear as of now.
        const viewer = await loadDistrictNetworkIds(app.db, actor.districtId).then(
          (networkIds) => ({ ...actor, networkIds }),
          () => null,
        );
        for (const topic of [...unsubscribes.keys()]) {
          if (topic.startsWith('user:')) continue;
          const level = viewer ? await hearing(app.db, viewer, topic).catch(() => null) : null;
          if (level) levels.set(topic, level);
          else if (unsubscribes.has(topic)) {
            unsubscribes.get(topic)?.();
            unsubscribes.delete(topic);
            levels.delete(topic);
            write(sseFrame('revoked', { topic }));
          }
        }
      };
      let rechecking: Promise<void> = Promise.resolve();
      const ownTopic = `user:${actor.userId.toLowerCase()}`;
      const wantsOwnTopic = topics.includes(ownTopic);
      for (const topic of topics)
        if (topic !== ownTopic) unsubscribes.set(topic, app.realtime.subscribe(topic, onTopic));
      /**
       * Sessions of this person ended somewhere (sign-out, a password change, deactivation): if this
       * stream's own session is one of them, it stops at once. A `resync` (signals may have been
       * lost while the hub reconnected) checks too. A check that fails keeps the stream, since the
       * database being away is no sign-out, and the next request will say.
       */
      const endIfSignedOut = async () => {
        if (closed) return;
        if (await sessionIsOpen(app.db, actor.sessionId).catch(() => true)) return;
        write(sseFrame('ended', { reason: 'signed_out' }));
        stream.end();
      };
      // The person's own topic is always heard, requested or not: an `access` signal on it means
      // some of this stream's topics may have to be dropped before the page is told to fetch again.
      unsubscribeOwn = app.realtime.subscribe(ownTopic, (signal: RealtimeSignal) => {
        if (signal.type === SESSIONS_ENDED) {
          void endIfSignedOut();
          return;
        }
        if (signal.type === 'resync') void endIfSignedOut();
        if (signal.type === 'access')
          rechecking = rechecking.then(recheck).then(() => {
            if (wantsOwnTopic) forward(signal);
          });
        else if (wantsOwnTopic) forward(signal);
      });

      // Browsers wait this long before reconnecting a dropped stream.
      write(`retry: 3000\n${sseFrame('ready', { topics })}`);
      for (const topic of refused) write(sseFrame('revoked', { topic }));
    },
  );
}
