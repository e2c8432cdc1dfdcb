import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { issue as issueCredential } from '@digitalbazaar/vc';
import { type BitstringStatusList, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { LRUCache } from 'lru-cache';
import { uuidv7 } from 'uuidv7';
import type { Database, Tx } from '#server/db/client.ts';
import type { Config } from '#server/platform/config.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { createDocumentLoader } from './contexts.ts';
import { buildDidDocument, deploymentDid, issuerDid, type ListedKey, parseOwnDid } from './did.ts';
import type { CredentialService, IssueInput, Issued } from './issuer.ts';
import { IssuerKeys } from './keys.ts';
// Canonicalizing a credential shares term definitions between copies of its contexts.
import './jsonld-term-sharing.ts';
import { awardUrl, buildOpenBadgeCredential, type EvidenceFacts, publicEvidence } from './open-badge.ts';
import {
  achievementFacts,
  completersOfStack,
  findIssuable,
  type IssuableRow,
  insertAwards,
  type RecipientRow,
  recipientsWithout,
  stacksContaining,
  submissionEvidence,
} from './queries.ts';
import {
  allocateStatusEntries,
  findStatusList,
  revokedIndexes,
  saveStatusListCredential,
  statusListUrl,
  unsignedStatusListCredential,
} from './status-lists.ts';
import { createRemoteResolver } from './remote-documents.ts';
import { createSafeFetcher, type DocumentFetcher, FetchError } from './safe-fetch.ts';
import { verifyCredentialDocument } from './verify.ts';

const DAY_MS = 86_400_000;
/** Decoded status lists kept for verification, by list and version. */
const DECODED_LISTS_KEPT = 64;

/** What a credential's address is asked for: its JSON, not its web page. */
const CREDENTIAL_ACCEPT =
  'application/vc+ld+json, application/vc, application/ld+json;q=0.9, application/json;q=0.8';

/** Now, to the second: the moment written into a credential and its award row alike. */
const wholeSecond = (d = new Date()) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/** The deployment's credential issuer: signing keys (decrypted on first use), contexts, status lists. */
export function createCredentialIssuer(deps: {
  db: Database['db'];
  config: Config;
  /** Fetches from other sites for verification; the SSRF-safe fetcher when VERIFY_ONLINE is on. */
  fetchDocument?: DocumentFetcher;
}): CredentialService {
  const { db, config } = deps;
  const fetchDocument = deps.fetchDocument ?? (config.VERIFY_ONLINE ? createSafeFetcher() : null);
  const resolveRemote = fetchDocument ? createRemoteResolver(fetchDocument) : null;
  // Lists elsewhere, kept a minute as Trellis's own are cached by verifiers, so revocations show soon.
  const remoteLists = new LRUCache<string, Promise<unknown>>({ max: 200, ttl: 60_000 });
  const fetchStatusList = fetchDocument
    ? (url: string) => {
        let pending = remoteLists.get(url);
        if (!pending) {
          pending = fetchDocument(url, CREDENTIAL_ACCEPT).then(
            (fetched) => JSON.parse(fetched.body) as unknown,
          );
          remoteLists.set(url, pending);
          pending.catch(() => remoteLists.delete(url));
        }
        return pending;
      }
    : null;
  const publicUrl = config.PUBLIC_URL;
  const warn = (message: string) => {
    if (config.NODE_ENV !== 'test') process.emitWarning(message, 'TrellisCredentialKeys');
  };
  const keys = new IssuerKeys({ db, config, warn });

  async function listedKeys(orgId: string | null, methodId?: string): Promise<ListedKey[]> {
    const did = issuerDid(publicUrl, orgId);
    const listed = await keys.listKeys(orgId);
    if (!methodId || listed.some((k) => `${did}#${k.fragment}` === methodId)) return listed;
    return keys.listKeys(orgId, true);
  }

  const documentLoader = createDocumentLoader(async (did, methodId) => {
    const own = parseOwnDid(publicUrl, did);
    if (!own) return null;
    const orgId = own.kind === 'organization' ? own.orgId : null;
    return buildDidDocument(did, await listedKeys(orgId, methodId));
  });

  async function sign(orgId: string | null, credential: Record<string, unknown>) {
    const key = await keys.signingKey(orgId);
    const suite = new DataIntegrityProof({ signer: key.signer, cryptosuite });
    return issueCredential({ credential, suite, documentLoader });
  }

  async function resignStatusList(tx: Tx, listId: string) {
    const list = await findStatusList(tx, listId, true);
    if (!list) throw new NotFoundError('No such status list.');
    const unsigned = await unsignedStatusListCredential({
      publicUrl,
      listId,
      issuerDid: issuerDid(publicUrl, list.org_id),
      length: list.length,
      revokedIndexes: await revokedIndexes(tx, listId),
      validFrom: wholeSecond().toISOString().replace('.000Z', 'Z'),
    });
    const signed = await sign(list.org_id, unsigned);
    await saveStatusListCredential(tx, listId, signed);
    return signed;
  }

  async function statusListCredential(tx: Tx, listId: string) {
    const list = await findStatusList(tx, listId);
    if (!list) return null;
    return list.credential ?? resignStatusList(tx, listId);
  }

  const decodedLists = new Map<string, Promise<BitstringStatusList>>();
  /** A bit of one of our lists as now published; decoded lists are cached by list and version. */
  async function readOwnStatus(listId: string, index: number) {
    const list = await findStatusList(db, listId);
    if (!list || index >= list.length) return null;
    const credential = list.credential ?? (await db.transaction((tx) => resignStatusList(tx, listId)));
    const encodedList = (credential.credentialSubject as { encodedList?: string } | undefined)?.encodedList;
    if (!encodedList) return null;
    const version = `${listId}:${String(list.updated_at)}`;
    let bits = decodedLists.get(version);
    if (!bits) {
      if (decodedLists.size >= DECODED_LISTS_KEPT)
        decodedLists.delete(decodedLists.keys().next().value as string);
      bits = decodeList({ encodedList });
      decodedLists.set(version, bits);
      bits.catch(() => decodedLists.delete(version));
    }
    return { set: (await bits).getStatus(index), issuerDid: issuerDid(publicUrl, list.org_id) };
  }

  /**
   * Records the earning in the activity stream, as the earner's, and tells them, naming who issued
   * it (the assessor whose review decided it, or no one for a cohort award).
   */
  async function recordEarned(
    tx: Tx,
    row: IssuableRow,
    recipient: RecipientRow,
    awardId: string,
    issuedBy: string | null,
  ) {
    const award = awardUrl(publicUrl, awardId);
    await recordActivity(tx, {
      actor: {
        userId: recipient.id,
        name: recipient.name,
        districtId: recipient.district_id,
        schoolId: recipient.school_id,
      },
      verb: 'earned',
      object: { type: 'micro_credential', id: row.credential_id, name: row.title },
      context: { extensions: { 'https://trellis.dev/xapi/extensions/award': award } },
      result: {
        success: true,
        completion: true,
        extensions: { 'https://trellis.dev/xapi/extensions/award': award },
      },
      notify: [
        {
          kind: 'credential_earned',
          to: [recipient.id],
          from: issuedBy,
          data: { credentialTitle: row.title, awardId },
        },
      ],
    });
  }

  async function issue(tx: Tx, input: IssueInput): Promise<Issued[]> {
    const row = await findIssuable(tx, input.credentialId, input.version);
    if (!row) throw new NotFoundError('No such micro-credential version.');
    const recipients = await recipientsWithout(tx, row.credential_id, [...new Set(input.recipientIds)]);
    if (!recipients.length) return [];
    const achievement = await achievementFacts(tx, row, publicUrl);
    const evidence: EvidenceFacts[] = input.submissionId
      ? publicEvidence(publicUrl, await submissionEvidence(tx, input.submissionId), row.evidence_prompts)
      : [];
    const entries = await allocateStatusEntries(tx, row.issuer_org_id, recipients.length);
    const issuedAt = wholeSecond();
    const expiresAt = row.valid_for_days ? new Date(issuedAt.getTime() + row.valid_for_days * DAY_MS) : null;
    const awards = recipients.map((recipient, i) => ({ recipient, entry: entries[i], awardId: uuidv7() }));
    const documents = await Promise.all(
      awards.map(({ recipient, entry, awardId }) =>
        sign(
          row.issuer_org_id,
          buildOpenBadgeCredential(publicUrl, {
            awardId,
            achievement,
            recipient: { email: recipient.email, name: recipient.name },
            validFrom: issuedAt,
            validUntil: expiresAt,
            evidence,
            status: { listUrl: statusListUrl(publicUrl, entry.listId), index: entry.index },
          }),
        ),
      ),
    );
    // Every award in one statement; someone a concurrent award reached first is skipped.
    const inserted = await insertAwards(
      tx,
      awards.map(({ recipient, entry, awardId }, i) => ({
        id: awardId,
        credentialId: row.credential_id,
        version: row.version,
        recipientId: recipient.id,
        submissionId: input.submissionId,
        issuerOrgId: row.issuer_org_id,
        issuedBy: input.issuedBy,
        statusListId: entry.listId,
        statusIndex: entry.index,
        document: documents[i],
        issuedAt,
        expiresAt,
      })),
    );
    const issued: Issued[] = [];
    for (const { recipient, awardId } of awards) {
      if (!inserted.has(awardId)) continue;
      await recordEarned(tx, row, recipient, awardId, input.issuedBy);
      issued.push({ awardId, recipientId: recipient.id, credentialId: row.credential_id });
    }
    return [...issued, ...(await issueCompletedStacks(tx, row.credential_id, issued, input.issuedBy))];
  }

  /** Awards each stack that the new holders have now completed. */
  async function issueCompletedStacks(
    tx: Tx,
    credentialId: string,
    issued: Issued[],
    issuedBy: string | null,
  ): Promise<Issued[]> {
    if (!issued.length) return [];
    const more: Issued[] = [];
    for (const stack of await stacksContaining(tx, credentialId)) {
      const completers = await completersOfStack(
        tx,
        stack.id,
        issued.map((i) => i.recipientId),
      );
      if (!completers.length) continue;
      more.push(
        ...(await issue(tx, {
          credentialId: stack.id,
          version: stack.current_version,
          recipientIds: completers,
          submissionId: null,
          issuedBy,
        })),
      );
    }
    return more;
  }

  return {
    keys,
    documentLoader,
    issue,
    sign,
    resignStatusList,
    statusListCredential,
    async didDocument(orgId) {
      if (orgId === null) {
        // The deployment's DID has a key from the start, so its document is never empty.
        await keys.signingKey(null);
        return buildDidDocument(deploymentDid(publicUrl), await keys.listKeys(null), {
          service: [
            { id: `${deploymentDid(publicUrl)}#trellis`, type: 'LinkedDomains', serviceEndpoint: publicUrl },
          ],
        });
      }
      return buildDidDocument(issuerDid(publicUrl, orgId), await keys.listKeys(orgId));
    },
    verify: (credential, options) =>
      verifyCredentialDocument(
        { publicUrl, documentLoader, resolveRemote, fetchStatusList, readOwnStatus },
        credential,
        options,
      ),
    async fetchCredential(url) {
      if (!fetchDocument)
        throw new FetchError(
          'Trellis verifies offline here: paste the credential or choose its file instead.',
        );
      const fetched = await fetchDocument(url, CREDENTIAL_ACCEPT);
      const body = fetched.body.trim();
      try {
        return JSON.parse(body) as unknown;
      } catch {
        throw new FetchError(
          /^[\w-]+\.[\w-]+\.[\w-]*$/.test(body)
            ? 'The address gives a JWT credential (VC-JWT); Trellis verifies credentials with an embedded proof (JSON-LD).'
            : 'The address does not give a credential as JSON (it may be a web page about it).',
        );
      }
    },
  };
}
