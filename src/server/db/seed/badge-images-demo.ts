/**
 * Badge images for the demo credentials, drawn as SVG and rendered to PNG with sharp when the demo is
 * seeded, so the demo's credential pages, wallets and signed achievements show a badge.
 */
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import type { Storage } from '#server/platform/storage.ts';

/** Background colours, one per badge in turn: dark enough for white text (WCAG AA at this size). */
const COLOURS = ['#1f5c3d', '#0b5cad', '#7a3e9d', '#a4461a', '#1d6a72', '#6b4f1d'];

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** Up to three initials of the title's main words: "Leading a peer coaching cycle" → "LPC". */
export function badgeInitials(title: string): string {
  const minor = new Set(['a', 'an', 'and', 'of', 'the', 'to', 'for', 'in', 'on', 'with']);
  const words = title.split(/\s+/).filter((w) => w && !minor.has(w.toLowerCase()));
  return words
    .slice(0, 3)
    .map((w) => w[0].toUpperCase())
    .join('');
}

/** A round badge with the credential's initials, as SVG. */
export function badgeSvg(title: string, colour: string): string {
  const initials = escapeXml(badgeInitials(title));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <circle cx="128" cy="128" r="124" fill="${colour}"/>
  <circle cx="128" cy="128" r="108" fill="none" stroke="#ffffff" stroke-width="6" stroke-dasharray="10 8"/>
  <text x="128" y="146" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="64"
        font-weight="700" fill="#ffffff">${initials}</text>
  <text x="128" y="196" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="18"
        fill="#ffffff">TRELLIS</text>
</svg>`;
}

/** The badge as a 256 × 256 PNG. */
export const renderBadgePng = (title: string, colour: string): Promise<Buffer> =>
  sharp(Buffer.from(badgeSvg(title, colour)))
    .png()
    .toBuffer();

/**
 * Gives each of the credentials (by id) a badge image on every version that has none. Safe to run
 * again: versions with an image keep it.
 */
export async function seedBadgeImagesDemo(
  db: Db,
  storage: Storage,
  credentialIds: string[],
): Promise<number> {
  if (!credentialIds.length) return 0;
  const { rows } = await db.execute<{ credential_id: string; version: number; title: string }>(sql`
    select v.credential_id, v.version, v.title from micro_credential_versions v
     where v.credential_id = any(${sql.param(credentialIds)}::uuid[]) and v.image_key is null
     order by v.credential_id, v.version`);
  for (const row of rows) {
    const colour = COLOURS[credentialIds.indexOf(row.credential_id) % COLOURS.length];
    const key = `micro-credentials/${row.credential_id}/${uuidv7()}`;
    await storage.put(key, await renderBadgePng(row.title, colour));
    await db.execute(sql`
      update micro_credential_versions set image_key = ${key}, image_type = 'image/png'
       where credential_id = ${row.credential_id} and version = ${row.version} and image_key is null`);
  }
  return rows.length;
}
