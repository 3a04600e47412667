/**
 * Documents of a level dossier (issue #3): gathers the dossier's data through the dossiers module
 * (scoped reads), builds the form's model and renders it as DOCX or PDF. Official documents are in
 * Vietnamese whatever the reader's language; only the refusal is in the reader's language.
 */
import { DossierSections } from '@shared/api/dossiers';
import { vnDay } from '@shared/domain/working-days';
import type { DossierTransition } from '@shared/domain/dossiers';
import type { Ctx } from '../../http/context';
import { AppError, notFound } from '../../http/errors';
import { translator } from '../../http/i18n';
import { findDossier, findVersion, latestClassification, listAttachments, listComments } from '../dossiers';
import { buildDocument, isFormAvailable, type DocumentData, type DocumentForm } from './documents.builders';
import type { Signer } from './documents.frame';
import { renderDocx } from './documents.docx';
import { renderPdf } from './documents.pdf';
import * as repo from './documents.repo';
import { buildAnnualReport } from './documents.annual-report';
import { getAnnualReportData } from '../figures';
import { regimeInForce } from '../legal';
import type { AnnualReportQuery } from '@shared/api/figures';

export type DocumentFormat = 'docx' | 'pdf';

export const MEDIA_TYPES: Record<DocumentFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

const day = (d: Date | null): string | null => (d ? vnDay(d) : null);

/** The matched criteria of a stored classification result (legal reference, level and Vietnamese text). */
function criteriaOf(result: unknown): DocumentData['criteria'] {
  const matched = result && typeof result === 'object' && 'matched' in result && Array.isArray(result.matched) ? (result.matched as unknown[]) : [];
  return matched.flatMap((m) =>
    m && typeof m === 'object' && 'legalRef' in m && 'level' in m && 'textVi' in m ? [{ legalRef: String(m.legalRef), level: Number(m.level), text: String(m.textVi) }] : [],
  );
}

/** Everything a form is filled from; `version` defaults to the dossier's current version. */
export async function gatherDocumentData(ctx: Ctx, id: string, form: DocumentForm, version?: number): Promise<DocumentData> {
  const row = await findDossier(ctx, id);
  if (!row) throw notFound();
  const d = row.dossier;
  const formLevel = d.approvedLevel ?? d.proposedLevel;
  if (!isFormAvailable(form, d.state, formLevel)) {
    const t = translator(ctx.locale);
    // Refused for its level alone (Forms 03 and 07), or for the dossier's step.
    const levelOnly = isFormAvailable(form, d.state, form === 'plan_decision' ? 5 : 4);
    const params = { form: t(`documents.forms.${form}`), state: t(`dossierStates.${d.state}`), level: formLevel ?? '—' };
    throw new AppError('invalid_state', levelOnly ? 'errors.documents.notForLevel' : 'errors.documents.notAvailable', params);
  }
  const v = await findVersion(ctx, id, version ?? d.currentVersion);
  if (!v) throw notFound();
  const level = d.approvedLevel ?? d.proposedLevel ?? v.proposedLevel;
  const rootId = row.orgPath.split('/').filter(Boolean)[0] ?? d.orgId;
  const [events, system, unit, province, regime, authority, classification, attachments] = await Promise.all([
    repo.listEvents(ctx, id),
    repo.findSystem(ctx, d.systemId),
    repo.findOrg(ctx, d.orgId),
    repo.findOrg(ctx, rootId),
    repo.findRegime(ctx, d.regime),
    level === null ? undefined : repo.findAuthority(ctx, d.regime, level),
    latestClassification(ctx, d.systemId, d.regime),
    listAttachments(ctx, id),
  ]);
  if (!system || !unit) throw notFound();
  const lastEvent = (t: DossierTransition) => events.filter((e) => e.transition === t).at(-1);
  const requesterId = d.headEndorsedBy ?? lastEvent('submit')?.actorId ?? null;
  const appraiserId = lastEvent('appraise')?.actorId ?? lastEvent('accept')?.actorId ?? null;
  const submitterId = lastEvent('submit_for_approval')?.actorId ?? null;
  const ids = [requesterId, appraiserId, submitterId, d.decidedBy].filter((x): x is string => !!x);
  const signers = await repo.findSigners(ctx, ids);
  const signer = (uid: string | null): Signer | null => (uid ? (signers.get(uid) ?? null) : null);

  let returned: DocumentData['returned'] = null;
  if (d.state === 'returned_for_revision') {
    const back = lastEvent('return_for_revision');
    const comments = (await listComments(ctx, id)).filter((c) => c.version === back?.version);
    returned = { note: back?.note ?? null, comments: comments.map((c) => ({ section: c.comment.section, body: c.comment.body })) };
  }
  const tVi = translator('vi');
  const parsed = DossierSections.safeParse(v.sections);
  return {
    regime: d.regime,
    regimeName: regime?.nameVi ?? d.regime,
    regimeRef: regime?.legalRef ?? '',
    authority: authority ? { appraiser: authority.appraiserVi, approver: authority.approverVi, legalRef: authority.legalRef } : null,
    state: d.state,
    stateLabel: tVi(`dossierStates.${d.state}`),
    system: { name: system.name, code: system.code, contactName: system.contactName, contactPhone: system.contactPhone, contactEmail: system.contactEmail },
    unit,
    province: province && rootId !== d.orgId ? province : null,
    proposedLevel: d.proposedLevel ?? v.proposedLevel,
    approvedLevel: d.approvedLevel,
    version: v.version,
    sections: parsed.success ? parsed.data : {},
    receivedOn: day(d.receivedAt),
    appraisedOn: day(d.appraisedAt),
    submittedForApprovalOn: day(d.submittedForApprovalAt),
    decisionNo: d.decisionNo,
    decisionDate: d.decisionDate,
    regulationNo: d.regulationNo,
    regulationIssuedOn: d.regulationIssuedOn,
    appraisalOpinion: d.appraisalOpinion,
    requester: signer(requesterId),
    appraiser: signer(appraiserId),
    submitter: signer(submitterId),
    decider: signer(d.decidedBy),
    returned,
    criteria: criteriaOf(classification?.result),
    attachments: attachments.filter((a) => a.version === v.version).map((a) => ({ fileName: a.fileName, section: a.section })),
    today: vnDay(ctx.clock()),
  };
}

/** One form of a dossier as a file: its name (Vietnamese, with the system code), media type and bytes. */
export async function generateDocument(ctx: Ctx, id: string, form: DocumentForm, format: DocumentFormat, version?: number) {
  const data = await gatherDocumentData(ctx, id, form, version);
  const t = translator('vi');
  const model = buildDocument(t, form, data);
  const content = format === 'pdf' ? await renderPdf(model) : await renderDocx(model);
  return { fileName: `${t(`documents.forms.${form}`)} - ${data.system.code}.${format}`, mediaType: MEDIA_TYPES[format], content };
}

/**
 * The annual report (Form 08) of an organisation's subtree, or of the caller's one visible root:
 * the figures page's numbers for it and its systems, as DOCX or PDF. Under the regime in force on
 * the last day of the data period (14/12), else today.
 */
export async function generateAnnualReport(ctx: Ctx, q: AnnualReportQuery) {
  const data = await getAnnualReportData(ctx, { orgId: q.orgId, year: q.year });
  const rootId = data.orgPath.split('/').filter(Boolean)[0] ?? data.figures.org.id;
  const [issuer, province] = await Promise.all([repo.findOrg(ctx, data.figures.org.id), rootId === data.figures.org.id ? undefined : repo.findOrg(ctx, rootId)]);
  if (!issuer) throw notFound();
  const today = vnDay(ctx.clock());
  const regime = await regimeInForce(ctx, data.period.to < today ? data.period.to : today);
  const t = translator('vi');
  const model = buildAnnualReport(t, { regime, year: q.year, data, issuer, province: province ?? null, today });
  const content = q.format === 'pdf' ? await renderPdf(model) : await renderDocx(model);
  return { fileName: `${t('documents.annualReport.fileName', { year: q.year })} - ${issuer.code}.${q.format}`, mediaType: MEDIA_TYPES[q.format], content };
}
