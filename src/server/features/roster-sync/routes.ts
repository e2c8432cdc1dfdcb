import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireDistrictAdmin } from '#server/platform/auth.ts';
import {
  RosterSourceResponse,
  RosterSyncRunListQuery,
  RosterSyncRunListResponse,
  RosterSyncRunParams,
  RosterSyncRunResponse,
  SaveRosterSourceBody,
  StartRosterSyncRunBody,
} from '#shared/contracts/roster-sync.ts';
import { encryptionKey } from './run.ts';
import {
  confirmRosterSyncRun,
  getRosterSource,
  getRosterSyncRun,
  listRosterSyncRuns,
  saveRosterSource,
  startRosterSyncRun,
} from './service.ts';

/** A district admin's roster sync: the OneRoster source, previews and syncs, and their history. */
export async function rosterSyncRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['roster-sync'];

  app.get(
    '/roster-sync/source',
    {
      schema: {
        tags,
        summary: "The district's OneRoster 1.2 REST source (never its client secret)",
        response: { 200: RosterSourceResponse },
      },
    },
    async (request) => getRosterSource({ db: app.db, actor: requireDistrictAdmin(request) }),
  );

  app.put(
    '/roster-sync/source',
    {
      schema: {
        tags,
        summary: "Connect the district's OneRoster 1.2 REST source, or change its settings",
        body: SaveRosterSourceBody,
        response: { 200: RosterSourceResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      const key = await encryptionKey(app.config, app.log);
      await saveRosterSource({ db: app.db, actor, key, body: request.body, addresses: app.config });
      return getRosterSource({ db: app.db, actor });
    },
  );

  app.get(
    '/roster-sync/runs',
    {
      schema: {
        tags,
        summary: 'Previews and syncs of the district, newest first',
        querystring: RosterSyncRunListQuery,
        response: { 200: RosterSyncRunListResponse },
      },
    },
    async (request) =>
      listRosterSyncRuns({ db: app.db, actor: requireDistrictAdmin(request), ...request.query }),
  );

  app.post(
    '/roster-sync/runs',
    {
      schema: {
        tags,
        summary: 'Queue a preview (a dry run) or a sync of the district roster',
        body: StartRosterSyncRunBody,
        response: { 202: RosterSyncRunResponse },
      },
    },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      const data = await startRosterSyncRun({ db: app.db, actor, kind: request.body.kind });
      return reply.status(202).send({ data, abilities: { confirm: false } });
    },
  );

  app.get(
    '/roster-sync/runs/:id',
    {
      schema: {
        tags,
        summary: 'One preview or sync with what it changed, or why it failed or waits',
        params: RosterSyncRunParams,
        response: { 200: RosterSyncRunResponse },
      },
    },
    async (request) =>
      getRosterSyncRun({ db: app.db, actor: requireDistrictAdmin(request), id: request.params.id }),
  );

  app.post(
    '/roster-sync/runs/:id/confirmation',
    {
      schema: {
        tags,
        summary: 'Confirm the deactivations a waiting sync held back; a new sync carries them out',
        params: RosterSyncRunParams,
        response: { 202: RosterSyncRunResponse },
      },
    },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      const data = await confirmRosterSyncRun({ db: app.db, actor, id: request.params.id });
      return reply.status(202).send({ data, abilities: { confirm: false } });
    },
  );
}
