import { parse as parseLanguageTag } from 'bcp-47';

/**
 * Statement validation as xAPI 1.0.3 (Data 2.2–2.4, 4.0) states it: every property once, known keys
 * only, in their exact case; no null outside extensions; exactly one inverse functional identifier
 * per Agent or identified Group; UUIDs, IRIs, mailto IRIs, ISO 8601 timestamps and durations,
 * RFC 5646 language map keys; interaction definitions; context and SubStatement rules. The first
 * problem found is reported with its JSON pointer.
 */

export class StatementError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path || '/'}: ${message}`);
  }
}

type Json = unknown;
type Obj = Record<string, Json>;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** An absolute IRI: a scheme, a colon and no whitespace (best-effort, as the specification allows). */
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/u;
const MBOX = /^mailto:[^@\s]+@[^@\s]+\.?[^@\s]*$/;
const SHA1 = /^[0-9a-f]{40}$/i;
const SHA2 = /^[0-9a-f]{56}$|^[0-9a-f]{64}$|^[0-9a-f]{96}$|^[0-9a-f]{128}$/i;
/** ISO 8601 combined date and time; a time zone is optional, a negative zero offset is not ISO 8601. */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
/** ISO 8601:2004 4.4.3.2 durations (the alternative format of 4.4.3.3 is refused). */
const NUM = String.raw`\d+(?:[.,]\d+)?`;
const DURATION = new RegExp(
  `^P(?:${NUM}W|(?=\\d|T\\d)(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}D)?(?:T(?=\\d)(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?)$`,
);
const MEDIA_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?$/;

export const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';
export const SIGNATURE_USAGE = 'http://adlnet.gov/expapi/attachments/signature';
const INTERACTION_TYPES = [
  'true-false',
  'choice',
  'fill-in',
  'long-fill-in',
  'matching',
  'performance',
  'sequencing',
  'likert',
  'numeric',
  'other',
] as const;
const COMPONENTS_OF: Record<string, readonly string[]> = {
  choice: ['choices'],
  sequencing: ['choices'],
  likert: ['scale'],
  matching: ['source', 'target'],
  performance: ['steps'],
};
const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'];

const fail = (path: string, message: string): never => {
  throw new StatementError(path, message);
};

const isObject = (value: Json): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function object(value: Json, path: string): Obj {
  if (!isObject(value)) fail(path, 'must be a JSON object');
  return value as Obj;
}

function keys(value: Obj, path: string, allowed: readonly string[], required: readonly string[] = []) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      fail(`${path}/${key}`, 'is not a property allowed here (names are case-sensitive)');
    if (value[key] === null) fail(`${path}/${key}`, 'must not be null');
  }
  for (const key of required) if (value[key] === undefined) fail(`${path}/${key}`, 'is required');
}

function string(value: Json, path: string): string {
  if (typeof value !== 'string') fail(path, 'must be a string');
  return value as string;
}

export const isIri = (value: string) => IRI.test(value);
function iri(value: Json, path: string): string {
  const text = string(value, path);
  if (!IRI.test(text)) fail(path, 'must be an absolute IRI with a scheme');
  return text;
}

function uuid(value: Json, path: string): string {
  const text = string(value, path);
  if (!UUID.test(text)) fail(path, 'must be a UUID');
  return text;
}

export function isTimestamp(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second = '0', , zone] = match;
  if (zone && /^-00(:?00)?$/.test(zone)) return false;
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(Number(year), m, 0)).getUTCDate()) return false;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return false;
  return !Number.isNaN(Date.parse(toInstant(value)));
}

/** A timestamp as sent, read as an instant (no zone: UTC). */
export function toInstant(value: string): string {
  const match = TIMESTAMP.exec(value);
  if (!match) return value;
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone = 'Z'] = match;
  const ms = `${fraction}000`.slice(0, 3);
  const offset =
    zone === 'Z'
      ? 'Z'
      : zone.length === 3
        ? `${zone}:00`
        : zone.includes(':')
          ? zone
          : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`;
}

function timestamp(value: Json, path: string): string {
  const text = string(value, path);
  if (!isTimestamp(text)) fail(path, 'must be an ISO 8601 timestamp');
  return text;
}

export const isDuration = (value: string) => DURATION.test(value);

export function isLanguageTag(tag: string): boolean {
  if (!tag) return false;
  const parsed = parseLanguageTag(tag, { forgiving: false, warning: undefined });
  return Boolean(parsed.language || parsed.privateuse.length > 0 || parsed.irregular || parsed.regular);
}

function languageMap(value: Json, path: string): void {
  const map = object(value, path);
  for (const [tag, text] of Object.entries(map)) {
    if (!isLanguageTag(tag)) fail(`${path}/${tag}`, 'must be keyed by an RFC 5646 language tag');
    string(text, `${path}/${tag}`);
  }
}

function extensions(value: Json, path: string): void {
  const map = object(value, path);
  for (const key of Object.keys(map))
    if (!IRI.test(key)) fail(`${path}/${key}`, 'extension keys must be IRIs');
}

/** How many IFIs an Agent or Group carries, after checking the one(s) given. */
function ifis(value: Obj, path: string): number {
  let count = 0;
  if (value.mbox !== undefined) {
    count++;
    if (!MBOX.test(string(value.mbox, `${path}/mbox`))) fail(`${path}/mbox`, 'must be a mailto IRI');
  }
  if (value.mbox_sha1sum !== undefined) {
    count++;
    if (!SHA1.test(string(value.mbox_sha1sum, `${path}/mbox_sha1sum`)))
      fail(`${path}/mbox_sha1sum`, 'must be 40 hexadecimal digits');
  }
  if (value.openid !== undefined) {
    count++;
    iri(value.openid, `${path}/openid`);
  }
  if (value.account !== undefined) {
    count++;
    const account = object(value.account, `${path}/account`);
    keys(account, `${path}/account`, ['homePage', 'name'], ['homePage', 'name']);
    iri(account.homePage, `${path}/account/homePage`);
    string(account.name, `${path}/account/name`);
  }
  return count;
}

const AGENT_KEYS = ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account'];

export function validateAgent(value: Json, path: string, requireType = false): void {
  const agent = object(value, path);
  keys(agent, path, AGENT_KEYS);
  if (requireType && agent.objectType === undefined) fail(`${path}/objectType`, 'is required');
  if (agent.objectType !== undefined && agent.objectType !== 'Agent')
    fail(`${path}/objectType`, 'must be Agent');
  if (agent.name !== undefined) string(agent.name, `${path}/name`);
  if (ifis(agent, path) !== 1) fail(path, 'an Agent must have exactly one inverse functional identifier');
}

function validateGroup(group: Obj, path: string): void {
  keys(group, path, [...AGENT_KEYS, 'member'], ['objectType']);
  if (group.name !== undefined) string(group.name, `${path}/name`);
  const count = ifis(group, path);
  if (count > 1) fail(path, 'a Group must have at most one inverse functional identifier');
  if (group.member !== undefined) {
    if (!Array.isArray(group.member)) fail(`${path}/member`, 'must be an array of Agents');
    (group.member as Json[]).forEach((member, i) => {
      if (isObject(member) && member.objectType === 'Group')
        fail(`${path}/member/${i}`, 'a Group must not contain Groups');
      validateAgent(member, `${path}/member/${i}`);
    });
  } else if (count === 0) fail(`${path}/member`, 'an anonymous Group must list its members');
}

/** An Agent or a Group (the actor, an instructor, an authority, an Agent or Group object). */
export function validateActor(value: Json, path: string, requireType = false): void {
  const actor = object(value, path);
  if (actor.objectType === 'Group') validateGroup(actor, path);
  else validateAgent(actor, path, requireType);
}

function validateComponents(list: Json, path: string): void {
  if (!Array.isArray(list)) fail(path, 'must be an array of interaction components');
  const seen = new Set<string>();
  (list as Json[]).forEach((item, i) => {
    const component = object(item, `${path}/${i}`);
    keys(component, `${path}/${i}`, ['id', 'description'], ['id']);
    const id = string(component.id, `${path}/${i}/id`);
    if (id.length === 0) fail(`${path}/${i}/id`, 'must not be empty');
    if (seen.has(id)) fail(`${path}/${i}/id`, 'interaction component ids must be distinct');
    seen.add(id);
    if (component.description !== undefined) languageMap(component.description, `${path}/${i}/description`);
  });
}

function validateDefinition(value: Json, path: string): void {
  const definition = object(value, path);
  keys(definition, path, [
    'name',
    'description',
    'type',
    'moreInfo',
    'extensions',
    'interactionType',
    'correctResponsesPattern',
    ...COMPONENT_LISTS,
  ]);
  if (definition.name !== undefined) languageMap(definition.name, `${path}/name`);
  if (definition.description !== undefined) languageMap(definition.description, `${path}/description`);
  if (definition.type !== undefined) iri(definition.type, `${path}/type`);
  if (definition.moreInfo !== undefined) iri(definition.moreInfo, `${path}/moreInfo`);
  if (definition.extensions !== undefined) extensions(definition.extensions, `${path}/extensions`);
  const type = definition.interactionType;
  if (type === undefined) {
    for (const key of ['correctResponsesPattern', ...COMPONENT_LISTS])
      if (definition[key] !== undefined) fail(`${path}/interactionType`, `is required with ${key}`);
    return;
  }
  if (!INTERACTION_TYPES.includes(type as (typeof INTERACTION_TYPES)[number]))
    fail(`${path}/interactionType`, `must be one of ${INTERACTION_TYPES.join(', ')}`);
  if (definition.correctResponsesPattern !== undefined) {
    if (!Array.isArray(definition.correctResponsesPattern))
      fail(`${path}/correctResponsesPattern`, 'must be an array of strings');
    for (const [i, p] of (definition.correctResponsesPattern as Json[]).entries())
      string(p, `${path}/correctResponsesPattern/${i}`);
  }
  const allowed = COMPONENTS_OF[type as string] ?? [];
  for (const list of COMPONENT_LISTS) {
    if (definition[list] === undefined) continue;
    if (!allowed.includes(list)) fail(`${path}/${list}`, `is not used with the interaction type ${type}`);
    validateComponents(definition[list], `${path}/${list}`);
  }
}

function validateActivity(value: Json, path: string): void {
  const activity = object(value, path);
  keys(activity, path, ['objectType', 'id', 'definition'], ['id']);
  if (activity.objectType !== undefined && activity.objectType !== 'Activity')
    fail(`${path}/objectType`, 'must be Activity');
  iri(activity.id, `${path}/id`);
  if (activity.definition !== undefined) validateDefinition(activity.definition, `${path}/definition`);
}

function validateStatementRef(value: Obj, path: string): void {
  keys(value, path, ['objectType', 'id'], ['objectType', 'id']);
  if (value.objectType !== 'StatementRef') fail(`${path}/objectType`, 'must be StatementRef');
  uuid(value.id, `${path}/id`);
}

function validateObject(value: Json, path: string, inSubStatement: boolean): void {
  const target = object(value, path);
  switch (target.objectType) {
    case undefined:
    case 'Activity':
      validateActivity(target, path);
      return;
    case 'Agent':
    case 'Group':
      validateActor(target, path, true);
      return;
    case 'StatementRef':
      validateStatementRef(target, path);
      return;
    case 'SubStatement':
      if (inSubStatement) fail(path, 'a SubStatement must not contain a SubStatement');
      validateBody(target, path, true);
      return;
    default:
      fail(`${path}/objectType`, 'must be Activity, Agent, Group, StatementRef or SubStatement');
  }
}

function validateResult(value: Json, path: string): void {
  const result = object(value, path);
  keys(result, path, ['score', 'success', 'completion', 'response', 'duration', 'extensions']);
  if (result.score !== undefined) {
    const score = object(result.score, `${path}/score`);
    keys(score, `${path}/score`, ['scaled', 'raw', 'min', 'max']);
    for (const key of ['scaled', 'raw', 'min', 'max'])
      if (score[key] !== undefined && (typeof score[key] !== 'number' || !Number.isFinite(score[key])))
        fail(`${path}/score/${key}`, 'must be a number');
    const { scaled, raw, min, max } = score as Record<string, number | undefined>;
    if (scaled !== undefined && (scaled < -1 || scaled > 1))
      fail(`${path}/score/scaled`, 'must be between -1 and 1');
    if (min !== undefined && max !== undefined && min >= max)
      fail(`${path}/score/max`, 'must be greater than min');
    if (raw !== undefined && min !== undefined && raw < min)
      fail(`${path}/score/raw`, 'must not be less than min');
    if (raw !== undefined && max !== undefined && raw > max)
      fail(`${path}/score/raw`, 'must not be greater than max');
  }
  for (const key of ['success', 'completion'])
    if (result[key] !== undefined && typeof result[key] !== 'boolean')
      fail(`${path}/${key}`, 'must be true or false');
  if (result.response !== undefined) string(result.response, `${path}/response`);
  if (result.duration !== undefined && !DURATION.test(string(result.duration, `${path}/duration`)))
    fail(`${path}/duration`, 'must be an ISO 8601 duration');
  if (result.extensions !== undefined) extensions(result.extensions, `${path}/extensions`);
}

function validateContext(value: Json, path: string, objectIsActivity: boolean): void {
  const context = object(value, path);
  keys(context, path, [
    'registration',
    'instructor',
    'team',
    'contextActivities',
    'revision',
    'platform',
    'language',
    'statement',
    'extensions',
  ]);
  if (context.registration !== undefined) uuid(context.registration, `${path}/registration`);
  if (context.instructor !== undefined) validateActor(context.instructor, `${path}/instructor`);
  if (context.team !== undefined) {
    const team = object(context.team, `${path}/team`);
    if (team.objectType !== 'Group') fail(`${path}/team/objectType`, 'the team must be a Group');
    validateActor(team, `${path}/team`);
  }
  if (context.contextActivities !== undefined) {
    const activities = object(context.contextActivities, `${path}/contextActivities`);
    keys(activities, `${path}/contextActivities`, ['parent', 'grouping', 'category', 'other']);
    for (const [kind, list] of Object.entries(activities)) {
      const items = Array.isArray(list) ? list : [list];
      for (const [i, item] of items.entries())
        validateActivity(item, `${path}/contextActivities/${kind}${Array.isArray(list) ? `/${i}` : ''}`);
    }
  }
  for (const key of ['revision', 'platform'] as const) {
    if (context[key] === undefined) continue;
    string(context[key], `${path}/${key}`);
    if (!objectIsActivity) fail(`${path}/${key}`, 'may only be given when the object is an Activity');
  }
  if (context.language !== undefined && !isLanguageTag(string(context.language, `${path}/language`)))
    fail(`${path}/language`, 'must be an RFC 5646 language tag');
  if (context.statement !== undefined)
    validateStatementRef(object(context.statement, `${path}/statement`), `${path}/statement`);
  if (context.extensions !== undefined) extensions(context.extensions, `${path}/extensions`);
}

function validateAttachments(value: Json, path: string): void {
  if (!Array.isArray(value)) fail(path, 'must be an array of attachments');
  (value as Json[]).forEach((item, i) => {
    const at = `${path}/${i}`;
    const attachment = object(item, at);
    keys(
      attachment,
      at,
      ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'],
      ['usageType', 'display', 'contentType', 'length', 'sha2'],
    );
    iri(attachment.usageType, `${at}/usageType`);
    languageMap(attachment.display, `${at}/display`);
    if (attachment.description !== undefined) languageMap(attachment.description, `${at}/description`);
    if (!MEDIA_TYPE.test(string(attachment.contentType, `${at}/contentType`)))
      fail(`${at}/contentType`, 'must be an Internet media type');
    if (!Number.isInteger(attachment.length) || (attachment.length as number) < 0)
      fail(`${at}/length`, 'must be a whole number of octets');
    if (!SHA2.test(string(attachment.sha2, `${at}/sha2`)))
      fail(`${at}/sha2`, 'must be a SHA-2 hash in hexadecimal');
    if (attachment.fileUrl !== undefined) iri(attachment.fileUrl, `${at}/fileUrl`);
  });
}

/** The parts a Statement and a SubStatement share. */
function validateBody(statement: Obj, path: string, sub: boolean): void {
  const allowed = sub
    ? ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments']
    : [
        'id',
        'actor',
        'verb',
        'object',
        'result',
        'context',
        'timestamp',
        'stored',
        'authority',
        'version',
        'attachments',
      ];
  if (sub)
    for (const key of ['id', 'stored', 'version', 'authority'])
      if (statement[key] !== undefined) fail(`${path}/${key}`, 'a SubStatement must not have this property');
  keys(statement, path, allowed, ['actor', 'verb', 'object']);
  validateActor(statement.actor, `${path}/actor`);
  const verb = object(statement.verb, `${path}/verb`);
  keys(verb, `${path}/verb`, ['id', 'display'], ['id']);
  const verbId = iri(verb.id, `${path}/verb/id`);
  if (verb.display !== undefined) languageMap(verb.display, `${path}/verb/display`);
  validateObject(statement.object, `${path}/object`, sub);
  const target = statement.object as Obj;
  if (verbId === VOIDED && target.objectType !== 'StatementRef')
    fail(`${path}/object/objectType`, 'a voiding statement’s object must be a StatementRef');
  if (statement.result !== undefined) validateResult(statement.result, `${path}/result`);
  if (statement.context !== undefined)
    validateContext(
      statement.context,
      `${path}/context`,
      target.objectType === undefined || target.objectType === 'Activity',
    );
  if (statement.timestamp !== undefined) timestamp(statement.timestamp, `${path}/timestamp`);
  if (statement.attachments !== undefined) validateAttachments(statement.attachments, `${path}/attachments`);
}

/** Checks one Statement as received; throws a StatementError naming the first problem. */
export function validateStatement(value: Json, path = ''): void {
  const statement = object(value, path);
  validateBody(statement, path, false);
  if (statement.id !== undefined) uuid(statement.id, `${path}/id`);
  if (statement.stored !== undefined) timestamp(statement.stored, `${path}/stored`);
  if (statement.authority !== undefined) {
    validateActor(statement.authority, `${path}/authority`);
    // An Agent, or in 3-legged OAuth a Group of exactly two Agents (Data 2.4.9).
    const authority = statement.authority as Obj;
    if (
      authority.objectType === 'Group' &&
      (!Array.isArray(authority.member) || authority.member.length !== 2)
    )
      fail(`${path}/authority`, 'an authority must be an Agent, or a Group of exactly two Agents');
  }
  if (statement.version !== undefined && !/^1\.0(\.\d+)?$/.test(string(statement.version, `${path}/version`)))
    fail(`${path}/version`, 'must be 1.0.x');
}

/** Checks an `agent` query parameter: a JSON Agent or identified Group. */
export function parseAgentParameter(text: string, name: string): Obj {
  let value: Json;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StatementError(`/query/${name}`, 'must be a JSON Agent or Group');
  }
  validateActor(value, `/query/${name}`);
  return value as Obj;
}
