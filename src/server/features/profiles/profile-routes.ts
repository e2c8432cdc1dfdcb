import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { sendInert } from '#server/platform/file-types.ts';
import { readFileUpload } from '#server/platform/uploads.ts';
import { IdParams } from '#shared/contracts/common.ts';
import { OwnProfileResponse, ProfileResponse, UpdateProfileBody } from '#shared/contracts/profiles.ts';
import {
  getOwnProfile,
  getDistrictProfile,
  PHOTO_MAX_BYTES,
  readProfilePhoto,
  removeProfilePhoto,
  setProfilePhoto,
  updateOwnProfile,
} from './service.ts';
import { getProfileText } from './profile-page.ts';

/** One's own profile and photo, and other people's profiles as the viewer may see them. */
export async function profileRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/profile',
    { schema: { tags: ['profiles'], response: { 200: OwnProfileResponse } } },
    async (request) => ({ data: await getOwnProfile({ db: app.db, actor: requireActor(request) }) }),
  );

  app.patch(
    '/profile',
    { schema: { tags: ['profiles'], body: UpdateProfileBody, response: { 200: OwnProfileResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return {
        data: await updateOwnProfile({
          db: app.db,
          actor,
          body: request.body,
        }),
      };
    },
  );

  app.put(
    '/profile/photo',
    {
      schema: {
        tags: ['profiles'],
        consumes: ['multipart/form-data'],
        response: { 200: OwnProfileResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const upload = (await readFileUpload(request, PHOTO_MAX_BYTES, { field: 'photo', what: 'the photo' }))
        .data;
      return {
        data: await setProfilePhoto({
          db: app.db,
          storage: app.storage,
          actor,
          upload,
        }),
      };
    },
  );

  app.delete(
    '/profile/photo',
    { schema: { tags: ['profiles'], response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request);
      await removeProfilePhoto({ db: app.db, storage: app.storage, actor });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/profiles/:id',
    {
      schema: {
        tags: ['profiles'],
        summary: 'Get a person’s profile, as much of it as the caller may see',
        security: [{}, { session: [] }],
        params: IdParams,
        response: { 200: ProfileResponse },
      },
      config: { scope: 'directory:read' },
    },
    // A viewer's page is sent as the JSON text remembered for their relation (profile-page.ts),
    // without the response schema's check and copy; profile.test.ts holds every page to the schema.
    async (request, reply) =>
      request.client
        ? getDistrictProfile({ db: app.db, districtId: request.client.districtId, userId: request.params.id })
        : (reply as FastifyReply)
            .type('application/json; charset=utf-8')
            .send(await getProfileText({ db: app.db, actor: request.actor, userId: request.params.id })),
  );

  app.get(
    '/profiles/:id/photo',
    {
      schema: {
        tags: ['profiles'],
        summary: 'Get a person’s profile photo',
        security: [{}, { session: [] }],
        params: IdParams,
      },
    },
    async (request, reply) => {
      const file = await readProfilePhoto({
        db: app.db,
        storage: app.storage,
        actor: request.actor,
        userId: request.params.id,
      });
      // Served inert: even a file that somehow is not an image can never run as a page.
      return sendInert(reply, { ...file, contentType: 'image/webp' }, 'inline; filename="photo.webp"');
    },
  );
}
