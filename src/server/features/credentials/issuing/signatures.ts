/**
 * Signature checks off the event loop. Canonicalizing a credential's JSON-LD takes milliseconds of
 * CPU; done in the request it would hold up every other request of the instance, so it runs on a
 * pool of worker threads, one per core. The worker asks the request's own document loader (on this
 * thread) for anything beyond the bundled contexts, so what may be read or fetched is decided here
 * exactly as before.
 */
import { createRequire } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { Piscina } from 'piscina';
import { availableCores } from '#server/db/machine.ts';
import { UnresolvableError } from './remote-documents.ts';
import { checkSignature, type SignatureResult } from './signature-check.ts';
import type { LoaderAnswer, SignatureTask } from './signature-worker.ts';

const tsxLoader = createRequire(import.meta.url).resolve('tsx');
let pool: Piscina<SignatureTask, SignatureResult> | null = null;

function workers(): Piscina<SignatureTask, SignatureResult> {
  pool ??= new Piscina({
    filename: new URL('./signature-worker.ts', import.meta.url).href,
    execArgv: ['--import', tsxLoader],
    maxThreads: availableCores(),
    minThreads: 1,
    // Idle threads end after a minute; an idle pool keeps no process alive.
    idleTimeout: 60_000,
  });
  return pool;
}

/**
 * Checks the signature on a worker thread; if the pool itself fails, in this thread instead.
 * `prefetch`: addresses the check will ask for (the issuer's DID and the proof's key), read here
 * first through the same loader and sent with the task, so the worker does not wait for this
 * thread's event loop to answer each; anything else it asks as before.
 */
export async function checkSignatureOffThread(
  loader: DocumentLoader,
  credential: Record<string, unknown>,
  prefetch: readonly string[] = [],
): Promise<SignatureResult> {
  const preloaded: NonNullable<SignatureTask['preloaded']> = {};
  for (const url of new Set(prefetch)) {
    try {
      const { documentUrl, document } = await loader(url);
      preloaded[url] = { documentUrl, document };
    } catch {
      // The worker asks for it, and hears why it could not be had.
    }
  }
  const { port1, port2 } = new MessageChannel();
  port1.on('message', async ({ id, url }: { id: number; url: string }) => {
    let answer: LoaderAnswer;
    try {
      const { documentUrl, document } = await loader(url);
      answer = { id, documentUrl, document };
    } catch (error) {
      answer = {
        id,
        error: { message: (error as Error).message, unresolvable: error instanceof UnresolvableError },
      };
    }
    port1.postMessage(answer);
  });
  try {
    return await workers().run({ credential, port: port2, preloaded }, { transferList: [port2] });
  } catch {
    return checkSignature(loader, credential);
  } finally {
    port1.close();
  }
}

/** How many signature checks the worker threads have completed (for tests and diagnostics). */
export function signatureChecksOffThread(): number {
  return pool?.completed ?? 0;
}
