/**
 * The Open Badges 3.0 documents Trellis issues, built from its rows: the Achievement a
 * micro-credential version describes, and the OpenBadgeCredential an award signs. Pure functions.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { EvidenceAnswer, EvidencePrompt } from '#server/db/schema.ts';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.ts';

/** The public address of a micro-credential version's OB 3.0 Achievement. */
export const achievementUrl = (publicUrl: string, credentialId: string, version: number) =>
  `${publicUrl}/api/public/micro-credentials/${credentialId}/versions/${version}`;

/** The public address of a version's badge image. */
export const achievementImageUrl = (publicUrl: string, credentialId: string, version: number) =>
  `${achievementUrl(publicUrl, credentialId, version)}/image`;

/** An award's public address: its page, and its JSON by content negotiation. */
export const awardUrl = (publicUrl: string, awardId: string) => `${publicUrl}/credentials/${awardId}`;

/** A competency a credential is aligned to, with its framework. */
export interface AlignedCompetency {
  id: string;
  code: string;
  statement: string;
  description: string;
  caseUri: string | null;
  frameworkTitle: string;
}

/** What an Achievement is made of: a micro-credential (or stack) version and its competencies. */
export interface AchievementFacts {
  credentialId: string;
  kind: 'micro' | 'stack';
  version: number;
  title: string;
  description: string;
  criteria: string;
  hasImage: boolean;
  competencies: AlignedCompetency[];
  issuer: IssuerProfile;
}

export interface IssuerProfile {
  did: string;
  name: string;
}

/** OB 3.0 AchievementType: a stack of micro-credentials is a certificate. */
const achievementType = (kind: 'micro' | 'stack') => (kind === 'stack' ? 'Certificate' : 'MicroCredential');

const profile = (issuer: IssuerProfile) => ({ id: issuer.did, type: ['Profile'], name: issuer.name });

/** The OB 3.0 Achievement of a micro-credential version. */
export function buildAchievement(publicUrl: string, a: AchievementFacts): Record<string, unknown> {
  return {
    id: achievementUrl(publicUrl, a.credentialId, a.version),
    type: ['Achievement'],
    achievementType: achievementType(a.kind),
    name: a.title,
    description: a.description || a.title,
    criteria: { narrative: a.criteria || a.description || a.title },
    ...(a.hasImage
      ? { image: { id: achievementImageUrl(publicUrl, a.credentialId, a.version), type: 'Image' } }
      : {}),
    creator: profile(a.issuer),
    ...(a.competencies.length
      ? {
          alignment: a.competencies.map((c) => ({
            type: ['Alignment'],
            targetName: c.code ? `${c.code} ${c.statement}` : c.statement,
            ...(c.description ? { targetDescription: c.description } : {}),
            targetUrl: c.caseUri ?? `${publicUrl}/api/public/competencies/${c.id}`,
            ...(c.code ? { targetCode: c.code } : {}),
            targetType: 'CFItem',
            targetFramework: c.frameworkTitle,
          })),
        }
      : {}),
  };
}

/**
 * A salted SHA-256 IdentityObject for an email address: who the credential is about, checkable by
 * anyone who knows the address, unreadable to anyone who does not.
 */
export function hashedEmailIdentity(email: string, salt = randomBytes(16).toString('hex')) {
  const digest = createHash('sha256').update(`${email.trim().toLowerCase()}${salt}`, 'utf8').digest('hex');
  return {
    type: 'IdentityObject',
    hashed: true,
    identityHash: `sha256$${digest}`,
    identityType: 'emailAddress',
    salt,
  };
}

/** A public piece of evidence, as an OB 3.0 Evidence entry. */
export interface EvidenceFacts {
  name: string;
  narrative?: string;
  url?: string;
}

/**
 * The evidence an award may show: only answers not marked private, and of those only what can be
 * shown without Trellis (text, links, resources shared in Trellis). Files and private answers never
 * leave Trellis.
 */
export function publicEvidence(
  publicUrl: string,
  answers: EvidenceAnswer[],
  prompts: EvidencePrompt[],
): EvidenceFacts[] {
  const promptText = new Map(prompts.map((p) => [p.id, p.prompt]));
  const kindOf = new Map(prompts.map((p) => [p.id, p.kind]));
  const shown: EvidenceFacts[] = [];
  for (const answer of answers) {
    // Anything not plainly marked public stays private (a classroom video is private by default).
    if (answer.private !== false) continue;
    if (kindOf.get(answer.promptId) === 'file' || answer.fileId) continue;
    const name = promptText.get(answer.promptId) ?? 'Evidence';
    const url = answer.resourceId
      ? `${publicUrl}/resources/${answer.resourceId}`
      : answer.url && /^https?:\/\//i.test(answer.url)
        ? answer.url
        : undefined;
    const narrative = answer.text?.trim() || undefined;
    if (!url && !narrative) continue;
    shown.push({ name, ...(narrative ? { narrative } : {}), ...(url ? { url } : {}) });
  }
  return shown;
}

/** Everything an OpenBadgeCredential states about one award. */
export interface AwardFacts {
  awardId: string;
  achievement: AchievementFacts;
  recipient: { email: string; name: string };
  validFrom: Date;
  validUntil: Date | null;
  evidence: EvidenceFacts[];
  status: { listUrl: string; index: number };
  /** Fixed for tests; random otherwise. */
  salt?: string;
}

/** An ISO 8601 date-time in UTC without fractions: `2026-03-01T09:30:00Z`. */
export const xsdDateTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The unsigned OpenBadgeCredential of an award: VC 2.0 context first, then OB 3.0.3; the earner as
 * a hashed email and display name; public evidence only; a revocation entry in the issuer's
 * Bitstring Status List.
 */
export function buildOpenBadgeCredential(publicUrl: string, f: AwardFacts): Record<string, unknown> {
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: awardUrl(publicUrl, f.awardId),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: f.achievement.title,
    description: f.achievement.description || f.achievement.title,
    issuer: profile(f.achievement.issuer),
    validFrom: xsdDateTime(f.validFrom),
    ...(f.validUntil ? { validUntil: xsdDateTime(f.validUntil) } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [hashedEmailIdentity(f.recipient.email, f.salt)],
      ...(f.recipient.name ? { name: f.recipient.name } : {}),
      achievement: buildAchievement(publicUrl, f.achievement),
    },
    ...(f.evidence.length
      ? {
          evidence: f.evidence.map((e) => ({
            ...(e.url ? { id: e.url } : {}),
            type: ['Evidence'],
            name: e.name,
            ...(e.narrative ? { narrative: e.narrative } : {}),
          })),
        }
      : {}),
    credentialStatus: {
      id: `${f.status.listUrl}#${f.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(f.status.index),
      statusListCredential: f.status.listUrl,
    },
  };
}
