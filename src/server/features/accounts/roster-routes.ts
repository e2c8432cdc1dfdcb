import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireDistrictAdmin } from '#server/platform/auth.ts';
import { AppError, type FieldError, InvalidError, PayloadTooLargeError } from '#server/platform/errors.ts';
import {
  ROSTER_MAX_FILE_BYTES,
  ROSTER_UPLOAD_FIELDS,
  ApplyRosterImportBody,
  RosterImportListQuery,
  RosterImportListResponse,
  RosterImportParams,
  RosterImportResponse,
  type RosterUploadField,
} from '#shared/contracts/roster.ts';
import {
  looksLikeZip,
  parseRosterFiles,
  parseRosterZip,
  ROSTER_FILES,
  type RosterParseResult,
} from './roster-parse.ts';
import {
  applyRosterImport,
  getRosterImport,
  listRosterImports,
  previewRosterImport,
} from './roster-service.ts';

// Types a browser may give a CSV or a zip; anything clearly something else is refused by name.
const REFUSED_TYPES = /^(image|audio|video|font)\/|^text\/html|^application\/(pdf|xhtml|javascript|json)/;

const tooLarge = (field: string) => new PayloadTooLargeError(`/body/${field}`, ROSTER_MAX_FILE_BYTES);

const isUploadField = (name: string): name is RosterUploadField =>
  (ROSTER_UPLOAD_FIELDS as readonly string[]).includes(name);

/** Reads the upload: either `bundle` (a zip) or the files one by one (`manifest`, `orgs`, `users`, `roles`...). */
async function readUpload(request: FastifyRequest): Promise<Partial<Record<RosterUploadField, Buffer>>> {
  if (!request.isMultipart())
    throw new AppError(
      415,
      'unsupported_media_type',
      'Unsupported media type',
      'Upload the roster as multipart/form-data: a zip in `bundle`, or `manifest`, `orgs`, `users` (and `roles`, `userProfiles`).',
      [{ path: '/body', message: 'must be multipart/form-data' }],
    );
  const files: Partial<Record<RosterUploadField, Buffer>> = {};
  try {
    for await (const part of request.parts({
      limits: { files: 6, fileSize: ROSTER_MAX_FILE_BYTES, fields: 6, parts: 12 },
    })) {
      const field = part.fieldname.slice(0, 50);
      if (!isUploadField(field) || part.type !== 'file')
        throw new InvalidError(`${field} is not an upload this endpoint takes.`, [
          { path: `/body/${field}`, message: 'is not a roster file field' },
        ]);
      if (files[field])
        throw new InvalidError(`${field} was sent twice.`, [
          { path: `/body/${field}`, message: 'was sent twice' },
        ]);
      if (REFUSED_TYPES.test(part.mimetype.toLowerCase())) {
        part.file.resume();
        throw new InvalidError(
          `${field} is ${part.mimetype}, not ${field === 'bundle' ? 'a zip' : 'a CSV'} file.`,
          [{ path: `/body/${field}`, message: `must be ${field === 'bundle' ? 'a zip' : 'a CSV'} file` }],
        );
      }
      try {
        files[field] = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(field);
        throw error;
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new InvalidError('Too many parts: send one zip, or the CSV files one by one.', [
        { path: '/body', message: 'has too many parts' },
      ]);
    throw error;
  }
  return files;
}

function parseUpload(files: Partial<Record<RosterUploadField, Buffer>>): {
  result: RosterParseResult;
  sha256: string;
  zipped: boolean;
} {
  const separate = ROSTER_FILES.filter((f) => files[f]);
  if (files.bundle && separate.length)
    throw new InvalidError('Send either a zip in bundle or the CSV files, not both.', [
      { path: '/body/bundle', message: 'cannot be sent with separate CSV files' },
    ]);
  if (files.bundle) {
    if (!looksLikeZip(files.bundle))
      throw new InvalidError('bundle is not a zip file.', [
        { path: '/body/bundle', message: 'must be a zip file' },
      ]);
    return {
      result: parseRosterZip(files.bundle),
      sha256: createHash('sha256').update(files.bundle).digest('hex'),
      zipped: true,
    };
  }
  if (separate.length === 0)
    throw new InvalidError('No roster uploaded: send a zip in bundle, or manifest, orgs and users.', [
      { path: '/body/bundle', message: 'is required unless manifest, orgs and users are sent' },
    ]);
  const hash = createHash('sha256');
  for (const f of ROSTER_FILES) {
    hash.update(`${f}\0${files[f]?.length ?? 0}\0`);
    if (files[f]) hash.update(files[f]);
  }
  return { result: parseRosterFiles(files), sha256: hash.digest('hex'), zipped: false };
}

/** OneRoster 1.2 CSV staff import: upload for a dry-run plan, then apply it. District admins only. */
export async function rosterRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/roster-imports',
    {
      schema: {
        tags: ['roster'],
        consumes: ['multipart/form-data'],
        response: { 201: RosterImportResponse },
      },
      // The upload is read part by part with its own 5 MB per-file limit, above the JSON body limit.
      bodyLimit: 4 * ROSTER_MAX_FILE_BYTES + 64 * 1024,
    },
    async (request, reply) => {
      const actor = requireDistrictAdmin(request);
      const files = await readUpload(request);
      const { result, sha256, zipped } = parseUpload(files);
      if (!result.ok) {
        const errors: FieldError[] = result.defects.map((d) => ({
          path: `/body/${zipped || d.file === 'bundle' ? 'bundle' : d.file}`,
          message: d.message,
        }));
        throw new InvalidError(result.defects.map((d) => d.message).join('; '), errors);
      }
      const data = await previewRosterImport({
        db: app.db,
        actor,
        bundle: result.bundle,
        fileSha256: sha256,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/roster-imports',
    {
      schema: {
        tags: ['roster'],
        querystring: RosterImportListQuery,
        response: { 200: RosterImportListResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return listRosterImports({ db: app.db, actor, ...request.query });
    },
  );

  app.get(
    '/roster-imports/:id',
    { schema: { tags: ['roster'], params: RosterImportParams, response: { 200: RosterImportResponse } } },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      return { data: await getRosterImport({ db: app.db, actor, id: request.params.id }) };
    },
  );

  app.post(
    '/roster-imports/:id/apply',
    {
      schema: {
        tags: ['roster'],
        params: RosterImportParams,
        body: ApplyRosterImportBody,
        response: { 200: RosterImportResponse },
      },
    },
    async (request) => {
      const actor = requireDistrictAdmin(request);
      const data = await applyRosterImport({
        db: app.db,
        actor,
        id: request.params.id,
        deactivateMissing: request.body?.deactivateMissing,
      });
      return { data };
    },
  );
}
