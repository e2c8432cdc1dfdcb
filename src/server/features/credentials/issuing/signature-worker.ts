/**
 * The worker-thread side of signature checks (signatures.ts). Contexts are bundled here; any other
 * document the check needs (an issuer's DID document or key) is asked of the verifying request's
 * own loader on the main thread, so a worker reads no database and fetches nothing itself.
 */
import type { MessagePort } from 'node:worker_threads';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { BUNDLED_CONTEXTS } from './contexts.ts';
import { UnresolvableError } from './remote-documents.ts';
import { checkSignature, type SignatureResult } from './signature-check.ts';

export interface SignatureTask {
  credential: Record<string, unknown>;
  /** Where the worker asks for documents: it sends `{ id, url }`, the main thread answers `LoaderAnswer`. */
  port: MessagePort;
  /** Documents the main thread already read through the request's loader, by the address asked. */
  preloaded?: Record<string, { documentUrl: string; document: unknown }>;
}

export type LoaderAnswer =
  | { id: number; documentUrl: string; document: unknown }
  | { id: number; error: { message: string; unresolvable: boolean } };

export default async function verifySignature({
  credential,
  port,
  preloaded,
}: SignatureTask): Promise<SignatureResult> {
  let asked = 0;
  type Loaded = Awaited<ReturnType<DocumentLoader>>;
  const waiting = new Map<number, { resolve: (value: Loaded) => void; reject: (error: Error) => void }>();
  port.on('message', (answer: LoaderAnswer) => {
    const request = waiting.get(answer.id);
    if (!request) return;
    waiting.delete(answer.id);
    if ('error' in answer)
      request.reject(
        answer.error.unresolvable
          ? new UnresolvableError(answer.error.message)
          : new Error(answer.error.message),
      );
    else request.resolve({ contextUrl: null, documentUrl: answer.documentUrl, document: answer.document });
  });
  const loader: DocumentLoader = async (url: string) => {
    const context = BUNDLED_CONTEXTS.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    const known = preloaded?.[url];
    if (known) return { contextUrl: null, documentUrl: known.documentUrl, document: known.document };
    const id = asked++;
    return new Promise<Loaded>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      port.postMessage({ id, url });
    });
  };
  try {
    return await checkSignature(loader, credential);
  } finally {
    port.close();
  }
}
