import { auditEvents } from '#server/db/schema.ts';
import type { Tx } from '#server/db/client.ts';

export interface AuditInput {
  actorId: string | null;
  action: string;
  target: { type: string; id?: string | null };
  districtId: string | null;
  details?: Record<string, unknown>;
}

/** Writes an administrative action to the audit log, in the caller's transaction. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    actorId: input.actorId,
    action: input.action,
    targetType: input.target.type,
    targetId: input.target.id ?? null,
    districtId: input.districtId,
    details: input.details ?? {},
  });
}
