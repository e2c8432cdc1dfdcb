/**
 * Issuers' Ed25519 signing keys: generated on first use, stored encrypted in issuer_keys, decrypted
 * once and kept in memory. Rotation retires the active key (it stays in the DID document) and makes
 * a new one.
 */
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '#server/db/client.ts';
import type { Config } from '#server/platform/config.ts';
import { issuerDid, type ListedKey } from './did.ts';
import { decryptSecret, deriveEncryptionKey, encryptSecret, loadKeySecret } from './key-secret.ts';

/** A key ready to sign with: its verification method (DID URL) and signer. */
export interface SigningKey {
  verificationMethod: string;
  signer: ReturnType<Ed25519Multikey.Ed25519KeyPair['signer']>;
}

type KeyRow = {
  id: string;
  fragment: string;
  public_key_multibase: string;
  secret_key_encrypted: string;
  retired_at: Date | string | null;
};

/** Cached signing keys are re-read after this long, so a rotation elsewhere is picked up. */
const ACTIVE_KEY_TTL_MS = 5 * 60_000;
/** Listed keys (DID documents) are re-read after this long, or at once when a key is not found. */
const LISTED_KEYS_TTL_MS = 60_000;

const cacheKey = (orgId: string | null) => orgId ?? 'deployment';
const ownerSql = (orgId: string | null) => (orgId ? sql`org_id = ${orgId}` : sql`org_id is null`);

/** Serialises key creation and rotation per issuer, across processes, for the transaction. */
const lockIssuer = (tx: Tx, orgId: string | null) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`issuer-key:${cacheKey(orgId)}`}, 0))`);

async function activeRow(tx: Tx, orgId: string | null): Promise<KeyRow | null> {
  const { rows } = await tx.execute<KeyRow>(sql`
    select id, fragment, public_key_multibase, secret_key_encrypted, retired_at
      from issuer_keys where ${ownerSql(orgId)} and retired_at is null`);
  return rows[0] ?? null;
}

export class IssuerKeys {
  private readonly active = new Map<string, { at: number; key: Promise<SigningKey> }>();
  private readonly listed = new Map<string, { at: number; keys: Promise<ListedKey[]> }>();
  private encryptionKey: Promise<Buffer> | null = null;

  constructor(
    private readonly deps: {
      db: Db;
      config: Pick<Config, 'CREDENTIAL_KEY_SECRET' | 'dataDir' | 'PUBLIC_URL'>;
      warn: (message: string) => void;
    },
  ) {}

  /** The issuer's active key (the deployment's when `orgId` is null), created on first use. */
  signingKey(orgId: string | null): Promise<SigningKey> {
    const hit = this.active.get(cacheKey(orgId));
    if (hit && Date.now() - hit.at < ACTIVE_KEY_TTL_MS) return hit.key;
    const key = this.loadActive(orgId);
    this.active.set(cacheKey(orgId), { at: Date.now(), key });
    key.catch(() => this.active.delete(cacheKey(orgId)));
    return key;
  }

  /** Every key of the issuer, oldest first, for its DID document; `fresh` skips the cache. */
  listKeys(orgId: string | null, fresh = false): Promise<ListedKey[]> {
    const hit = this.listed.get(cacheKey(orgId));
    if (hit && !fresh && Date.now() - hit.at < LISTED_KEYS_TTL_MS) return hit.keys;
    const keys = this.readKeys(orgId);
    this.listed.set(cacheKey(orgId), { at: Date.now(), keys });
    keys.catch(() => this.listed.delete(cacheKey(orgId)));
    return keys;
  }

  /**
   * Retires the issuer's active key (kept in its DID document, so what it signed still verifies) and
   * makes a new active one, in the caller's transaction. Call `forget` once it commits.
   */
  async rotate(tx: Tx, orgId: string | null): Promise<{ retired: string | null; created: string }> {
    await lockIssuer(tx, orgId);
    const current = await activeRow(tx, orgId);
    if (current) await tx.execute(sql`update issuer_keys set retired_at = now() where id = ${current.id}`);
    const created = await this.insertKey(tx, orgId);
    return { retired: current?.fragment ?? null, created: created.fragment };
  }

  /** Drops what is cached for the issuer, after its keys changed. */
  forget(orgId: string | null): void {
    this.active.delete(cacheKey(orgId));
    this.listed.delete(cacheKey(orgId));
  }

  private async readKeys(orgId: string | null): Promise<ListedKey[]> {
    const { rows } = await this.deps.db.execute<KeyRow>(sql`
      select id, fragment, public_key_multibase, secret_key_encrypted, retired_at
        from issuer_keys where ${ownerSql(orgId)} order by created_at, id`);
    return rows.map((r) => ({
      fragment: r.fragment,
      publicKeyMultibase: r.public_key_multibase,
      retired: r.retired_at !== null,
    }));
  }

  /** Reads the active key, or creates the first one in its own short transaction. */
  private async loadActive(orgId: string | null): Promise<SigningKey> {
    const row =
      (await activeRow(this.deps.db, orgId)) ??
      (await this.deps.db.transaction(async (tx) => {
        await lockIssuer(tx, orgId);
        return (await activeRow(tx, orgId)) ?? (await this.insertKey(tx, orgId));
      }));
    this.listed.delete(cacheKey(orgId));
    const encryptionKey = await this.getEncryptionKey();
    let secretKeyMultibase: string;
    try {
      secretKeyMultibase = decryptSecret(encryptionKey, row.secret_key_encrypted, row.public_key_multibase);
    } catch {
      // Every instance works every queue: one started with another secret fails each batch it takes.
      throw new Error(
        `The issuer's signing key ${row.fragment} cannot be decrypted here: it was made by a Trellis ` +
          'with another CREDENTIAL_KEY_SECRET. Every instance on this database must share CREDENTIAL_KEY_SECRET.',
      );
    }
    const did = issuerDid(this.deps.config.PUBLIC_URL, orgId);
    const verificationMethod = `${did}#${row.fragment}`;
    const pair = await Ed25519Multikey.from({
      '@context': 'https://w3id.org/security/multikey/v1',
      type: 'Multikey',
      id: verificationMethod,
      controller: did,
      publicKeyMultibase: row.public_key_multibase,
      secretKeyMultibase,
    });
    return { verificationMethod, signer: pair.signer() };
  }

  private async insertKey(tx: Tx, orgId: string | null): Promise<KeyRow> {
    const { rows: counted } = await tx.execute<{ n: number }>(
      sql`select count(*)::int as n from issuer_keys where ${ownerSql(orgId)}`,
    );
    const fragment = `key-${counted[0].n + 1}`;
    const pair = await Ed25519Multikey.generate();
    const exported = await pair.export({ publicKey: true, secretKey: true, includeContext: false });
    const encrypted = encryptSecret(
      await this.getEncryptionKey(),
      exported.secretKeyMultibase,
      exported.publicKeyMultibase,
    );
    const { rows } = await tx.execute<KeyRow>(sql`
      insert into issuer_keys (id, org_id, fragment, public_key_multibase, secret_key_encrypted)
      values (${uuidv7()}, ${orgId}, ${fragment}, ${exported.publicKeyMultibase}, ${encrypted})
      returning id, fragment, public_key_multibase, secret_key_encrypted, retired_at`);
    return rows[0];
  }

  private getEncryptionKey(): Promise<Buffer> {
    this.encryptionKey ??= loadKeySecret(this.deps.config, this.deps.warn).then(deriveEncryptionKey);
    this.encryptionKey.catch(() => {
      this.encryptionKey = null;
    });
    return this.encryptionKey;
  }
}
