/**
 * A framework as CASE 1.0 JSON: one competency as a CFItem (an Open Badges alignment target) and the
 * whole framework as a CFPackage that Trellis, or any CASE consumer, can import. Identifiers and change
 * times are kept from the CASE source when the framework was imported, so exporting and importing again
 * round-trips. Frameworks written in Trellis have UUIDv7 ids, which CASE's identifier pattern (UUID
 * versions 1–5) refuses, so their identifiers are version 5 UUIDs derived from those ids.
 */
import { createHash } from 'node:crypto';
import { competencyAlignmentUrl, publicFrameworkCaseUrl } from './alignment.ts';

export interface ExportedFramework {
  id: string;
  title: string;
  description: string;
  creator: string;
  version: string;
  caseIdentifier: string | null;
  caseUri: string | null;
  ownerName: string;
  /** The CASE source's lastChangeDateTime when imported, else Trellis's last update. */
  lastChangeAt: Date;
}

export interface ExportedCompetency {
  id: string;
  parentId: string | null;
  code: string;
  statement: string;
  description: string;
  itemType: string;
  caseIdentifier: string | null;
  caseUri: string | null;
  position: number;
  /** The CASE source's lastChangeDateTime when imported and unchanged since, else Trellis's last update. */
  lastChangeAt: Date;
}

/** A stable UUID (version 5 layout) named by `name`, so an exported association keeps its identifier. */
export function derivedUuid(name: string): string {
  const hex = createHash('sha1').update(`trellis:case:${name}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The CASE identifier of a framework: its source's, or a version 5 UUID derived from its Trellis id. */
export const documentIdentifier = (f: Pick<ExportedFramework, 'id' | 'caseIdentifier'>) =>
  f.caseIdentifier ?? derivedUuid(`document:${f.id}`);
/** The CASE identifier of a competency: its source's, or a version 5 UUID derived from its Trellis id. */
export const itemIdentifier = (c: Pick<ExportedCompetency, 'id' | 'caseIdentifier'>) =>
  c.caseIdentifier ?? derivedUuid(`item:${c.id}`);
const documentUri = (publicUrl: string, f: ExportedFramework) =>
  f.caseUri || publicFrameworkCaseUrl(publicUrl, f.id);

/** The CASE LinkURI of the framework's CFDocument. */
function documentLink(publicUrl: string, f: ExportedFramework) {
  return { title: f.title, identifier: documentIdentifier(f), uri: documentUri(publicUrl, f) };
}

/** One competency as a CASE 1.0 CFItem. */
export function caseItem(publicUrl: string, framework: ExportedFramework, c: ExportedCompetency) {
  return {
    identifier: itemIdentifier(c),
    uri: competencyAlignmentUrl(publicUrl, c),
    fullStatement: c.statement,
    ...(c.code ? { humanCodingScheme: c.code } : {}),
    ...(c.description ? { notes: c.description } : {}),
    ...(c.itemType ? { CFItemType: c.itemType } : {}),
    language: 'en',
    lastChangeDateTime: c.lastChangeAt.toISOString(),
    CFDocumentURI: documentLink(publicUrl, framework),
  };
}

/**
 * The framework as a CASE 1.0 CFPackage: its CFDocument, every competency as a CFItem, and one
 * isChildOf association per competency (to its parent, or to the document at the top level) carrying
 * its place among its siblings as sequenceNumber.
 */
export function casePackage(publicUrl: string, framework: ExportedFramework, list: ExportedCompetency[]) {
  const byId = new Map(list.map((c) => [c.id, c]));
  const doc = documentLink(publicUrl, framework);
  const itemLink = (c: ExportedCompetency) => ({
    title: c.code || c.statement.slice(0, 60),
    identifier: itemIdentifier(c),
    uri: competencyAlignmentUrl(publicUrl, c),
  });
  return {
    CFDocument: {
      identifier: doc.identifier,
      uri: doc.uri,
      creator: framework.creator || framework.ownerName,
      title: framework.title,
      ...(framework.description ? { description: framework.description } : {}),
      ...(framework.version ? { version: framework.version } : {}),
      publisher: framework.ownerName,
      language: 'en',
      adoptionStatus: 'Adopted',
      lastChangeDateTime: framework.lastChangeAt.toISOString(),
      CFPackageURI: { title: framework.title, identifier: doc.identifier, uri: doc.uri },
    },
    CFItems: list.map((c) => caseItem(publicUrl, framework, c)),
    CFAssociations: list.map((c) => {
      const parent = c.parentId ? byId.get(c.parentId) : undefined;
      const identifier = derivedUuid(`${doc.identifier}:${itemIdentifier(c)}:isChildOf`);
      return {
        identifier,
        uri: `${documentUri(publicUrl, framework)}#${identifier}`,
        associationType: 'isChildOf',
        sequenceNumber: c.position + 1,
        originNodeURI: itemLink(c),
        destinationNodeURI: parent ? itemLink(parent) : doc,
        lastChangeDateTime: c.lastChangeAt.toISOString(),
        CFDocumentURI: doc,
      };
    }),
  };
}
