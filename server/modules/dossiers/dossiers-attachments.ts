/**
 * Attachments of a level dossier (network diagrams, decisions, plans): the type is decided from the
 * content (server/files/inspect.ts), the bytes are stored in the database with their SHA-256 — so a
 * backup holds them and an acknowledged upload survives a crash — and a sent version's attachments
 * are frozen with it (trigger of migration 0005).
 */
import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { AttachmentSection } from '@shared/api/dossiers';
import { EDITABLE_STATES } from '@shared/domain/dossiers';
import type { Ctx } from '../../http/context';
import { withTx } from '../../http/context';
import { AppError, fieldError, notFound } from '../../http/errors';
import { authorize, inScope } from '../../authz/scope';
import { record } from '../../audit/audit';
import { inspectUpload, UPLOAD_LIMITS } from '../../files/inspect';
import { dossierAttachments, dossierVersions } from '../../db/schema';
import * as repo from './dossiers.repo';

export const MAX_ATTACHMENT_BYTES = UPLOAD_LIMITS.maxBytes;

/** Stores an uploaded file on the current version of a dossier the unit is still editing. */
export async function addAttachment(ctx: Ctx, id: string, section: AttachmentSection, fileName: string, data: Buffer): Promise<string> {
  const row = await repo.findDossier(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'dossier.prepare', { orgPath: row.orgPath });
  if (!EDITABLE_STATES.includes(row.dossier.state)) throw new AppError('invalid_state', 'errors.dossiers.versionFrozen');
  const verdict = await inspectUpload(data, fileName);
  if (!verdict.ok) throw fieldError('file', `upload.${verdict.reason}`, { fileName: fileName.slice(0, 100), maxMb: Math.round(MAX_ATTACHMENT_BYTES / 1048576), ...verdict.params });
  // Path separators and control characters never reach a stored name or a download header.
  const safeName = [...fileName].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('').slice(0, 255);
  const attachmentId = uuidv7();
  await withTx(ctx, async (tx) => {
    const locked = await repo.lockDossier(tx, id);
    if (!locked || !EDITABLE_STATES.includes(locked.state)) throw new AppError('invalid_state', 'errors.dossiers.versionFrozen');
    const version = await repo.findVersion(tx, id, locked.currentVersion);
    if (!version) throw notFound();
    await tx.db.insert(dossierAttachments).values({
      id: attachmentId,
      dossierId: id,
      versionId: version.id,
      orgId: row.dossier.orgId,
      section,
      fileName: safeName,
      mediaType: verdict.mediaType,
      sizeBytes: data.length,
      sha256: verdict.sha256,
      content: data,
      createdBy: tx.principal?.kind === 'user' ? tx.principal.userId : null,
      createdAt: tx.clock(),
    });
    await record(tx, {
      action: 'dossier.attachment_added',
      entityType: 'dossier',
      entityId: id,
      orgId: row.dossier.orgId,
      after: { attachmentId, section, fileName: safeName, mediaType: verdict.mediaType, sizeBytes: data.length, sha256: verdict.sha256 },
    });
  });
  return attachmentId;
}

/** The bytes of an attachment, for a reader of the dossier. */
export async function getAttachment(ctx: Ctx, id: string, attachmentId: string) {
  const [row] = await ctx.db
    .select({ fileName: dossierAttachments.fileName, mediaType: dossierAttachments.mediaType, content: dossierAttachments.content, sha256: dossierAttachments.sha256 })
    .from(dossierAttachments)
    .where(and(eq(dossierAttachments.id, attachmentId), eq(dossierAttachments.dossierId, id), inScope(ctx, 'dossier.read', dossierAttachments.orgId)));
  if (!row) throw notFound();
  return row;
}

/** Removes an attachment of the version being edited; a sent version's are frozen. */
export async function deleteAttachment(ctx: Ctx, id: string, attachmentId: string): Promise<void> {
  const row = await repo.findDossier(ctx, id);
  if (!row) throw notFound();
  authorize(ctx, 'dossier.prepare', { orgPath: row.orgPath });
  await withTx(ctx, async (tx) => {
    const [att] = await tx.db
      .select({ id: dossierAttachments.id, fileName: dossierAttachments.fileName, frozenAt: dossierVersions.frozenAt })
      .from(dossierAttachments)
      .innerJoin(dossierVersions, eq(dossierVersions.id, dossierAttachments.versionId))
      .where(and(eq(dossierAttachments.id, attachmentId), eq(dossierAttachments.dossierId, id), inScope(tx, 'dossier.prepare', dossierAttachments.orgId)));
    if (!att) throw notFound();
    if (att.frozenAt) throw new AppError('invalid_state', 'errors.dossiers.versionFrozen');
    await tx.db.delete(dossierAttachments).where(eq(dossierAttachments.id, attachmentId));
    await record(tx, { action: 'dossier.attachment_deleted', entityType: 'dossier', entityId: id, orgId: row.dossier.orgId, before: { attachmentId, fileName: att.fileName } });
  });
}
