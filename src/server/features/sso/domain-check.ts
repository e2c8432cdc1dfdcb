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
