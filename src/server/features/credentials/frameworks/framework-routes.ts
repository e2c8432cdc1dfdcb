import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '#server/platform/auth.ts';
import { InvalidError, invalidField, PayloadTooLargeError } from '#server/platform/errors.ts';
import { IdParams } from '#shared/contracts/common.ts';
import {
  CASE_PACKAGE_MAX_BYTES,
  CaseImportResponse,
  CompetencyResponse,
  CompetencySearchQuery,
  CompetencySearchResponse,
  CreateCompetencyBody,
  CreateFrameworkBody,
  FrameworkListQuery,
  FrameworkListResponse,
  FrameworkOptionsResponse,
  FrameworkResponse,
  UpdateCompetencyBody,
  UpdateFrameworkBody,
} from '#shared/contracts/frameworks.ts';
import { zodFieldErrors } from './case-import.ts';
import {
  addCompetency,
  createFramework,
  deleteCompetency,
  deleteFramework,
  findCompetencyChoices,
  frameworkOwnerOptions,
  getFramework,
  getPublicCompetency,
  getPublicFrameworkPackage,
  importCaseFramework,
  listFrameworks,
  updateCompetency,
  updateFramework,
} from './framework-service.ts';

const JsonImportBody = z.strictObject({ ownerOrgId: z.uuid(), package: z.unknown() });

/** What an import names: the owner, the package as parsed JSON, and where its fields are in the request. */
interface ImportRequest {
  ownerOrgId: string;
  casePackage: unknown;
  packagePath: string;
}

const tooLarge = () => new PayloadTooLargeError('/body/file', CASE_PACKAGE_MAX_BYTES);

/** A JSON body: {ownerOrgId, package}. */
function readJsonImport(body: unknown): ImportRequest {
  const parsed = JsonImportBody.safeParse(body);
  if (!parsed.success) {
    const errors = zodFieldErrors('/body', parsed.error);
    throw new InvalidError(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  }
  if (parsed.data.package === undefined) throw invalidField('/body/package', 'is required');
  return {
    ownerOrgId: parsed.data.ownerOrgId,
    casePackage: parsed.data.package,
    packagePath: '/body/package',
  };
}

/** A form upload: the field ownerOrgId and the package's .json file in the field file. */
async function readMultipartImport(request: FastifyRequest): Promise<ImportRequest> {
  let ownerOrgId: unknown;
  let file: Buffer | undefined;
  try {
    for await (const part of request.parts({
      limits: { files: 1, fields: 2, parts: 3, fileSize: CASE_PACKAGE_MAX_BYTES },
    })) {
      if (part.type === 'field' && part.fieldname === 'ownerOrgId') ownerOrgId = part.value;
      else if (part.type === 'file' && part.fieldname === 'file') file = await part.toBuffer();
      else {
        if (part.type === 'file') part.file.resume();
        throw invalidField(`/body/${part.fieldname.slice(0, 50)}`, 'is not a field this upload takes');
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw invalidField('/body', 'send only ownerOrgId and one file');
    throw error;
  }
  const owner = z.uuid().safeParse(ownerOrgId);
  if (!owner.success) throw invalidField('/body/ownerOrgId', 'must be the id of a district or network');
  if (!file) throw invalidField('/body/file', 'is required: the CASE package as a .json file');
  let casePackage: unknown;
  try {
    casePackage = JSON.parse(file.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw invalidField(
      '/body/file',
      'is not JSON: export the framework from its publisher as a CASE 1.0 package',
    );
  }
  return { ownerOrgId: owner.data, casePackage, packagePath: '/body/file' };
}

/** Competency frameworks (nested competencies with codes), CASE 1.0 import and export, and the picker's search. */
export async function frameworkRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['frameworks'];

  app.get(
    '/frameworks',
    { schema: { tags, querystring: FrameworkListQuery, response: { 200: FrameworkListResponse } } },
    async (request) => listFrameworks({ db: app.db, actor: requireActor(request), query: request.query }),
  );

  app.get(
    '/frameworks/options',
    { schema: { tags, response: { 200: FrameworkOptionsResponse } } },
    async (request) => ({
      data: { administers: await frameworkOwnerOptions({ db: app.db, actor: requireActor(request) }) },
    }),
  );

  app.post(
    '/frameworks',
    { schema: { tags, body: CreateFrameworkBody, response: { 201: FrameworkResponse } } },
    async (request, reply) => {
      const data = await createFramework({
        db: app.db,
        actor: requireActor(request),
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.post(
    '/frameworks/import',
    {
      // A whole framework of thousands of competencies is larger than the app's usual limit.
      bodyLimit: CASE_PACKAGE_MAX_BYTES + 64 * 1024,
      schema: {
        tags,
        description:
          'Import a CASE 1.0 CFPackage: JSON {ownerOrgId, package}, or multipart with ownerOrgId and file.',
        consumes: ['application/json', 'multipart/form-data'],
        response: { 200: CaseImportResponse, 201: CaseImportResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const input = request.isMultipart() ? await readMultipartImport(request) : readJsonImport(request.body);
      const data = await importCaseFramework({
        db: app.db,
        actor,
        ...input,
      });
      return reply.status(data.createdFramework ? 201 : 200).send({ data });
    },
  );

  app.get(
    '/frameworks/:id',
    { schema: { tags, params: IdParams, response: { 200: FrameworkResponse } } },
    async (request) => ({
      data: await getFramework({ db: app.db, actor: requireActor(request), frameworkId: request.params.id }),
    }),
  );

  app.patch(
    '/frameworks/:id',
    { schema: { tags, params: IdParams, body: UpdateFrameworkBody, response: { 200: FrameworkResponse } } },
    async (request) => ({
      data: await updateFramework({
        db: app.db,
        actor: requireActor(request),
        frameworkId: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.delete(
    '/frameworks/:id',
    { schema: { tags, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteFramework({ db: app.db, actor: requireActor(request), frameworkId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/frameworks/:id/competencies',
    {
      schema: { tags, params: IdParams, body: CreateCompetencyBody, response: { 201: CompetencyResponse } },
    },
    async (request, reply) => {
      const data = await addCompetency({
        db: app.db,
        actor: requireActor(request),
        frameworkId: request.params.id,
        body: request.body,
      });
      return reply.status(201).send({ data });
    },
  );

  app.get(
    '/competencies',
    { schema: { tags, querystring: CompetencySearchQuery, response: { 200: CompetencySearchResponse } } },
    async (request) => ({
      data: await findCompetencyChoices({ db: app.db, actor: requireActor(request), query: request.query }),
    }),
  );

  app.patch(
    '/competencies/:id',
    { schema: { tags, params: IdParams, body: UpdateCompetencyBody, response: { 200: CompetencyResponse } } },
    async (request) => ({
      data: await updateCompetency({
        db: app.db,
        actor: requireActor(request),
        competencyId: request.params.id,
        body: request.body,
      }),
    }),
  );

  app.delete(
    '/competencies/:id',
    { schema: { tags, params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteCompetency({ db: app.db, actor: requireActor(request), competencyId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  // Public, without sign-in, for published frameworks: Open Badges credentials name these as their
  // alignment targets, and any CASE consumer may read a framework whole. Other sites' tools may fetch
  // them from the browser. A private framework answers only its owner's scope (signed in), 404 to
  // anyone else; like every /api answer, none is kept in a cache.

  app.get('/public/competencies/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const item = await getPublicCompetency({
      db: app.db,
      viewer: request.actor,
      competencyId: request.params.id,
      publicUrl: app.config.PUBLIC_URL,
    });
    return reply.header('access-control-allow-origin', '*').type('application/json').send(item);
  });

  app.get('/public/frameworks/:id/case', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const casePackage = await getPublicFrameworkPackage({
      db: app.db,
      viewer: request.actor,
      frameworkId: request.params.id,
      publicUrl: app.config.PUBLIC_URL,
    });
    return reply
      .header('access-control-allow-origin', '*')
      .header('content-disposition', `inline; filename="framework-${request.params.id}.case.json"`)
      .type('application/json')
      .send(casePackage);
  });
}
