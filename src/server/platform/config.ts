import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** proxy-addr's names for address ranges, accepted in TRUST_PROXY's list. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR range (`10.0.0.0/8`, `fd00::/8`) or one of PROXY_RANGE_NAMES. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies may say who the client is in `X-Forwarded-For`: off, a number of proxy hops in front
 * of Trellis (`true`/`on`/`yes` mean one), or the proxies' addresses and ranges. Never "everyone":
 * the left-most entries of that header are whatever the client wrote.
 */
const trustProxy = z
  .string()
  .trim()
  .default('false')
  .transform((value, ctx): false | number | string[] => {
    const lower = value.toLowerCase();
    if (['false', 'off', 'no', '0', ''].includes(lower)) return false;
    if (['true', 'on', 'yes'].includes(lower)) return 1;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const bad = entries.find((e) => !isProxyAddress(e));
    if (entries.length === 0 || bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `expected off, a number of proxy hops, or proxy addresses/CIDR ranges separated by commas${bad ? ` (not an address: ${bad})` : ''}`,
      });
      return z.NEVER;
    }
    return entries;
  });

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().default('Trellis <no-reply@trellis.local>'),
  SEED_DEMO: flag.optional(),
  /**
   * Receiving replies to notification emails (decision 054): the port Trellis's own SMTP listener
   * takes. Off when unset: no listener, and emails carry no reply address.
   */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** The address the inbound listener binds to; this machine only unless set (`0.0.0.0` for an MX). */
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** The domain of reply addresses (`reply+…@<domain>`), whose MX or relay reaches the listener. PUBLIC_URL's host when unset. */
  REPLY_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'must be a domain name such as reply.trellis.example.org')
    .optional(),
  /** PEM files of the listener's certificate and key: with both, it offers STARTTLS. */
  INBOUND_SMTP_TLS_CERT: z.string().min(1).optional(),
  INBOUND_SMTP_TLS_KEY: z.string().min(1).optional(),
  /** The largest inbound message accepted, in bytes; larger ones are refused during the SMTP session. */
  INBOUND_MAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** One line per request (time, method, address without secret query values, status, duration, request id). */
  ACCESS_LOG: flag.default(false),
  /** Where `npm run backup` keeps backups of the embedded database and files; DATA_DIR/backups when unset. */
  BACKUP_DIR: z.string().min(1).optional(),
  /**
   * Shows administrators the mail outbox page. Off unless asked for, and never in production: mail
   * in the outbox holds reset and invitation links, which are keys to accounts.
   */
  DEV_OUTBOX: flag.default(false),
  TRUST_PROXY: trustProxy,
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .default(60 * 24 * 3),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 30),
  /**
   * Whether each instance remembers signed-in sessions between requests, forgetting them when the
   * database notifies a change (platform/session-cache.ts). Off asks the database on every request.
   */
  SESSION_CACHE: flag.default(true),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** Connections each Trellis instance keeps; by default sized to the cores (db/machine.ts). */
  DB_POOL_SIZE: z.coerce.number().int().positive().optional(),
  /** The largest file a post may carry. */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** The largest lesson video a teacher may upload (resumable, decision 074): 10 GB unless set. */
  VIDEO_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024 * 1024),
  /** The largest file a resource may hold. */
  RESOURCE_FILE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /**
   * Encrypts the keys issuers sign credentials with (any string of 32+ characters). When unset, one
   * is generated on first start and kept in DATA_DIR/credential-key.secret.
   */
  CREDENTIAL_KEY_SECRET: z.string().min(32).optional(),
  /**
   * Lets /verify fetch what a credential needs from other sites: the keys of issuers elsewhere
   * (did:web, https profiles) and credentials given by address. On by default (off in tests); off
   * keeps verification entirely offline, and such issuers are then reported as not checked.
   */
  VERIFY_ONLINE: flag.optional(),
  /**
   * The name servers (`host` or `host:port`, comma-separated) single sign-on asks for a domain's
   * TXT record when a district verifies it; the system's resolvers when unset.
   */
  SIGN_ON_DNS_SERVERS: z.string().optional(),
  /**
   * Lets single sign-on reach an OpenID provider over plain http on this machine's loopback address
   * (a test or trial provider). Ignored in production, where providers are reached over https only.
   */
  SIGN_ON_LOOPBACK_HTTP: flag.default(false),
  /**
   * Keeps direct messages as records the law requires the district to keep: a district's export then
   * carries its people's messages, and the messages page says so. Off by default (decision 055).
   */
  MESSAGES_RECORDS_RETENTION: flag.default(false),
});

export type Config = Omit<z.infer<typeof ConfigSchema>, 'SEED_DEMO' | 'PUBLIC_URL' | 'VERIFY_ONLINE'> & {
  SEED_DEMO: boolean;
  /** Whether verification may fetch issuers' keys and credentials from other sites. */
  VERIFY_ONLINE: boolean;
  PUBLIC_URL: string;
  /** Absolute path of DATA_DIR. */
  dataDir: string;
  /** True when the session cookie must be Secure (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** True when the development outbox page exists: DEV_OUTBOX is on and this is not production. */
  devOutbox: boolean;
};

/** Reads and validates configuration from the environment; throws a readable error naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
  return {
    ...c,
    PUBLIC_URL: publicUrl,
    // Demo data is for the embedded, try-it-out default; a real database is never seeded unless asked.
    SEED_DEMO: c.SEED_DEMO ?? !c.DATABASE_URL,
    VERIFY_ONLINE: c.VERIFY_ONLINE ?? c.NODE_ENV !== 'test',
    dataDir: path.resolve(c.DATA_DIR),
    secureCookies: publicUrl.startsWith('https://'),
    devOutbox: c.DEV_OUTBOX && c.NODE_ENV !== 'production',
  };
}
