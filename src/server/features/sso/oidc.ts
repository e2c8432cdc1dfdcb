/**
 * Talking to a district's OpenID provider through openid-client (a certified relying party):
 * discovery, the authorization request with PKCE, state and nonce, and the code exchange with the ID
 * token checked. A provider's configuration is remembered for a while; its signing keys are the
 * library's to refresh, which it does when a token names a key it has not seen.
 */
import * as client from 'openid-client';
import type { Config } from '#server/platform/config.ts';

/** What Trellis needs of a provider to reach it. */
export interface ProviderAccess {
  id: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Changes whenever the row changes, so a changed configuration is discovered anew. */
  version: string;
}

/** A provider that could not be reached or did not answer as an OpenID provider should. */
export class ProviderUnreachableError extends Error {}

/** How long a discovered configuration is kept before it is discovered again. */
const DISCOVERY_TTL_MS = 60 * 60_000;
const TIMEOUT_SECONDS = 10;

/** Whether an issuer may be reached over plain http: a loopback address, outside production, when allowed. */
export function allowsPlainHttp(
  config: Pick<Config, 'SIGN_ON_LOOPBACK_HTTP' | 'NODE_ENV'>,
  issuer: string,
): boolean {
  const url = new URL(issuer);
  if (url.protocol !== 'http:') return false;
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  return loopback && config.SIGN_ON_LOOPBACK_HTTP && config.NODE_ENV !== 'production';
}

/** The problem with an issuer's address before anything is fetched, or null. */
export function issuerProblem(
  config: Pick<Config, 'SIGN_ON_LOOPBACK_HTTP' | 'NODE_ENV'>,
  issuer: string,
): string | null {
  const url = new URL(issuer);
  if (url.protocol === 'https:' || allowsPlainHttp(config, issuer)) return null;
  return 'must be an https address';
}

/** Remembered configurations of the providers this instance has talked to. */
export class ProviderDirectory {
  private readonly known = new Map<
    string,
    { version: string; at: number; config: Promise<client.Configuration> }
  >();

  constructor(private readonly appConfig: Pick<Config, 'SIGN_ON_LOOPBACK_HTTP' | 'NODE_ENV'>) {}

  /** Discovers a provider without remembering it: checks a configuration before it is saved. */
  async check(access: Omit<ProviderAccess, 'id' | 'version'>): Promise<client.Configuration> {
    return this.discover(access);
  }

  /** The provider's configuration, discovered once and kept for an hour or until the row changes. */
  configuration(access: ProviderAccess): Promise<client.Configuration> {
    const known = this.known.get(access.id);
    if (known && known.version === access.version && Date.now() - known.at < DISCOVERY_TTL_MS)
      return known.config;
    const config = this.discover(access);
    this.known.set(access.id, { version: access.version, at: Date.now(), config });
    // A failed discovery is tried again on the next sign-in, not remembered.
    config.catch(() => {
      if (this.known.get(access.id)?.config === config) this.known.delete(access.id);
    });
    return config;
  }

  forget(providerId: string): void {
    this.known.delete(providerId);
  }

  private async discover(access: Omit<ProviderAccess, 'id' | 'version'>): Promise<client.Configuration> {
    const plainHttp = allowsPlainHttp(this.appConfig, access.issuer);
    try {
      return await client.discovery(
        new URL(access.issuer),
        access.clientId,
        undefined,
        client.ClientSecretPost(access.clientSecret),
        {
          timeout: TIMEOUT_SECONDS,
          // The ID token's signature is checked against the provider's published keys too, not
          // only trusted for arriving over TLS: a token the provider did not sign never signs in.
          execute: [client.enableNonRepudiationChecks, ...(plainHttp ? [client.allowInsecureRequests] : [])],
        },
      );
    } catch (error) {
      throw new ProviderUnreachableError(describeFailure(error), { cause: error });
    }
  }
}

/** A sentence about why discovery failed, for the administrator who typed the issuer. */
function describeFailure(error: unknown): string {
  const e = error as { code?: string; name?: string; message?: string; cause?: { code?: string } } | null;
  if (e?.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED')
    return 'the provider answered with a different issuer than this one';
  if (e?.name === 'TimeoutError' || e?.cause?.code === 'UND_ERR_CONNECT_TIMEOUT')
    return 'the provider did not answer in time';
  if (e?.message === 'fetch failed' || e?.cause?.code === 'ECONNREFUSED' || e?.cause?.code === 'ENOTFOUND')
    return 'the provider could not be reached';
  return 'the provider did not publish a valid OpenID configuration at /.well-known/openid-configuration';
}

/** The fresh secrets of one sign-in attempt. */
export function newAttemptSecrets() {
  return {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
  };
}

/** The address that sends the person to the provider, with the PKCE challenge, state and nonce. */
export async function authorizationUrl(
  config: client.Configuration,
  args: { redirectUri: string; state: string; nonce: string; codeVerifier: string; loginHint?: string },
): Promise<URL> {
  const parameters: Record<string, string> = {
    redirect_uri: args.redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(args.codeVerifier),
    code_challenge_method: 'S256',
    state: args.state,
    nonce: args.nonce,
  };
  if (args.loginHint) parameters.login_hint = args.loginHint;
  return client.buildAuthorizationUrl(config, parameters);
}

/** Claims Trellis reads, from the ID token and, for what it lacks, the provider's userinfo. */
export type Claims = Record<string, unknown> & { iss: string; sub: string };

/** Why an answer from the provider was refused: the provider said no, or the answer did not check out. */
export class SignOnResponseError extends Error {
  constructor(
    readonly reason: 'provider_refused' | 'invalid_response' | 'provider_unreachable',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Exchanges the code the provider sent back for tokens and checks them: state, PKCE, the ID token's
 * signature, issuer, audience, expiry and nonce, all by openid-client.
 */
export async function exchangeCode(
  config: client.Configuration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<Claims> {
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
  } catch (error) {
    throw refusal(error);
  }
  const idClaims = tokens.claims();
  if (!idClaims) throw new SignOnResponseError('invalid_response', 'The provider sent no ID token.');
  const claims: Claims = { ...idClaims } as Claims;
  // Some providers keep the email in userinfo only; the ID token's own claims always win.
  if (claims.email === undefined && tokens.access_token) {
    try {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      for (const [name, value] of Object.entries(info)) if (!(name in claims)) claims[name] = value;
    } catch (error) {
      throw refusal(error);
    }
  }
  return claims;
}

function refusal(error: unknown): SignOnResponseError {
  if (error instanceof client.AuthorizationResponseError)
    return new SignOnResponseError('provider_refused', `The provider refused: ${error.error}.`);
  if (error instanceof client.ResponseBodyError)
    return new SignOnResponseError('provider_refused', `The provider refused the code: ${error.error}.`);
  const e = error as { message?: string; code?: string } | null;
  if (e?.message === 'fetch failed' || (e as { name?: string } | null)?.name === 'TimeoutError')
    return new SignOnResponseError('provider_unreachable', 'The provider could not be reached.');
  return new SignOnResponseError(
    'invalid_response',
    e?.message ?? 'The provider’s answer did not check out.',
  );
}

/** Where the provider signs the person out, if it offers that. */
export function providerSignOutUrl(
  config: client.Configuration,
  postLogoutRedirectUri: string,
): string | null {
  if (!config.serverMetadata().end_session_endpoint) return null;
  return client
    .buildEndSessionUrl(config, {
      client_id: config.clientMetadata().client_id,
      post_logout_redirect_uri: postLogoutRedirectUri,
    })
    .toString();
}
