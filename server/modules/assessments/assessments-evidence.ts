/**
 * Evidence of an assessment (a scan report, a screenshot, a signed minute), for one requirement or for
 * the whole assessment: the type is decided from the content (server/files/inspect.ts), the bytes are
 * stored in the database with their SHA-256, and a completed assessment's evidence is frozen with it.
 */
import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { authorize, inScope } from '../../authz/scope';
import { principalUserId } from '../../authz/principal';
import { record } from '../../audit/audit';
import { inspectUpload, UPLOAD_LIMITS } from '../../files/inspect';
import { assessmentEvidence, assessmentItems } from '../../db/schema';
import * as repo from './assessments.repo';
import { writeAction } from './assessments.present';

export const MAX_EVIDENCE_BYTES = UPLOAD_LIMITS.maxBytes;

/** Stores an uploaded file on a draft, for one of its requirements or (null) for the whole assessment. */
export async function addEvidence(ctx: Ctx, id: string, requirementId: string | null, fileName: string, data: Buffer): Promise<string> {
  const row = await repo.findAssessment(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, writeAction(row.assessment.kind), { orgPath: row.orgPath });
  if (row.assessment.state !== 'draft') throw new AppError('invalid_state', 'errors.assessments.completed');
  const verdict = await inspectUpload(data, fileName);
  if (!verdict.ok) throw fieldError('file', `upload.${verdict.reason}`, { fileName: fileName.slice(0, 100), maxMb: Math.round(MAX_EVIDENCE_BYTES / 1048576), ...verdict.params });
  // Path separators and control characters never reach a stored name or a download header.
  const safeName = [...fileName].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('').slice(0, 255);
  const evidenceId = uuidv7();
  await withTx(ctx, async (tx) => {
    const locked = await repo.lockAssessment(tx, id);
    if (!locked) throw notFound();
    if (locked.state !== 'draft') throw new AppError('invalid_state', 'errors.assessments.completed');
    if (requirementId) {
      const [item] = await tx.db
        .select({ id: assessmentItems.requirementId })
        .from(assessmentItems)
        .where(and(eq(assessmentItems.assessmentId, id), eq(assessmentItems.requirementId, requirementId), inScope(tx, 'assessment.read', assessmentItems.orgId)));
      if (!item) throw fieldError('requirementId', 'errors.assessments.unknownRequirement', { id: requirementId });
    }
    await tx.db.insert(assessmentEvidence).values({
      id: evidenceId,
      assessmentId: id,
      requirementId,
      orgId: row.assessment.orgId,
      fileName: safeName,
      mediaType: verdict.mediaType,
      sizeBytes: data.length,
      sha256: verdict.sha256,
      content: data,
      createdBy: principalUserId(tx.principal),
      createdAt: tx.clock(),
    });
    await record(tx, {
      action: 'assessment.evidence_added',
      entityType: 'assessment',
      entityId: id,
      orgId: row.assessment.orgId,
      after: { evidenceId, requirementId, fileName: safeName, mediaType: verdict.mediaType, sizeBytes: data.length, sha256: verdict.sha256 },
    });
  });
  return evidenceId;
}

/** The bytes of an evidence file, for a reader of the assessment. */
export async function getEvidence(ctx: Ctx, id: string, evidenceId: string) {
  const [row] = await ctx.db
    .select({ fileName: assessmentEvidence.fileName, mediaType: assessmentEvidence.mediaType, content: assessmentEvidence.content, sha256: assessmentEvidence.sha256 })
    .from(assessmentEvidence)
    .where(and(eq(assessmentEvidence.id, evidenceId), eq(assessmentEvidence.assessmentId, id), inScope(ctx, 'assessment.read', assessmentEvidence.orgId)));
  if (!row) throw notFound();
  return row;
}

/** Removes an evidence file from a draft; a completed assessment's are frozen. */
export async function deleteEvidence(ctx: Ctx, id: string, evidenceId: string): Promise<void> {
  const row = await repo.findAssessment(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, writeAction(row.assessment.kind), { orgPath: row.orgPath });
  await withTx(ctx, async (tx) => {
    const locked = await repo.lockAssessment(tx, id);
    if (!locked) throw notFound();
    const [found] = await tx.db
      .select({ id: assessmentEvidence.id, fileName: assessmentEvidence.fileName })
      .from(assessmentEvidence)
      .where(and(eq(assessmentEvidence.id, evidenceId), eq(assessmentEvidence.assessmentId, id), inScope(tx, 'assessment.read', assessmentEvidence.orgId)));
    if (!found) throw notFound();
    if (locked.state !== 'draft') throw new AppError('invalid_state', 'errors.assessments.completed');
    await tx.db.delete(assessmentEvidence).where(eq(assessmentEvidence.id, evidenceId));
    await record(tx, { action: 'assessment.evidence_deleted', entityType: 'assessment', entityId: id, orgId: row.assessment.orgId, before: { evidenceId, fileName: found.fileName } });
  });
}
