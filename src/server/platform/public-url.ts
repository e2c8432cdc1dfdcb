/**
 * Credentials name PUBLIC_URL in their issuer (`did:web`), their public page and their revocation
 * status list, for as long as they exist. Issued under a local address, nobody else can verify them.
 */

/** Whether `url`'s host is this machine only: localhost (and `*.localhost`), 127.0.0.0/8, ::1, 0.0.0.0. */
export function isLocalAddress(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '::1' ||
    host === '0:0:0:0:0:0:0:1' ||
    host === '::ffff:127.0.0.1' ||
    host === '::ffff:7f00:1' ||
    host === '0.0.0.0' ||
    host === '::'
  );
}

/** The start-up warning for a local PUBLIC_URL, or null when it is an address others can reach. */
export function localPublicUrlWarning(publicUrl: string): string | null {
  if (!isLocalAddress(publicUrl)) return null;
  return (
    `PUBLIC_URL is ${publicUrl}, an address only this machine can reach. Credentials issued now name ` +
    'it for good (issuer, public page, revocation status), and nobody else can verify them. Set ' +
    'PUBLIC_URL to the address people use (e.g. https://trellis.example.org) before issuing credentials.'
  );
}
