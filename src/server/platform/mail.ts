import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { uuidv7 } from 'uuidv7';

export interface Message {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  /**
   * A calendar invitation (text/calendar with its METHOD), sent as an alternative part and an
   * attachment so calendars apply it in place.
   */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; filename: string; content: string };
}

export interface Mailer {
  send(message: Message): Promise<void>;
}

/**
 * Sends through SMTP when `smtpUrl` is set; otherwise writes each message as an `.eml` file into the
 * outbox folder, where a person trying Trellis (or a test) can read it.
 */
export function createMailer(options: { smtpUrl?: string; from: string; outboxDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(message) {
        await transport.sendMail({ from: options.from, ...message });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail({ from: options.from, ...message });
      await mkdir(options.outboxDir, { recursive: true });
      await writeFile(path.join(options.outboxDir, `${uuidv7()}.eml`), info.message as Buffer);
    },
  };
}

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  date: string;
  text: string;
}

/** Reads the outbox, newest first: the development mail viewer and tests use it. */
export async function readOutbox(outboxDir: string, limit = 50): Promise<OutboxMessage[]> {
  let names: string[];
  try {
    names = (await readdir(outboxDir)).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  names.sort().reverse();
  const messages: OutboxMessage[] = [];
  for (const name of names.slice(0, limit)) {
    const raw = await readFile(path.join(outboxDir, name), 'utf8');
    const [head, ...rest] = raw.split('\n\n');
    const header = (key: string) => head.match(new RegExp(`^${key}: (.*)$`, 'mi'))?.[1]?.trim() ?? '';
    messages.push({
      id: name.replace(/\.eml$/, ''),
      to: header('To'),
      subject: header('Subject'),
      date: header('Date'),
      text: decodeBody(rest.join('\n\n')),
    });
  }
  return messages;
}

/** The plain-text part of a message, with quoted-printable soft breaks and escapes undone. */
function decodeBody(body: string): string {
  const plain =
    body.match(/Content-Type: text\/plain[^\n]*\n(?:[^\n]+\n)*\n([\s\S]*?)(?:\n--|$)/)?.[1] ?? body;
  return plain
    .replace(/=\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
