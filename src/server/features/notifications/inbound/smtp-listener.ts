import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Feature } from '#server/platform/feature.ts';
import { replyDomain, resolveReplyAddress } from '../reply-addresses.ts';
import { receiveReply, replyHandlers } from './receive.ts';

/** An SMTP error with its reply code, as smtp-server sends it to the client. */
const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export interface InboundMail {
  /** The port it listens on (the one asked for, or the one given for port 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * The message's bytes, up to `max`: smtp-server hands over the whole stream even past its SIZE
 * limit, so what comes after the limit is read and dropped, never held in memory.
 */
async function readAll(stream: SMTPServerDataStream, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total <= max) chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Trellis's own SMTP listener for replies to its emails (decision 054). It accepts mail for live
 * reply addresses only (any other recipient is refused at RCPT TO, so it relays nothing and
 * collects no spam), refuses messages over INBOUND_MAIL_MAX_BYTES, offers STARTTLS when given a
 * certificate, and asks no authentication: the signed reply address and the sender's address are
 * the proof. Each message is handled before the server answers DATA, so a temporary failure is
 * retried by the sending server.
 */
export async function startInboundMail(
  app: FastifyInstance,
  options: { features: readonly Feature[]; port?: number; host?: string },
): Promise<InboundMail> {
  const { config } = app;
  const handlers = replyHandlers(options.features);
  const tls =
    config.INBOUND_SMTP_TLS_CERT && config.INBOUND_SMTP_TLS_KEY
      ? { cert: readFileSync(config.INBOUND_SMTP_TLS_CERT), key: readFileSync(config.INBOUND_SMTP_TLS_KEY) }
      : null;
  const server = new SMTPServer({
    name: replyDomain(config),
    banner: 'Trellis reply mail',
    size: config.INBOUND_MAIL_MAX_BYTES,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ?? {}),
    logger: false,
    maxClients: 50,
    closeTimeout: 5_000,
    socketTimeout: 60_000,
    onRcptTo(address, _session, callback) {
      resolveReplyAddress(app.db, config, address.address).then(
        (found) => callback(found ? null : smtpError(550, '5.1.1 No such reply address')),
        (error: unknown) => {
          app.log.error({ err: error }, 'inbound mail: checking a recipient failed');
          callback(smtpError(451, '4.3.0 Try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      readAll(stream, config.INBOUND_MAIL_MAX_BYTES)
        .then(async (raw) => {
          if (stream.sizeExceeded) throw smtpError(552, '5.3.4 Message too big for a reply');
          const outcome = await receiveReply(app, handlers, {
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            recipients: session.envelope.rcptTo.map((r) => r.address),
            raw,
          });
          app.log.info({ inboundMail: outcome }, 'inbound reply handled');
          if (outcome.status === 'rejected') throw smtpError(550, `5.7.1 Not accepted: ${outcome.reason}`);
          callback(null, outcome.status === 'posted' ? 'Reply posted' : 'Accepted');
        })
        .catch((error: Error & { responseCode?: number }) => {
          if (!error.responseCode) {
            app.log.error({ err: error }, 'inbound mail: handling a reply failed');
            return callback(smtpError(451, '4.3.0 Try again later'));
          }
          callback(error);
        });
    },
  });
  server.on('error', (error) => app.log.error({ err: error }, 'inbound mail listener error'));
  const port = options.port ?? config.INBOUND_SMTP_PORT ?? 2525;
  const host = options.host ?? config.INBOUND_SMTP_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
