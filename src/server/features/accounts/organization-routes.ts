import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { IdParams } from '#shared/contracts/common.ts';
import { runNamed } from '#server/db/named-query.ts';
import { type Actor, requireActor } from '#server/platform/auth.ts';
import { NotFoundError } from '#server/platform/errors.ts';

const Organization = z.object({
  id: z.uuid(),
  kind: z.enum(['district', 'school', 'network']),
  name: z.string(),
  /** For a school: its district; null for districts and networks. */
  districtId: z.uuid().nullable(),
});
type Organization = z.infer<typeof Organization>;

export const OrganizationResponse = z.object({ data: Organization });

/**
 * One organization the actor may see: their own district and its schools, their networks, and the
 * districts and schools of those networks. Anything else does not exist for them.
 *
 * One primary-key read; the network check only runs for organizations outside the home district.
 * This is also the benchmark's baseline route, so it stays a single statement.
 */
export async function findVisibleOrganization(
  pool: pg.Pool,
  actor: Actor,
  id: string,
): Promise<Organization> {
  // A named statement: planned once per connection, not on every read (the visibility test costs
  // more to plan than to run).
  const { rows } = await runNamed<Organization>(
    pool,
    'trellis-organization-visible',
    `select o.id, o.kind, o.name, o.district_id as "districtId"
       from organizations o
      where o.id = $1 and o.archived_at is null
        and (o.id = $2 or o.district_id = $2 or o.id = any($3::uuid[])
             or exists (select 1 from network_districts nd
                         where nd.district_id = coalesce(o.district_id, o.id)
                           and nd.network_id = any($3::uuid[])))`,
    [id, actor.districtId, actor.networkIds],
  );
  if (!rows[0]) throw new NotFoundError('No such organization.');
  return rows[0];
}

/** Reading organizations (districts, schools, networks) by id. */
export async function organizationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/organizations/:id',
    { schema: { tags: ['organizations'], params: IdParams, response: { 200: OrganizationResponse } } },
    // Sent as JSON text of explicit fields, as the page reads are (decision 033): the response
    // schema's check and copy was a tenth of this read's Node time. organizations.test.ts holds
    // every answer to the schema.
    async (request, reply) => {
      const actor = requireActor(request);
      const { id, kind, name, districtId } = await findVisibleOrganization(
        app.pool,
        actor,
        request.params.id,
      );
      return (reply as FastifyReply)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ data: { id, kind, name, districtId } }));
    },
  );
}
