/**
 * 1EdTech's JSON Schema for the Open Badges 3.0 AchievementCredential, as the verifier applies it.
 * The schema is the published file (fixtures/ob_v3p0_achievementcredential_schema.json, provenance in
 * fixtures/README.md), read unchanged, with three adjustments made here where they can be read:
 *
 * - Its revision still requires the VC 1.1 `issuanceDate`; Open Badges 3.0.3 uses VC 2.0, where the
 *   same fact is `validFrom`. Either is accepted where it required `issuanceDate`, and `validFrom` /
 *   `validUntil` are checked as date-times like `issuanceDate` / `expirationDate`.
 * - The rules the schema states only in words ("One of the items MUST be the IRI 'Profile'") are
 *   enforced: each `type` whose description says so must include that value. 1EdTech's own validator
 *   checks these separately; a schema validator alone would let `"type": "InvalidProfile"` pass.
 * - Endorsements embedded in a credential are credentials of their own (with their own schema and
 *   proof) and are not judged by this one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

type SchemaNode = Record<string, unknown>;
const isNode = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

const SCHEMA_FILE = path.join(import.meta.dirname, 'fixtures/ob_v3p0_achievementcredential_schema.json');

/** The values a `type` must include, from its description's words: one group per "MUST be" clause. */
export function requiredTypeValues(description: string): string[][] {
  if (!/MUST be the (?:URI|IRI) '/.test(description)) return [];
  return description
    .split(/,\s*and\s+/)
    .map((clause) => [...clause.matchAll(/MUST be the (?:URI|IRI) '([^']+)'|or the (?:URI|IRI) '([^']+)'/g)])
    .map((matches) => matches.map((m) => m[1] ?? m[2]))
    .filter((group) => group.length > 0);
}

function descriptionsOf(node: SchemaNode): string[] {
  const own = typeof node.description === 'string' ? [node.description] : [];
  const branches = Array.isArray(node.oneOf) ? node.oneOf.filter(isNode).flatMap(descriptionsOf) : [];
  const items = isNode(node.items) ? descriptionsOf(node.items) : [];
  return [...own, ...branches, ...items];
}

/** The published schema with the adjustments the module comment lists. */
export function adjustedAchievementCredentialSchema(): SchemaNode {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as SchemaNode;
  const definitions = schema.$defs as Record<string, SchemaNode>;
  definitions.EndorsementCredential = {
    type: 'object',
    description: 'An embedded endorsement: a credential of its own, not judged by this schema.',
  };
  delete definitions.EndorsementSubject;
  for (const node of [schema, ...Object.values(definitions)]) {
    const properties = node.properties as Record<string, SchemaNode> | undefined;
    if (!properties) continue;
    if (Array.isArray(node.required) && node.required.includes('issuanceDate')) {
      node.required = node.required.filter((field) => field !== 'issuanceDate');
      node.anyOf = [{ required: ['issuanceDate'] }, { required: ['validFrom'] }];
      properties.validFrom ??= { ...properties.issuanceDate };
      if (properties.expirationDate) properties.validUntil ??= { ...properties.expirationDate };
    }
    const type = properties.type;
    if (!isNode(type)) continue;
    const groups = [...new Set(descriptionsOf(type))].flatMap(requiredTypeValues);
    if (groups.length) properties.type = { ...type, typeIncludes: groups };
  }
  return schema;
}

export interface SchemaProblem {
  path: string;
  message: string;
}

/** Validates an AchievementCredential (VC 1.1 or 2.0); the problems found, none when it conforms. */
export type AchievementCredentialValidator = (credential: unknown) => SchemaProblem[];

export function createAchievementCredentialValidator(): AchievementCredentialValidator {
  const ajv = new Ajv2019.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addKeyword({
    keyword: 'typeIncludes',
    errors: true,
    validate: function typeIncludes(groups: string[][], data: unknown) {
      const values = typeof data === 'string' ? [data] : Array.isArray(data) ? data : [];
      const missing = groups.find((group) => !group.some((value) => values.includes(value)));
      if (!missing) return true;
      (typeIncludes as unknown as { errors: unknown[] }).errors = [
        {
          keyword: 'typeIncludes',
          message: `must include ${missing.map((v) => `"${v}"`).join(' or ')}`,
          params: { missing },
        },
      ];
      return false;
    },
  });
  const validate = ajv.compile(adjustedAchievementCredentialSchema());
  return (credential) => {
    if (validate(credential)) return [];
    const problems = (validate.errors ?? [])
      // anyOf/oneOf summaries repeat what their branches said.
      .filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if')
      .map((e) => ({
        path: e.instancePath || '/',
        message:
          e.keyword === 'required' && !e.instancePath && e.params.missingProperty === 'issuanceDate'
            ? 'must have required property validFrom (or issuanceDate)'
            : (e.message ?? 'is not valid'),
      }));
    const seen = new Set<string>();
    return problems.filter((p) => {
      const key = `${p.path} ${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
}
