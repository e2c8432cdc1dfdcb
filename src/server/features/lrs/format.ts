import { createHash } from 'node:crypto';
import { actorKey, type XapiActor } from './identities.ts';
import { toInstant } from './validate.ts';

/**
 * Statements as the LRS keeps, compares and returns them: the keys the query filters by, statement
 * comparison (Data 2.3.1), the `ids` and `canonical` formats with language filtering (Communication
 * 2.1.3), and Activity definition merging (Data 2.4.4.1).
 */

export type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `kind|value`, or `kind#sha256(value)` for long values, as lrs_statement_keys stores them. */
export function filterKey(kind: 'a' | 'A' | 'v' | 'o' | 'O' | 'r', value: string): string {
  return value.length > 400
    ? `${kind}#${createHash('sha256').update(value).digest('hex')}`
    : `${kind}|${value}`;
}

/** The canonical IFI key of an agent as a filter names it (null when it has none). */
export const agentKey = (agent: unknown): string | null => actorKey(agent as XapiActor);

function agentKeys(agent: unknown, withMembers: boolean): string[] {
  if (!isObject(agent)) return [];
  const keys: string[] = [];
  const own = agentKey(agent);
  if (own) keys.push(own);
  if (withMembers && Array.isArray(agent.member))
    for (const member of agent.member) {
      const key = agentKey(member);
      if (key) keys.push(key);
    }
  return keys;
}

const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** The filter keys a statement carries of its own (those of a StatementRef's target are added when stored). */
export function statementKeys(statement: Obj): Set<string> {
  const keys = new Set<string>();
  const add = (kind: Parameters<typeof filterKey>[0], value: string | null | undefined) => {
    if (value) keys.add(filterKey(kind, value));
  };
  const object = isObject(statement.object) ? statement.object : {};
  const objectType = object.objectType ?? 'Activity';
  // `agent`: the actor or an Agent/Group object, Groups matched by their members too.
  for (const key of agentKeys(statement.actor, true)) add('a', key);
  if (objectType === 'Agent' || objectType === 'Group')
    for (const key of agentKeys(object, true)) add('a', key);
  // `related_agents`: any agent anywhere, SubStatement parts included.
  const related = (part: Obj) => {
    for (const key of agentKeys(part.actor, true)) add('A', key);
    const target = isObject(part.object) ? part.object : {};
    if (target.objectType === 'Agent' || target.objectType === 'Group')
      for (const key of agentKeys(target, true)) add('A', key);
    const context = isObject(part.context) ? part.context : {};
    for (const key of agentKeys(context.instructor, true)) add('A', key);
    for (const key of agentKeys(context.team, true)) add('A', key);
  };
  related(statement);
  for (const key of agentKeys(statement.authority, true)) add('A', key);
  add('v', (statement.verb as Obj | undefined)?.id as string);
  if (objectType === 'Activity') add('o', object.id as string);
  const activities = (part: Obj) => {
    const target = isObject(part.object) ? part.object : {};
    if ((target.objectType ?? 'Activity') === 'Activity') add('O', target.id as string);
    const context = isObject(part.context) ? part.context : {};
    const contextActivities = isObject(context.contextActivities) ? context.contextActivities : {};
    for (const list of Object.values(contextActivities))
      for (const activity of asArray(list)) if (isObject(activity)) add('O', activity.id as string);
  };
  activities(statement);
  if (objectType === 'SubStatement') {
    related(object);
    activities(object);
  }
  const context = isObject(statement.context) ? statement.context : {};
  add('r', typeof context.registration === 'string' ? context.registration.toLowerCase() : null);
  return keys;
}

/** Every Activity a statement names, with its definition when given: what the canonical store merges. */
export function statementActivities(statement: Obj): Array<{ id: string; definition?: Obj }> {
  const found: Array<{ id: string; definition?: Obj }> = [];
  const visit = (part: Obj) => {
    const target = isObject(part.object) ? part.object : {};
    if ((target.objectType ?? 'Activity') === 'Activity' && typeof target.id === 'string')
      found.push({ id: target.id, definition: isObject(target.definition) ? target.definition : undefined });
    const context = isObject(part.context) ? part.context : {};
    const contextActivities = isObject(context.contextActivities) ? context.contextActivities : {};
    for (const list of Object.values(contextActivities))
      for (const activity of asArray(list))
        if (isObject(activity) && typeof activity.id === 'string')
          found.push({
            id: activity.id,
            definition: isObject(activity.definition) ? activity.definition : undefined,
          });
    if (target.objectType === 'SubStatement') visit(target);
  };
  visit(statement);
  return found;
}

const LANGUAGE_MAPS = ['name', 'description'];
const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'];

/**
 * A definition merged with a newer one: language maps and extensions entry by entry, interaction
 * components by id, every other property replaced by the newer value.
 */
export function mergeDefinition(current: Obj, incoming: Obj): Obj {
  const merged: Obj = { ...current };
  for (const [key, value] of Object.entries(incoming)) {
    if ((LANGUAGE_MAPS.includes(key) || key === 'extensions') && isObject(current[key]) && isObject(value))
      merged[key] = { ...(current[key] as Obj), ...value };
    else if (COMPONENT_LISTS.includes(key) && Array.isArray(current[key]) && Array.isArray(value)) {
      const byId = new Map<string, Obj>();
      for (const component of current[key] as Obj[]) byId.set(String(component.id), component);
      for (const component of value as Obj[]) {
        const before = byId.get(String(component.id));
        byId.set(
          String(component.id),
          before && isObject(before.description) && isObject(component.description)
            ? { ...component, description: { ...before.description, ...component.description } }
            : component,
        );
      }
      merged[key] = [...byId.values()];
    } else merged[key] = value;
  }
  return merged;
}

/** Accept-Language ranges, best first. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [range, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { range: range.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.range && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((r) => r.range);
}

/** The one entry of a language map the reader's languages choose (RFC 2616 14.4 lookup, per map). */
export function pickLanguage(map: Obj, ranges: readonly string[]): Obj {
  const tags = Object.keys(map);
  if (tags.length <= 1) return map;
  for (const range of ranges) {
    if (range === '*') return { [tags[0]]: map[tags[0]] };
    const exact = tags.find((tag) => tag.toLowerCase() === range);
    if (exact) return { [exact]: map[exact] };
    const prefixed = tags.find((tag) => tag.toLowerCase().startsWith(`${range}-`));
    if (prefixed) return { [prefixed]: map[prefixed] };
  }
  const fallback =
    tags.find((tag) => tag.toLowerCase() === 'en-us') ?? tags.find((t) => /^en\b/i.test(t)) ?? tags[0];
  return { [fallback]: map[fallback] };
}

function filterDefinition(definition: Obj, ranges: readonly string[]): Obj {
  const out: Obj = { ...definition };
  for (const key of LANGUAGE_MAPS) if (isObject(out[key])) out[key] = pickLanguage(out[key] as Obj, ranges);
  for (const key of COMPONENT_LISTS)
    if (Array.isArray(out[key]))
      out[key] = (out[key] as Obj[]).map((component) =>
        isObject(component.description)
          ? { ...component, description: pickLanguage(component.description, ranges) }
          : component,
      );
  return out;
}

/** An Agent or Group with its identifier only (anonymous Groups: their members' identifiers). */
function idsAgent(agent: unknown): unknown {
  if (!isObject(agent)) return agent;
  const out: Obj = {};
  if (agent.objectType) out.objectType = agent.objectType;
  for (const key of ['mbox', 'mbox_sha1sum', 'openid', 'account'])
    if (agent[key] !== undefined) out[key] = agent[key];
  if (Array.isArray(agent.member) && agentKey(agent) === null) out.member = agent.member.map(idsAgent);
  return out;
}

function idsActivity(activity: unknown): unknown {
  if (!isObject(activity)) return activity;
  return { ...(activity.objectType ? { objectType: activity.objectType } : {}), id: activity.id };
}

type Part = 'ids' | 'canonical';
function transform(
  part: Obj,
  format: Part,
  canonical: (id: string) => Obj | undefined,
  ranges: readonly string[],
): Obj {
  const out: Obj = { ...part };
  const activity = (value: unknown) => {
    if (!isObject(value)) return value;
    if (format === 'ids') return idsActivity(value);
    const definition =
      canonical(String(value.id)) ?? (isObject(value.definition) ? value.definition : undefined);
    return definition && Object.keys(definition).length > 0
      ? { ...value, definition: filterDefinition(definition, ranges) }
      : value;
  };
  if (format === 'ids') {
    out.actor = idsAgent(part.actor);
    if (part.authority) out.authority = idsAgent(part.authority);
    if (isObject(part.verb)) out.verb = { id: part.verb.id };
  } else if (isObject(part.verb) && isObject(part.verb.display))
    out.verb = { ...part.verb, display: pickLanguage(part.verb.display, ranges) };
  const target = isObject(part.object) ? part.object : {};
  const type = target.objectType ?? 'Activity';
  if (type === 'Activity') out.object = activity(target);
  else if (type === 'SubStatement') out.object = transform(target, format, canonical, ranges);
  else if (format === 'ids' && (type === 'Agent' || type === 'Group')) out.object = idsAgent(target);
  if (isObject(part.context)) {
    const context: Obj = { ...part.context };
    if (format === 'ids') {
      if (context.instructor) context.instructor = idsAgent(context.instructor);
      if (context.team) context.team = idsAgent(context.team);
    }
    if (isObject(context.contextActivities)) {
      const lists: Obj = {};
      for (const [kind, list] of Object.entries(context.contextActivities))
        lists[kind] = asArray(list).map(activity);
      context.contextActivities = lists;
    }
    out.context = context;
  }
  return out;
}

/** A stored statement in the format asked for (`exact` returns it as stored). */
export function formatStatement(
  statement: Obj,
  format: 'exact' | 'ids' | 'canonical',
  canonical: (id: string) => Obj | undefined,
  ranges: readonly string[],
): Obj {
  return format === 'exact' ? statement : transform(statement, format, canonical, ranges);
}

/** Context activities as arrays, as the LRS must return them (Data 2.4.6.2). */
export function normalizeContextActivities(part: Obj): void {
  const context = isObject(part.context) ? part.context : null;
  if (context && isObject(context.contextActivities))
    for (const [kind, list] of Object.entries(context.contextActivities))
      context.contextActivities[kind] = asArray(list);
  if (isObject(part.object) && part.object.objectType === 'SubStatement')
    normalizeContextActivities(part.object);
}

/** Durations compared to 0.01 s (Data 4.6): the seconds' extra precision is dropped. */
const comparableDuration = (duration: string) =>
  duration.replace(/(\d+)[.,](\d+)S$/, (_m, whole: string, fraction: string) => {
    const kept = fraction.slice(0, 2).replace(/0+$/, '');
    return kept ? `${whole}.${kept}S` : `${whole}S`;
  });

/**
 * A statement reduced to what statement comparison looks at (Data 2.3.1): no id, authority, stored
 * or version; timestamps as instants; durations to 0.01 s; context activities as arrays; Group
 * members in one order; mbox domains in lower case; object keys sorted.
 */
export function comparable(statement: Obj): string {
  const copy = structuredClone(statement);
  for (const key of ['id', 'authority', 'stored', 'version']) delete copy[key];
  normalizeContextActivities(copy);
  const walk = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((item) => walk(item, ''));
      return key === 'member'
        ? items
            .map((i) => JSON.stringify(i))
            .sort()
            .map((i) => JSON.parse(i))
        : items;
    }
    if (isObject(value)) {
      const out: Obj = {};
      for (const name of Object.keys(value).sort()) out[name] = walk(value[name], name);
      return out;
    }
    if (typeof value === 'string') {
      if (key === 'timestamp') {
        const instant = Date.parse(toInstant(value));
        return Number.isNaN(instant) ? value : new Date(instant).toISOString();
      }
      if (key === 'duration') return comparableDuration(value);
      if (key === 'mbox') return value.replace(/@(.*)$/, (_m, domain: string) => `@${domain.toLowerCase()}`);
    }
    return value;
  };
  return JSON.stringify(walk(copy, ''));
}
