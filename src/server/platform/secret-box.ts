/**
 * Encrypting secrets at rest (issuers' signing keys, single sign-on client secrets): AES-256-GCM
 * with a key derived (HKDF-SHA256) from the deployment's CREDENTIAL_KEY_SECRET, or, when that is
 * unset, from a random secret kept in DATA_DIR/credential-key.secret. Each secret is bound to a
 * context naming its row, so a stored secret cannot be moved to another row.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.ts';

const FORMAT = 'v1';
const SECRET_FILE = 'credential-key.secret';

/** The AES key that encrypts stored secrets (its HKDF labels predate secrets other than issuer keys). */
export function deriveEncryptionKey(secret: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', secret, 'trellis/issuer-keys', 'issuer key encryption v1', 32) as ArrayBuffer,
  );
}

/**
 * Encrypts `plaintext`, bound to `context` (an issuer key's public half, a provider's id), so a
 * stored secret cannot be moved to another row: `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export function encryptSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** Decrypts what encryptSecret wrote; throws when the key, context or text is wrong. */
export function decryptSecret(key: Buffer, box: string, context: string): string {
  const [format, iv, tag, body] = box.split('.');
  if (format !== FORMAT || !iv || !tag || body === undefined) throw new Error('Unreadable encrypted secret.');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * The secret stored secrets are encrypted with: CREDENTIAL_KEY_SECRET, else the one kept in
 * DATA_DIR/credential-key.secret (created once, mode 600). `warn` is told when the file is created.
 */
export async function loadKeySecret(
  config: Pick<Config, 'CREDENTIAL_KEY_SECRET' | 'dataDir'>,
  warn: (message: string) => void,
): Promise<string> {
  if (config.CREDENTIAL_KEY_SECRET) return config.CREDENTIAL_KEY_SECRET;
  const file = path.join(config.dataDir, SECRET_FILE);
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing?.trim()) return existing.trim();
  await mkdir(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(file, 'utf8')).trim();
    throw error;
  }
  warn(
    `Generated a secret for issuers' signing keys and sign-on client secrets in ${file}. In production set CREDENTIAL_KEY_SECRET ` +
      '(32+ characters) and keep it safe: without it, stored keys cannot be used.',
  );
  return secret;
}
