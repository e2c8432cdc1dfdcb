import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '#server/platform/auth.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  BulkRevokeBody,
  CohortPreviewBody,
  CohortPreviewResponse,
  BulkRevokeResponse,
  CredentialAwardsExportQuery,
  CredentialAwardsQuery,
  CredentialAwardsResponse,
} from '#shared/contracts/credential-awards.ts';
import { previewCohortAward } from './award-jobs.ts';
import { bulkRevokeAwards, exportCredentialAwards, listCredentialAwards } from './award-list.ts';

/** A file name from a credential's title: letters, digits and dashes only. */
const fileName = (title: string) =>
  `${
    title
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .toLowerCase() || 'credential'
  }-awards.csv`;

/** Who holds a credential, for its issuer's admins: the list, bulk revocation and a CSV export. */
export async function awardListRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['credentials'];

  app.get(
    '/micro-credentials/:id/awards',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: CredentialAwardsQuery,
        response: { 200: CredentialAwardsResponse },
      },
    },
    async (request) =>
      listCredentialAwards({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
        query: request.query,
      }),
  );

  // Checks a cohort row by row before awarding, so the admin confirms how many will be issued.
  app.post(
    '/micro-credentials/:id/awards/preview',
    {
      schema: { tags, params: IdParams, body: CohortPreviewBody, response: { 200: CohortPreviewResponse } },
    },
    async (request) => ({
      data: await previewCohortAward({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.post(
    '/micro-credentials/:id/awards/revoke',
    { schema: { tags, params: IdParams, body: BulkRevokeBody, response: { 200: BulkRevokeResponse } } },
    async (request) => ({
      data: await bulkRevokeAwards({
        db: app.db,
        issuer: app.credentialIssuer,
        actor: requireActor(request),
        credentialId: request.params.id,
        body: request.body,
        publicUrl: app.config.PUBLIC_URL,
      }),
    }),
  );

  // Streamed: each batch of rows is read and written before the next, so a large export holds
  // neither the whole list in memory nor one long query open.
  app.get(
    '/micro-credentials/:id/awards.csv',
    { schema: { tags, params: IdParams, querystring: CredentialAwardsExportQuery } },
    async (request, reply) => {
      const { title, lines } = await exportCredentialAwards({
        db: app.db,
        actor: requireActor(request),
        credentialId: request.params.id,
        query: request.query,
        publicUrl: app.config.PUBLIC_URL,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(title)}"`)
        .send(Readable.from(lines));
    },
  );
}
