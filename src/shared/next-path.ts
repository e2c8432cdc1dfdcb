/**
 * Where to go after signing in: only a path on this site. A `next` parameter is written by whoever
 * made the link, so anything a browser could read as another origin falls back: `//host`, `/\host`
 * (browsers read `\` as `/`), the same encoded (`/%2F%2Fhost`, `/%5Chost`), tabs and line breaks URL
 * parsers drop (`/\t/host`), `\\host`, and absolute URLs of any scheme.
 */
export function sameOriginPath(next: string | null | undefined, fallback = '/'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback;
  // Undo any layers of percent-encoding, so an encoded slash is judged as the slash it may become.
  let decoded = next;
  for (let i = 0; i < 5; i++) {
    let once: string;
    try {
      once = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (once === decoded) break;
    decoded = once;
  }
  for (const candidate of [next, decoded]) {
    if (!candidate.startsWith('/') || candidate[1] === '/' || candidate[1] === '\\') return fallback;
    if (hasBackslashOrControl(candidate)) return fallback;
  }
  const base = 'http://next.invalid';
  const url = new URL(next, base);
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

function hasBackslashOrControl(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\' || code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
