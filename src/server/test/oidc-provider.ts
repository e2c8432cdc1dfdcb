/**
 * A real OpenID provider (panva's oidc-provider, the certified one) on a loopback port, for the
 * single sign-on tests and journeys: accounts whose claims a test sets, its development login and
 * consent pages, and signing keys that can be rotated while it runs.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata } from 'oidc-provider';

export type AccountClaims = Record<string, unknown>;

export interface TestProvider {
  /** The issuer: `http://127.0.0.1:<port><path>`. */
  issuer: string;
  /** Registers a relying party (a district's client). */
  addClient(client: ClientMetadata): void;
  /** Sets the claims the provider asserts for an account id (its subject). */
  setAccount(subject: string, claims: AccountClaims): void;
  /** Signs with a new key from now on (the old one is no longer published). */
  rotateKeys(): Promise<void>;
  /** The id of the key it signs with now. */
  currentKid(): string;
  /**
   * Goes through the provider's login and consent pages as `subject`, from an authorization URL,
   * and answers the address it sends the browser back to (Trellis's callback with code and state).
   */
  signIn(authorizationUrl: string, subject: string): Promise<URL>;
  close(): Promise<void>;
}

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

/**
 * Starts a provider on a free loopback port; `path` lets it stand for a tenant's issuer
 * (`/<tenant>/v2.0`), and `host: 'localhost'` makes it another site than Trellis on 127.0.0.1, as a
 * real provider is (its redirect back is then a cross-site navigation).
 */
export async function startTestProvider(
  options: { path?: string; host?: '127.0.0.1' | 'localhost' } = {},
): Promise<TestProvider> {
  const prefix = (options.path ?? '').replace(/\/$/, '');
  const accounts = new Map<string, AccountClaims>();
  const clients: ClientMetadata[] = [];
  let key = newSigningKey();
  let provider: Provider | null = null;
  let handler: ReturnType<Provider['callback']> | null = null;

  const server: Server = createServer((req, res) => {
    if (!handler || !req.url?.startsWith(`${prefix}/`)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    // Mounted under the issuer's path, as a tenant's issuer is.
    (req as typeof req & { originalUrl: string }).originalUrl = req.url;
    req.url = req.url.slice(prefix.length);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}${prefix}`;

  const build = () => {
    provider = new Provider(issuer, {
      clients: clients.map((c) => ({ ...c })),
      jwks: { keys: [key] },
      findAccount: (_ctx, id) => {
        const claims = accounts.get(id);
        if (!claims) return undefined;
        return { accountId: id, claims: () => ({ sub: id, ...claims }) };
      },
      claims: {
        openid: ['sub', 'hd', 'tid', 'oid', 'xms_edov'],
        email: ['email', 'email_verified'],
        profile: ['name', 'given_name', 'family_name'],
      },
      // The ID token carries the claims of the scopes asked for, as Google's and Entra's do.
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
      cookies: { keys: ['trellis-test-provider'] },
      clientBasedCORS: () => true,
    });
    provider.on('server_error', (_ctx, error) => console.error('test provider error', error));
    handler = provider.callback();
  };
  build();

  return {
    issuer,
    addClient(client) {
      clients.push(client);
      build();
    },
    setAccount(subject, claims) {
      accounts.set(subject, claims);
    },
    async rotateKeys() {
      key = newSigningKey();
      build();
    },
    currentKid: () => key.kid,
    async signIn(authorizationUrl, subject) {
      const jar = new Map<string, string>();
      const cookieHeader = () => [...jar].map(([n, v]) => `${n}=${v}`).join('; ');
      const remember = (response: Response) => {
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const at = pair.indexOf('=');
          jar.set(pair.slice(0, at), pair.slice(at + 1));
        }
      };
      let url = new URL(authorizationUrl);
      let init: RequestInit = {};
      for (let step = 0; step < 20; step++) {
        if (!url.href.startsWith(issuer)) return url;
        const response = await fetch(url, {
          ...init,
          redirect: 'manual',
          headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() },
        });
        remember(response);
        init = {};
        const location = response.headers.get('location');
        if (location) {
          url = new URL(location, url);
          continue;
        }
        const html = await response.text();
        const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
        const prompt = html.match(/name="prompt" value="([^"]+)"/)?.[1];
        if (!action || !prompt)
          throw new Error(`The provider answered ${response.status}: ${html.slice(0, 500)}`);
        url = new URL(action.replace(/&amp;/g, '&'), url);
        const form = new URLSearchParams({ prompt });
        if (prompt === 'login') {
          form.set('login', subject);
          form.set('password', 'any');
        }
        init = {
          method: 'POST',
          body: form.toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        };
      }
      throw new Error('The provider kept redirecting.');
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
