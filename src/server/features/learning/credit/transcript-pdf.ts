/**
 * The official transcript as a PDF (pdfkit), written from the transcript's record alone, so the PDF
 * states exactly what the record (and its signature) says. Liberation Sans, which pdfjs-dist ships,
 * is embedded so names in Latin, Greek and Cyrillic scripts print as written.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { TranscriptRecord } from '#shared/contracts/credit.ts';

const require = createRequire(import.meta.url);
const REGULAR = require.resolve('pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf');
const BOLD = require.resolve('pdfjs-dist/standard_fonts/LiberationSans-Bold.ttf');

const hours = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(2).replace(/0$/, ''));

/** Columns of the entries table: header, width in points, and the cell of an entry. */
const COLUMNS: { header: string; width: number; cell: (e: TranscriptRecord['entries'][number]) => string }[] =
  [
    { header: 'Date', width: 62, cell: (e) => e.date },
    { header: 'Activity', width: 170, cell: (e) => (e.provider ? `${e.title} (${e.provider})` : e.title) },
    { header: 'Credit type', width: 90, cell: (e) => e.creditType },
    { header: 'Hours', width: 40, cell: (e) => hours(e.hours) },
    { header: 'Approved by', width: 100, cell: (e) => `${e.approvedBy}, ${e.approvedOn}` },
  ];

/** Writes the transcript's PDF. */
export function transcriptPdf(
  record: TranscriptRecord,
  verifyUrl: string,
  recordSha256: string,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 50,
    info: {
      Title: `Transcript of professional learning: ${record.teacher.name}`,
      Author: record.district.name,
      Subject: `Transcript ${record.transcriptId}`,
      Creator: 'Trellis',
      CreationDate: new Date(record.issuedAt),
    },
    lang: 'en',
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  doc.font('bold').fontSize(16).text(record.district.name);
  doc.font('regular').fontSize(12).text('Official transcript of professional learning');
  doc.moveDown(0.8);
  doc.fontSize(10);
  const fact = (label: string, value: string) => {
    doc.font('bold').text(`${label}: `, { continued: true }).font('regular').text(value);
  };
  fact('Teacher', record.teacher.name);
  if (record.teacher.staffId) fact('Staff identifier', record.teacher.staffId);
  fact('Issued', record.issuedAt.slice(0, 10));
  fact('Period', `${record.period.from ?? 'all dates'} to ${record.period.to ?? 'issue date'}`);
  fact('Credit type', record.creditType ?? 'all credit types');
  fact('Transcript', record.transcriptId);
  doc.moveDown(0.8);

  const row = (cells: string[], font: 'regular' | 'bold') => {
    doc.font(font).fontSize(9);
    const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: COLUMNS[i].width - 6 }));
    const height = Math.max(...heights) + 4;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom - 60) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.text(cell, x, top + 2, { width: COLUMNS[i].width - 6 });
      x += COLUMNS[i].width;
    });
    doc.y = top + height;
    doc
      .moveTo(left, doc.y)
      .lineTo(left + COLUMNS.reduce((w, c) => w + c.width, 0), doc.y)
      .strokeColor('#999999')
      .lineWidth(0.5)
      .stroke();
  };
  row(
    COLUMNS.map((c) => c.header),
    'bold',
  );
  if (!record.entries.length) row(['', 'No approved learning in this period.', '', '', ''], 'regular');
  for (const entry of record.entries)
    row(
      COLUMNS.map((c) => c.cell(entry)),
      'regular',
    );
  doc.x = left;
  doc.moveDown(0.8);
  doc.font('bold').fontSize(10).text('Totals');
  doc.font('regular');
  if (!record.totals.length) doc.text('No hours.');
  for (const total of record.totals) doc.text(`${total.creditType}: ${hours(total.hours)} hours`);
  doc.moveDown(1.2);
  doc
    .fontSize(9)
    .text(
      'Anyone can confirm this transcript is genuine and unaltered at the address below: it shows what ' +
        `${record.district.name} issued, checked against the district's signature.`,
    );
  doc.fillColor('#1a4fb5').text(verifyUrl, { link: verifyUrl, underline: true });
  doc.fillColor('#000000').text(`Record SHA-256: ${recordSha256}`);
  doc.end();
  return done;
}
