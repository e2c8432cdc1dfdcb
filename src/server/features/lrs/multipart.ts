import { randomBytes } from 'node:crypto';

/**
 * `multipart/mixed` as xAPI statements with attachments use it (Communication 1.5.2, RFC 2046): the
 * first part holds the statements as JSON, each further part one attachment's raw data with its
 * `X-Experience-API-Hash` and `Content-Transfer-Encoding: binary`.
 */

export interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** The boundary of a multipart content type, or null. */
export function boundaryOf(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : null;
}

/** Splits a multipart body into its parts; null when it is not well formed. */
export function parseMultipart(body: Buffer, boundary: string): Part[] | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) return null;
  while (true) {
    position += delimiter.length;
    // The close delimiter ends the body.
    if (body[position] === 0x2d && body[position + 1] === 0x2d) break;
    // Transport padding, then CRLF.
    while (body[position] === 0x20 || body[position] === 0x09) position++;
    if (body[position] === 0x0d && body[position + 1] === 0x0a) position += 2;
    else if (body[position] === 0x0a) position += 1;
    else return null;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), position);
    const nextLf = next < 0 ? body.indexOf(Buffer.concat([Buffer.from('\n'), delimiter]), position) : -1;
    if (next < 0 && nextLf < 0) return null;
    const end = next >= 0 ? next : nextLf;
    const part = body.subarray(position, end);
    let headerEnd = part.indexOf('\r\n\r\n');
    let separator = 4;
    if (headerEnd < 0) {
      headerEnd = part.indexOf('\n\n');
      separator = 2;
    }
    const headers: Record<string, string> = {};
    let content: Buffer;
    if (part.subarray(0, 2).toString() === '\r\n' || part[0] === 0x0a) {
      content = part.subarray(part[0] === 0x0a ? 1 : 2);
    } else {
      if (headerEnd < 0) return null;
      for (const line of part.subarray(0, headerEnd).toString('utf8').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      content = part.subarray(headerEnd + separator);
    }
    parts.push({ headers, body: content });
    position = end + (next >= 0 ? 2 : 1);
  }
  return parts;
}

/** A multipart/mixed response: the JSON first, then each attachment. */
export function buildMultipart(
  json: unknown,
  attachments: ReadonlyArray<{ sha2: string; contentType: string; content: Buffer }>,
): { contentType: string; body: Buffer } {
  const boundary = `xapi-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n`),
    Buffer.from(JSON.stringify(json)),
  ];
  for (const attachment of attachments) {
    chunks.push(
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Type: ${attachment.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${attachment.sha2}\r\n\r\n`,
      ),
      attachment.content,
    );
  }
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
