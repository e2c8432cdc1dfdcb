import { X509Certificate } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importX509 } from 'jose';
import { comparable, type Obj } from './format.ts';
import { SIGNATURE_USAGE } from './validate.ts';

/**
 * Signed statements (Data 2.6): the signature attachment holds a JWS in compact serialization whose
 * payload is the statement as it was before the signature was attached. The LRS refuses, with 400, a
 * signature that is not a JWS, uses another algorithm than RS256/384/512, whose payload is not the
 * statement received (statement comparison), or that its own X.509 certificate does not verify.
 */

const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/** The statement as signed: the received one without the signature attachment. */
function unsigned(statement: Obj, signatureSha2: string): Obj {
  const copy: Obj = { ...statement };
  const attachments = (statement.attachments as Obj[]).filter(
    (a) => !(a.usageType === SIGNATURE_USAGE && a.sha2 === signatureSha2),
  );
  if (attachments.length > 0) copy.attachments = attachments;
  else delete copy.attachments;
  return copy;
}

/** Checks the signature of a statement; returns a reason it is refused, or null when it holds. */
export async function checkSignature(statement: Obj, attachment: Obj, data: Buffer): Promise<string | null> {
  if (attachment.contentType !== 'application/octet-stream')
    return 'a signature attachment must have the content type application/octet-stream';
  const jws = data.toString('utf8').trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jws))
    return 'the signature is not a JWS in compact serialization';
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return 'the signature’s header cannot be read';
  }
  if (!header.alg || !ALGORITHMS.includes(header.alg)) return 'the signature must use RS256, RS384 or RS512';
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return 'the signature’s payload is not a JSON statement';
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return 'the signature’s payload is not a JSON statement';
  const signed = payload as Obj;
  const received = unsigned(statement, String(attachment.sha2));
  // The id may be one the LRS assigned after signing: compared only when both carry one.
  const withoutIdWhereMissing = (s: Obj, other: Obj) => {
    if (s.id !== undefined && other.id !== undefined) return s;
    const { id: _id, ...rest } = s;
    return rest;
  };
  if (
    comparable(withoutIdWhereMissing(signed, received)) !==
      comparable(withoutIdWhereMissing(received, signed)) ||
    (signed.id !== undefined &&
      received.id !== undefined &&
      String(signed.id).toLowerCase() !== String(received.id).toLowerCase())
  )
    return 'the signature’s payload does not match the statement';
  const chain = header.x5c;
  if (Array.isArray(chain) && chain.length > 0) {
    try {
      const pem = new X509Certificate(Buffer.from(chain[0], 'base64')).toString();
      const key = await importX509(pem, header.alg);
      await compactVerify(jws, key, { algorithms: ALGORITHMS });
    } catch {
      return 'the signature does not verify against its X.509 certificate';
    }
  }
  return null;
}
