import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Db } from '#server/db/client.ts';
import type { Config } from '#server/platform/config.ts';
import type { Mailer } from '#server/platform/mail.ts';
import { deriveEncryptionKey, loadKeySecret } from '#server/platform/secret-box.ts';
import { ProviderDirectory } from './oidc.ts';

/** What single sign-on's use cases need of the app, made once per app. */
export interface SignOnContext {
  db: Db;
  config: Config;
  mailer: Mailer;
  log: FastifyBaseLogger;
  /** Providers' discovered configurations, remembered by this instance. */
  directory: ProviderDirectory;
  /** The key client secrets are encrypted with (the one issuers' keys use). */
  secretKey(): Promise<Buffer>;
}

declare module 'fastify' {
  interface FastifyInstance {
    signOn: SignOnContext;
  }
}

export function createSignOnContext(app: FastifyInstance): SignOnContext {
  let key: Promise<Buffer> | null = null;
  return {
    get db() {
      return app.db;
    },
    get config() {
      return app.config;
    },
    get mailer() {
      return app.mailer;
    },
    get log() {
      return app.log;
    },
    directory: new ProviderDirectory(app.config),
    secretKey() {
      key ??= loadKeySecret(app.config, (message) => app.log.warn(message)).then(deriveEncryptionKey);
      return key;
    },
  };
}

/** The context a provider's secret is bound to, so it cannot be moved to another provider's row. */
export const secretContext = (providerId: string) => `sign-on-provider:${providerId}`;

/** Where providers send people back, and where they send them after signing out. */
export const redirectUri = (config: Pick<Config, 'PUBLIC_URL'>) => `${config.PUBLIC_URL}/api/sso/callback`;
export const postLogoutRedirectUri = (config: Pick<Config, 'PUBLIC_URL'>) => `${config.PUBLIC_URL}/sign-in`;
