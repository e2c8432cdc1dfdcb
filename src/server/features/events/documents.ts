import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { csvRow } from '#server/platform/csv.ts';

/**
 * The organizers' sign-in sheet (PDF) and attendance (CSV), and an attendee's certificate of
 * attendance (PDF), in pdfkit with Liberation Sans so names print as written.
 */
const require = createRequire(import.meta.url);
const REGULAR = require.resolve('pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf');
const BOLD = require.resolve('pdfjs-dist/standard_fonts/LiberationSans-Bold.ttf');

const when = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(d);
const day = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'long' }).format(d);

function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

interface Attendance {
  title: string;
  timeZone: string;
  sessions: { id: string; starts_at: Date }[];
  people: { user_id: string; name: string; email: string; attended: string[] }[];
}

export function attendanceCsv(a: Attendance): string {
  const header = [
    'Name',
    'Email',
    ...a.sessions.map((s) => when(new Date(s.starts_at), a.timeZone)),
    'Sessions attended',
  ];
  return (
    csvRow(header) +
    a.people
      .map((p) =>
        csvRow([
          p.name,
          p.email,
          ...a.sessions.map((s) => (p.attended.includes(s.id) ? 'present' : '')),
          p.attended.length,
        ]),
      )
      .join('')
  );
}

/** A sheet to sign per session: one line per registrant. */
export function signInSheetPdf(a: Attendance, sessionId: string | null): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 50,
    info: { Title: `Sign-in sheet: ${a.title}`, Creator: 'Trellis' },
  });
  doc.registerFont('regular', REGULAR).registerFont('bold', BOLD);
  const session = a.sessions.find((s) => s.id === sessionId) ?? a.sessions[0];
  doc.font('bold').fontSize(16).text(`Sign-in sheet: ${a.title}`);
  if (session)
    doc
      .font('regular')
      .fontSize(11)
      .text(when(new Date(session.starts_at), a.timeZone));
  doc.moveDown();
  for (const p of a.people) {
    if (doc.y > 700) doc.addPage();
    const y = doc.y;
    doc.font('regular').fontSize(11).text(p.name, 50, y, { width: 250 });
    doc
      .moveTo(320, y + 12)
      .lineTo(560, y + 12)
      .stroke();
    doc.y = y + 26;
  }
  if (!a.people.length) doc.font('regular').text('No one is registered yet.');
  return toBuffer(doc);
}

export function certificatePdf(c: {
  attendee: string;
  title: string;
  host: string;
  timeZone: string;
  sessions: Date[];
  hours: number;
}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margin: 60,
    info: { Title: `Certificate of attendance: ${c.attendee}`, Creator: 'Trellis' },
  });
  doc.registerFont('regular', REGULAR).registerFont('bold', BOLD);
  doc.font('bold').fontSize(28).text('Certificate of attendance', { align: 'center' });
  doc.moveDown();
  doc.font('regular').fontSize(14).text('This certifies that', { align: 'center' });
  doc.font('bold').fontSize(24).text(c.attendee, { align: 'center' });
  doc.font('regular').fontSize(14).text('attended', { align: 'center' });
  doc.font('bold').fontSize(20).text(c.title, { align: 'center' });
  if (c.host) doc.font('regular').fontSize(13).text(`offered by ${c.host}`, { align: 'center' });
  doc.moveDown();
  doc
    .font('regular')
    .fontSize(12)
    .text(
      `${c.sessions.length} session${c.sessions.length === 1 ? '' : 's'}: ${c.sessions.map((s) => day(s, c.timeZone)).join('; ')}`,
      { align: 'center' },
    );
  doc.text(`${c.hours} hour${c.hours === 1 ? '' : 's'} of professional learning`, { align: 'center' });
  return toBuffer(doc);
}
