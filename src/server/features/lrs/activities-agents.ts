import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '#server/db/client.ts';
import { statementBaseUrl } from '#server/platform/statements.ts';
import { type Obj, pickLanguage, acceptedLanguages } from './format.ts';
import { badRequest, requireScope, type XapiResource } from './http.ts';
import { matchActors, type XapiActor } from './identities.ts';
import { isIri, parseAgentParameter, StatementError } from './validate.ts';

/**
 * The Activities resource (Communication 2.5): an Activity with the LRS's canonical definition,
 * merged from every statement of the district that named it. The Agents resource (2.4): the Person
 * an Agent stands for, combining its identifiers with the Trellis account it matches.
 */

const ANY_XAPI = ['xapi:write', 'xapi:read:own', 'xapi:read:district'] as const;

export function activitiesResource(db: Db): XapiResource {
  return {
    path: '/activities',
    parameters: { GET: ['activityId'] },
    handlers: {
      GET: async (request, reply) => {
        requireScope(request, ...ANY_XAPI);
        const activityId = request.query.activityId;
        if (activityId === undefined) throw badRequest('activityId is required.', '/query/activityId');
        if (!isIri(activityId)) throw badRequest('activityId must be an IRI.', '/query/activityId');
        const hash = createHash('sha256').update(activityId).digest('hex');
        const { rows } = await db.execute<{ definition: Obj; updated_at: Date }>(
          sql`select definition, updated_at from lrs_activities where district_id = ${request.client.districtId} and id_hash = ${hash}`,
        );
        const definition = rows[0]?.definition;
        if (rows[0]) reply.header('last-modified', new Date(rows[0].updated_at).toUTCString());
        return reply
          .type('application/json')
          .send({ objectType: 'Activity', id: activityId, ...(definition ? { definition } : {}) });
      },
    },
  };
}

export function agentsResource(db: Db): XapiResource {
  return {
    path: '/agents',
    parameters: { GET: ['agent'] },
    handlers: {
      GET: async (request, reply) => {
        requireScope(request, ...ANY_XAPI);
        if (request.query.agent === undefined) throw badRequest('agent is required.', '/query/agent');
        let agent: Obj;
        try {
          agent = parseAgentParameter(request.query.agent, 'agent');
        } catch (error) {
          throw error instanceof StatementError ? badRequest(error.message, '/query/agent') : error;
        }
        if (agent.objectType === 'Group')
          throw badRequest('agent must be an Agent, not a Group.', '/query/agent');
        const person: Record<string, unknown[]> = {
          name: [],
          mbox: [],
          mbox_sha1sum: [],
          openid: [],
          account: [],
        };
        const add = (key: string, value: unknown) => {
          if (value === undefined || value === null) return;
          if (!person[key].some((v) => JSON.stringify(v) === JSON.stringify(value))) person[key].push(value);
        };
        add('name', agent.name);
        add('mbox', agent.mbox);
        add('mbox_sha1sum', agent.mbox_sha1sum);
        add('openid', agent.openid);
        add('account', agent.account);
        // The Trellis account the agent matches, for clients the district trusts with its people.
        if (request.client.scopes.includes('xapi:read:district')) {
          const [userId] = await matchActors(db, request.client.districtId, [agent as XapiActor]);
          if (userId) {
            const { rows } = await db.execute<{ name: string; email: string }>(
              sql`select name, email from users where id = ${userId} and district_id = ${request.client.districtId}`,
            );
            if (rows[0]) {
              add('name', rows[0].name);
              add('mbox', `mailto:${rows[0].email}`);
              add('account', { homePage: statementBaseUrl(), name: userId });
            }
          }
        }
        const body: Obj = { objectType: 'Person' };
        for (const [key, values] of Object.entries(person)) if (values.length > 0) body[key] = values;
        return reply.type('application/json').send(body);
      },
    },
  };
}

export { pickLanguage, acceptedLanguages };
