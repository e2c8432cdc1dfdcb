/**
 * Makes JSON-LD processing of Open Badges credentials several times cheaper, without changing what
 * it produces. jsonld.js copies the whole active context (every term definition, deeply) each time
 * it enters a node with a type-scoped context — an Open Badges credential has one at nearly every
 * level — and that copy was most of the CPU of canonicalizing a credential to sign or verify it.
 * A term definition is never changed once jsonld.js has built it (redefining a term makes a new
 * definition object and puts it in the map), so a copy of the map that shares the definitions is
 * as good as a deep one. Only the map is copied shallowly; every other clone stays deep.
 * `canonical-equivalence.test.ts` proves the N-Quads are the same with and without it.
 */
import jsonld from 'jsonld';

type Clone = (value: unknown) => unknown;
const util = jsonld.util;
const deepClone = util.clone;
const sharingClone: Clone = (value) => (value instanceof Map ? new Map(value) : deepClone(value));

/** Whether jsonld.js copies active contexts sharing their term definitions (on from import on). */
export function shareTermDefinitions(on: boolean): void {
  util.clone = on ? sharingClone : deepClone;
}

shareTermDefinitions(true);
