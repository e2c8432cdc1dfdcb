/**
 * Proving a district controls an email domain by a DNS TXT record, asked of the name servers the
 * deployment names (SIGN_ON_DNS_SERVERS) or of the system's.
 */
import { Resolver } from 'node:dns/promises';
import type { Config } from '#server/platform/config.ts';

/** The TXT record's name for a domain. */
export const txtRecordName = (domain: string) => `_trellis-verification.${domain}`;
/** The TXT record's value for a claim's token. */
export const txtRecordValue = (token: string) => `trellis-verification=${token}`;

/**
 * The mailboxes a confirmation mail may go to: those a domain's owner controls (RFC 2142 and the
 * names certificate authorities accept), never any staff address, which anyone with a mailbox at the
 * domain could receive.
 */
export const CONFIRMATION_MAILBOXES = ['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster'];

/** Public mail services, where anyone can have an address: never a district's domain. */
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'mail.ru',
  'qq.com',
  '163.com',
  'fastmail.com',
  'tutanota.com',
]);
/** Services with a domain per country (gmx.de, yahoo.co.uk, hotmail.fr, …). */
const PUBLIC_MAIL_FAMILIES = ['gmx', 'yahoo', 'hotmail', 'outlook', 'live', 'web', 'yandex'];

/** Whether a domain (or a name under it) is a public mail service's. */
export function isPublicMailDomain(domain: string): boolean {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const tail = labels.slice(i).join('.');
    if (PUBLIC_MAIL_DOMAINS.has(tail)) return true;
    // gmx.net, gmx.de, yahoo.co.uk: a family name followed by a country or generic suffix only.
    const rest = labels.slice(i + 1);
    const suffix =
      (rest.length === 1 && rest[0].length <= 3) ||
      (rest.length === 2 && ['co', 'com'].includes(rest[0]) && rest[1].length === 2);
    if (PUBLIC_MAIL_FAMILIES.includes(labels[i]) && suffix) return true;
  }
  return false;
}

export type TxtAnswer = { found: true } | { found: false; reason: string };

/** Looks for the claim's TXT record; a lookup that fails says why, never throws. */
export async function findTxtRecord(
  config: Pick<Config, 'SIGN_ON_DNS_SERVERS'>,
  domain: string,
  token: string,
): Promise<TxtAnswer> {
  const resolver = new Resolver({ timeout: 3_000, tries: 2 });
  const servers = (config.SIGN_ON_DNS_SERVERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (servers.length) resolver.setServers(servers);
  let records: string[][];
  try {
    records = await resolver.resolveTxt(txtRecordName(domain));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA')
      return { found: false, reason: `No TXT record was found at ${txtRecordName(domain)}.` };
    return {
      found: false,
      reason: `The DNS lookup of ${txtRecordName(domain)} failed (${code ?? 'error'}).`,
    };
  }
  // A long TXT value may arrive in several strings; they make one value.
  const expected = txtRecordValue(token);
  if (records.some((parts) => parts.join('') === expected)) return { found: true };
  return {
    found: false,
    reason: `The TXT record at ${txtRecordName(domain)} does not hold ${expected} yet (DNS changes can take a while to appear).`,
  };
}
