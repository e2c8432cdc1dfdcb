import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { agent, setupTestApp } from '#server/test/app.ts';
import { deriveOperationId, deriveSummary } from './openapi.ts';

const t = setupTestApp();

type Parameter = { in: string; name: string; schema?: { type?: string | string[]; enum?: unknown[] } };
type Operation = {
  operationId?: string;
  summary?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: {
    responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }>;
    schemas: Record<string, unknown>;
  };
};

const docs = async () => (await agent(t).get('/api/docs')).json() as Document;

const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );

/** A value a path parameter's schema accepts, so a request reaches the route's own checks. */
function sample(parameter: Parameter): string {
  const schema = parameter.schema ?? {};
  if (schema.enum?.length) return String(schema.enum[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number') return '1';
  return '0190a0b0-0000-7000-8000-00000000dead';
}

describe('the OpenAPI document at /api/docs', () => {
  it('is a valid OpenAPI 3.1 document whose every $ref resolves', async () => {
    const doc = await docs();
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.components.schemas).toHaveProperty('Post');
  });

  it('gives every operation a unique operationId, a summary, its security and problem+json errors', async () => {
    const doc = await docs();
    const all = operations(doc);
    expect(all.length).toBeGreaterThan(150);
    const ids = all.map((o) => o.operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const problemResponses = new Set(
      Object.entries(doc.components.responses)
        .filter(
          ([, r]) => r.content['application/problem+json']?.schema.$ref === '#/components/schemas/Problem',
        )
        .map(([name]) => `#/components/responses/${name}`),
    );
    for (const { path, method, operation } of all) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.summary?.trim(), where).toBeTruthy();
      expect(Array.isArray(operation.security), where).toBe(true);
      const problems = Object.entries(operation.responses).filter(
        ([status, r]) => /^4\d\d$/.test(status) && r.$ref && problemResponses.has(r.$ref),
      );
      expect(problems.length, where).toBeGreaterThan(0);
      if (operation.security?.length && operation.security.every((s) => Object.keys(s).length > 0))
        expect(operation.responses['401']?.$ref, where).toBeDefined();
      if (path.includes('{')) expect(operation.responses['404']?.$ref, where).toBeDefined();
    }
  });

  it('declares the session cookie and the CSRF header, and asks for the token on writes', async () => {
    const doc = await docs();
    expect(doc.components.securitySchemes.session).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'trellis_session',
    });
    expect(doc.components.securitySchemes.csrf).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-CSRF-Token',
    });
    expect(doc.paths['/api/resources'].post.security).toEqual([{ session: [], csrf: [] }]);
    expect(doc.paths['/api/resources'].get.security).toEqual([{ session: [] }]);
    expect(doc.paths['/api/session'].post.security).toEqual([]);
  });

  it('declares the API client schemes and the scope each operation open to clients needs', async () => {
    const doc = await docs();
    expect(doc.components.securitySchemes.clientBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.clientBasic).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(doc.paths['/api/directory'].get.security).toEqual([
      { session: [] },
      { clientBearer: ['directory:read'] },
      { clientBasic: ['directory:read'] },
    ]);
    expect(doc.paths['/api/schools'].get.security).toContainEqual({ clientBearer: ['schools:read'] });
    // A profile answers visitors too, and still says so.
    expect(doc.paths['/api/profiles/{id}'].get.security).toEqual([
      {},
      { session: [] },
      { clientBearer: ['directory:read'] },
      { clientBasic: ['directory:read'] },
    ]);
    // Routes not open to clients name no client scheme.
    const clientOperations = operations(doc)
      .filter(({ operation }) => operation.security?.some((s) => 'clientBearer' in s))
      .map(({ path, method }) => `${method} ${path}`)
      .sort();
    expect(clientOperations).toEqual(['get /api/directory', 'get /api/profiles/{id}', 'get /api/schools']);
  });

  it('marks public exactly the reads that answer without sign-in', async () => {
    const doc = await docs();
    const mismatches: string[] = [];
    for (const { path, method, operation } of operations(doc)) {
      if (method !== 'get') continue;
      let url = path;
      for (const p of operation.parameters ?? []) {
        if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(sample(p)));
      }
      const response = await agent(t).get(url);
      // A required query left out is refused before sign-in is checked: that says nothing.
      if (response.statusCode === 400) continue;
      const declaredPublic =
        operation.security?.length === 0 || operation.security?.some((s) => Object.keys(s).length === 0);
      const answeredPublic = response.statusCode !== 401;
      if (declaredPublic !== answeredPublic)
        mismatches.push(
          `${path}: declared ${declaredPublic ? 'public' : 'signed-in'}, answered ${response.statusCode}`,
        );
    }
    expect(mismatches).toEqual([]);
  });
});

describe('derived operation names', () => {
  it.each([
    ['get', '/api/resources', 'List resources', 'getResources'],
    ['post', '/api/resources', 'Create resource', 'postResources'],
    ['get', '/api/resources/{id}', 'Get resource', 'getResourcesById'],
    ['patch', '/api/communities/{id}', 'Update community', 'patchCommunitiesById'],
    ['get', '/api/resources/{id}/reviews', 'List resource reviews', 'getResourcesByIdReviews'],
    ['post', '/api/staff/{id}/deactivate', 'Deactivate staff', 'postStaffByIdDeactivate'],
    [
      'delete',
      '/api/collections/{id}/items/{resourceId}',
      'Delete collection item',
      'deleteCollectionsByIdItemsByResourceId',
    ],
    ['get', '/api/profile', 'Get profile', 'getProfile'],
    ['post', '/api/notifications/read-all', 'Mark all notifications read', 'postNotificationsReadAll'],
    ['post', '/api/invitations/bulk', 'Create invitations in bulk', 'postInvitationsBulk'],
    ['put', '/api/resources/{id}/reviews/mine', 'Set my resource review', 'putResourcesByIdReviewsMine'],
    ['get', '/orgs/{orgId}/did.json', 'Get org did document', 'getOrgsByOrgIdDidJson'],
  ])('%s %s is "%s" (%s)', (method, path, summary, operationId) => {
    expect(deriveSummary(method, path)).toBe(summary);
    expect(deriveOperationId(method, path)).toBe(operationId);
  });
});
