/**
 * Transcript signatures: each district has one Ed25519 key (made on first use, its secret half sealed
 * by platform/secret-box.ts with the deployment's key secret). A transcript's signature covers the
 * SHA-256 of its record in canonical JSON (keys sorted at every level, no spaces), so the record read
 * back from the database, whatever order jsonb keeps its keys in, checks against what was signed.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Config } from '#server/platform/config.ts';
import {
  decryptSecret,
  deriveEncryptionKey,
  encryptSecret,
  loadKeySecret,
} from '#server/platform/secret-box.ts';
import { insertSigningKey, signingKeyRow } from './queries.ts';

/** JSON with object keys sorted at every level and no insignificant white space. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Whether the signature (base64url) over the hex digest holds for the public key (SPKI DER, base64url). */
export function signatureHolds(publicKey: string, digestHex: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64url'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(digestHex, 'utf8'), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Signs digests with districts' transcript keys. */
export class TranscriptSigner {
  private encryptionKey: Promise<Buffer> | null = null;

  constructor(private readonly deps: { db: Db; config: Pick<Config, 'CREDENTIAL_KEY_SECRET' | 'dataDir'> }) {}

  /** The district's key id, public key and signature over the hex digest; the key is made on first use. */
  async sign(
    districtId: string,
    digestHex: string,
  ): Promise<{ keyId: string; publicKey: string; signature: string }> {
    let row = await signingKeyRow(this.deps.db, districtId);
    if (!row) {
      const pair = generateKeyPairSync('ed25519');
      const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64url');
      const secret = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url');
      await insertSigningKey(this.deps.db, {
        id: uuidv7(),
        districtId,
        publicKey,
        secretKeyEncrypted: encryptSecret(await this.key(), secret, `transcript-key:${publicKey}`),
      });
      // Another instance may have made the district's key first: the one stored is the one used.
      row = await signingKeyRow(this.deps.db, districtId);
      if (!row) throw new Error('The transcript key was not stored.');
    }
    const secret = decryptSecret(
      await this.key(),
      row.secret_key_encrypted,
      `transcript-key:${row.public_key}`,
    );
    const privateKey = createPrivateKey({
      key: Buffer.from(secret, 'base64url'),
      format: 'der',
      type: 'pkcs8',
    });
    const signature = sign(null, Buffer.from(digestHex, 'utf8'), privateKey).toString('base64url');
    return { keyId: row.id, publicKey: row.public_key, signature };
  }

  private key(): Promise<Buffer> {
    this.encryptionKey ??= loadKeySecret(this.deps.config, () => {}).then(deriveEncryptionKey);
    this.encryptionKey.catch(() => {
      this.encryptionKey = null;
    });
    return this.encryptionKey;
  }
}
