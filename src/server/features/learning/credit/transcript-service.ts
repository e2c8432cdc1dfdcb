/**
 * Official transcripts: the teacher's approved credit as a canonical record, signed with the
 * district's Ed25519 key, written once as a PDF (kept in storage, so every download is those bytes)
 * and as CSV from the same record. The public verification reads the record stored at issue time,
 * never today's data, and checks its hash and signature (decision 052).
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '#server/db/client.ts';
import { recordActivity } from '#server/platform/activity.ts';
import { recordAudit } from '#server/platform/audit.ts';
import type { Actor } from '#server/platform/auth.ts';
import { csvRow } from '#server/platform/csv.ts';
import { NotFoundError } from '#server/platform/errors.ts';
import type { Storage } from '#server/platform/storage.ts';
import { TranscriptRecord, type TranscriptBody } from '#shared/contracts/credit.ts';
import {
  approvedLines,
  findTranscript,
  findType,
  insertTranscript,
  listTranscripts,
  personFacts,
} from './queries.ts';
import { kindLabel } from './service.ts';
import { canonicalJson, sha256Hex, signatureHolds, type TranscriptSigner } from './signing.ts';
import { transcriptPdf } from './transcript-pdf.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

export const verifyUrlOf = (publicUrl: string, id: string) =>
  `${publicUrl.replace(/\/$/, '')}/transcripts/${id}/verify`;

function presentTranscript(
  publicUrl: string,
  row: { id: string; issued_at: Date | string; entry_count: number; total_hours: number },
) {
  return {
    id: row.id,
    issuedAt: new Date(row.issued_at).toISOString(),
    verifyUrl: verifyUrlOf(publicUrl, row.id),
    pdfUrl: `/api/credit/transcripts/${row.id}/pdf`,
    csvUrl: `/api/credit/transcripts/${row.id}/csv`,
    entries: row.entry_count,
    totalHours: row.total_hours,
  };
}

/** Issues the teacher's transcript of approved credit (one type or all, in a period or all time). */
export async function issueTranscript(args: {
  db: Db;
  actor: Actor;
  body: TranscriptBody;
  signer: TranscriptSigner;
  storage: Storage;
  publicUrl: string;
}) {
  const { actor, body, db } = args;
  let typeName: string | null = null;
  if (body.creditTypeId) {
    const type = await findType(db, actor.districtId, body.creditTypeId);
    if (!type) throw new NotFoundError('No such credit type.');
    typeName = type.name;
  }
  const lines = await approvedLines(db, actor.userId, body);
  const person = await personFacts(db, actor.userId);
  const id = uuidv7();
  const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  const totals = new Map<string, number>();
  for (const line of lines)
    totals.set(line.type_name, round2((totals.get(line.type_name) ?? 0) + line.hours));
  const record: TranscriptRecord = {
    transcriptId: id,
    issuedAt,
    district: { id: actor.districtId, name: person.district_name },
    teacher: { id: actor.userId, name: person.name, staffId: person.sourced_id },
    period: { from: body.from ?? null, to: body.to ?? null },
    creditType: typeName,
    entries: lines.map((l) => ({
      date: l.occurred_on,
      title: l.title,
      kind: kindLabel(l.kind),
      provider: l.provider,
      creditType: l.type_name,
      hours: l.hours,
      approvedBy: l.approver,
      approvedOn: l.decided_on,
    })),
    totals: [...totals].map(([creditType, hours]) => ({ creditType, hours })),
  };
  const recordSha256 = sha256Hex(canonicalJson(record));
  const signed = await args.signer.sign(actor.districtId, recordSha256);
  const pdf = await transcriptPdf(record, verifyUrlOf(args.publicUrl, id), recordSha256);
  const pdfKey = `transcripts/${actor.districtId}/${id}.pdf`;
  await args.storage.put(pdfKey, pdf);
  const totalHours = round2(lines.reduce((sum, l) => sum + l.hours, 0));
  await db.transaction(async (tx) => {
    await insertTranscript(tx, {
      id,
      userId: actor.userId,
      districtId: actor.districtId,
      record,
      recordSha256,
      signature: signed.signature,
      keyId: signed.keyId,
      pdfKey,
      pdfSha256: sha256Hex(pdf),
      entryCount: lines.length,
      totalHours,
      issuedAt,
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'credit.transcript_issued',
      target: { type: 'transcript', id },
      districtId: actor.districtId,
      details: { entries: lines.length, totalHours, creditType: typeName },
    });
    await recordActivity(tx, {
      actor,
      verb: 'created',
      object: { type: 'transcript', id, name: 'Transcript' },
    });
  });
  return presentTranscript(args.publicUrl, {
    id,
    issued_at: issuedAt,
    entry_count: lines.length,
    total_hours: totalHours,
  });
}

export async function listMyTranscripts(args: { db: Db; actor: Actor; publicUrl: string }) {
  return (await listTranscripts(args.db, args.actor.userId)).map((row) =>
    presentTranscript(args.publicUrl, row),
  );
}

async function ownTranscript(db: Db, actor: Actor, id: string) {
  const row = await findTranscript(db, id);
  if (!row || row.user_id !== actor.userId) throw new NotFoundError('No such transcript.');
  return row;
}

/** The PDF as issued, for the teacher it is of. */
export async function transcriptPdfFile(args: {
  db: Db;
  actor: Actor;
  storage: Storage;
  transcriptId: string;
}) {
  const row = await ownTranscript(args.db, args.actor, args.transcriptId);
  const file = await args.storage.get(row.pdf_key);
  if (!file) throw new NotFoundError('The transcript file is missing.');
  return file;
}

/** The transcript as CSV, written from the record it was issued with. */
export async function transcriptCsv(args: { db: Db; actor: Actor; transcriptId: string; publicUrl: string }) {
  const row = await ownTranscript(args.db, args.actor, args.transcriptId);
  const record = TranscriptRecord.parse(row.record);
  let out = csvRow(['district', record.district.name]);
  out += csvRow(['teacher', record.teacher.name]);
  out += csvRow(['staff_id', record.teacher.staffId ?? '']);
  out += csvRow(['issued_at', record.issuedAt]);
  out += csvRow(['verify', verifyUrlOf(args.publicUrl, record.transcriptId)]);
  out += csvRow([]);
  out += csvRow(['date', 'title', 'kind', 'provider', 'credit_type', 'hours', 'approved_by', 'approved_on']);
  for (const e of record.entries)
    out += csvRow([e.date, e.title, e.kind, e.provider, e.creditType, e.hours, e.approvedBy, e.approvedOn]);
  return out;
}

/**
 * Anyone's check of a transcript: the record stored when it was issued, whether its hash and the
 * district's signature hold, and (given a PDF) whether that file is the one issued, byte for byte.
 */
export async function verifyTranscript(args: { db: Db; transcriptId: string; pdf?: Buffer }) {
  const row = await findTranscript(args.db, args.transcriptId);
  if (!row) throw new NotFoundError('No transcript has this address.');
  const record = TranscriptRecord.parse(row.record);
  const hashHolds = sha256Hex(canonicalJson(row.record)) === row.record_sha256;
  return {
    genuine: hashHolds && signatureHolds(row.public_key, row.record_sha256, row.signature),
    record,
    recordSha256: row.record_sha256,
    signature: row.signature,
    publicKey: row.public_key,
    pdfMatches: args.pdf ? sha256Hex(args.pdf) === row.pdf_sha256 : null,
  };
}
