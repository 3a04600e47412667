/**
 * Evidence of an incident (a screenshot of the defaced page, a log extract, a sample's report): the
 * type is decided from the content (server/files/inspect.ts), the bytes are kept in the database with
 * their SHA-256 for the chain of custody, and nothing is ever removed — a closed case's are frozen.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../http/context';
import { fieldError, notFound } from '../../http/errors';
import { principalUserId } from '../../authz/principal';
import { record } from '../../audit/audit';
import { inspectUpload, UPLOAD_LIMITS } from '../../files/inspect';
import { incidentEvidence } from '../../db/schema';
import * as repo from './incidents.repo';
import { addEvent, incidentTx, lockOpen, openCase } from './incidents.service';

export const MAX_EVIDENCE_BYTES = UPLOAD_LIMITS.maxBytes;

export async function addEvidence(ctx: Ctx, id: string, fileName: string, data: Buffer): Promise<string> {
  await openCase(ctx, id, 'contribute');
  const verdict = await inspectUpload(data, fileName);
  if (!verdict.ok) throw fieldError('file', `upload.${verdict.reason}`, { fileName: fileName.slice(0, 100), maxMb: Math.round(MAX_EVIDENCE_BYTES / 1048576), ...verdict.params });
  // Path separators and control characters never reach a stored name or a download header.
  const safeName = [...fileName].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('').slice(0, 255);
  const evidenceId = uuidv7();
  await incidentTx(ctx, async (tx) => {
    const locked = await lockOpen(tx, id);
    await tx.db.insert(incidentEvidence).values({
      id: evidenceId,
      incidentId: id,
      orgId: locked.orgId,
      fileName: safeName,
      mediaType: verdict.mediaType,
      sizeBytes: data.length,
      sha256: verdict.sha256,
      content: data,
      createdBy: principalUserId(tx.principal),
      createdAt: tx.clock(),
    });
    await addEvent(tx, locked, 'evidence_added', { params: { fileName: safeName, sha256: verdict.sha256 } });
    await record(tx, {
      action: 'incident.evidence_added',
      entityType: 'incident',
      entityId: id,
      orgId: locked.orgId,
      after: { evidenceId, fileName: safeName, mediaType: verdict.mediaType, sizeBytes: data.length, sha256: verdict.sha256 },
    });
  });
  return evidenceId;
}

/** The bytes of an evidence file, for a reader of the incident. */
export async function getEvidence(ctx: Ctx, id: string, evidenceId: string) {
  const row = await repo.getEvidence(ctx, id, evidenceId);
  if (!row) throw notFound();
  return row;
}
