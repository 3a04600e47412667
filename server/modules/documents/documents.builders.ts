/**
 * Builders: a dossier's data → the document model of each form. Pure, and the same builders serve
 * both regimes: Decree 331/2026 (Forms 01/02, 03, 04, 05, 06, 07 of its appendix) and Decree 85/2016, whose
 * Circular 12/2022 has no form templates (legal-framework.md §4.1), so its equivalents carry the
 * legacy legal bases. Regime-specific wording lives in `documents.regimes.<regime>` of the catalogue.
 */
import type { TFunction } from 'i18next';
import type { DossierSections } from '@shared/api/dossiers';
import { SECURITY_PLAN_PARTS, type DossierState } from '@shared/domain/dossiers';
import type { Regime } from '@shared/domain/systems';
import { CONTENT_WIDTH_MM, p, type Block, type DocumentModel, type Paragraph } from './documents.model';
import {
  SIZE,
  body,
  bodyText,
  header,
  heading,
  legalBases,
  numberLine,
  placeAndDate,
  placeOf,
  respectfully,
  shortDate,
  signatureBlock,
  titleBlock,
  upper,
  type OrgInfo,
  type Signer,
} from './documents.frame';

export { DOCUMENT_FORMS, isFormAvailable, type DocumentForm } from '@shared/domain/dossiers';
import type { DocumentForm } from '@shared/domain/dossiers';

/** Decree 30/2020 Appendix III abbreviations of the document types used in the symbol. */
const TYPE_ABBR = { submission: 'TTr', decision: 'QĐ' } as const;

/** Everything the forms are filled from, gathered by documents.service.ts. */
export interface DocumentData {
  regime: Regime;
  regimeName: string;
  regimeRef: string;
  /** Who appraises and approves at the proposed level (level_authorities). */
  authority: { appraiser: string; approver: string; legalRef: string } | null;
  state: DossierState;
  stateLabel: string;
  system: { name: string; code: string; contactName: string | null; contactPhone: string | null; contactEmail: string | null };
  unit: OrgInfo;
  province: OrgInfo | null;
  proposedLevel: number | null;
  approvedLevel: number | null;
  version: number;
  sections: DossierSections;
  receivedOn: string | null;
  appraisedOn: string | null;
  submittedForApprovalOn: string | null;
  decisionNo: string | null;
  decisionDate: string | null;
  regulationNo: string | null;
  regulationIssuedOn: string | null;
  appraisalOpinion: string | null;
  /** The head who endorsed or sent the dossier; the appraiser, submitter and decider of the authority. */
  requester: Signer | null;
  appraiser: Signer | null;
  submitter: Signer | null;
  decider: Signer | null;
  /** Set when the appraisal sent the dossier back: its note and the comments on the version. */
  returned: { note: string | null; comments: { section: string; body: string }[] } | null;
  criteria: { legalRef: string; level: number; text: string }[];
  attachments: { fileName: string; section: string }[];
  /** Today in Vietnam (YYYY-MM-DD): the year of an undated draft. */
  today: string;
}

/** Decree 331 Art 18–20: Form 01 (appraise and approve) for levels 1–2, Form 02 (appraise) for 3–5. */
export const isBasicLevel = (level: number | null): boolean => level !== null && level <= 2;

interface Ctx {
  t: TFunction;
  d: DocumentData;
  /** Regime-specific wording. */
  r: (key: string) => string;
  year: number;
  place: string;
}

function context(t: TFunction, d: DocumentData): Ctx {
  return {
    t,
    d,
    r: (key) => t(`documents.regimes.${d.regime}.${key}`),
    year: Number(d.today.slice(0, 4)),
    place: placeOf(t, d.province, d.unit),
  };
}

const lines = (s: string): string[] => s.split('\n').filter(Boolean);
const bodyOrg = (s: Signer | null, fallback: OrgInfo): OrgInfo => s?.org ?? fallback;

export function buildDocument(t: TFunction, form: DocumentForm, d: DocumentData): DocumentModel {
  const c = context(t, d);
  const blocks = BUILDERS[form](c);
  return { title: `${t(`documents.forms.${form}`)} - ${d.system.name}`, size: SIZE.body, blocks };
}

const BUILDERS: Record<DocumentForm, (c: Ctx) => Block[]> = {
  request,
  opinion_request: opinionRequest,
  appraisal_opinion: appraisalOpinion,
  submission,
  decision,
  plan_decision: planDecision,
  overview,
};

/** Form 01 / 02: the unit asks the appraising body to appraise (and, levels 1–2, approve). */
function request({ t, d, r, year, place }: Ctx): Block[] {
  const basic = isBasicLevel(d.proposedLevel);
  const to = d.appraiser?.org.name ?? d.authority?.appraiser ?? '';
  const level = d.proposedLevel ?? '…';
  const withOpinion = (d.proposedLevel ?? 0) >= 4;
  const blocks: Block[] = [
    ...header(t, {
      issuer: d.unit,
      number: numberLine(t, null, d.unit.code),
      letterAbstract: t(basic ? 'documents.request.abstractBasic' : 'documents.request.abstractHigh'),
      dateLine: placeAndDate(t, place, d.receivedOn, year),
      formLabel: r(basic ? 'formRequestBasic' : 'formRequestHigh'),
    }),
    p('', { after: 6 }),
    respectfully(t, to),
    body(t('documents.request.intro', { decree: r('decree'), unit: d.unit.name, to, verb: t(basic ? 'documents.request.verbBasic' : 'documents.request.verbHigh') })),
    body(t('documents.request.system', { value: d.system.name })),
    body(t('documents.request.operator', { value: d.unit.name })),
    body(t('documents.request.address', { value: d.unit.address ?? '…' })),
    body(t('documents.request.level', { level })),
    body(t('documents.request.attachmentsIntro')),
    body(t('documents.request.attachmentOverview')),
    body(t('documents.request.attachmentDesign')),
    body(t('documents.request.attachmentRationale')),
    body(t('documents.request.attachmentPlan', { plan: r('plan'), end: withOpinion ? ';' : '.' })),
  ];
  if (withOpinion) blocks.push(body(t('documents.request.attachmentOpinion', { specialisedUnit: r('specialisedUnit') })));
  if (d.system.contactName) {
    blocks.push(body(t('documents.request.contact', { name: d.system.contactName, phone: d.system.contactPhone ?? '…', email: d.system.contactEmail ?? '…' })));
  }
  blocks.push(body(t('documents.request.closing', { unit: d.unit.name, to })));
  blocks.push(signatureBlock(t, d.requester, d.unit, [t('documents.common.asAbove'), t('documents.common.archive', { unit: d.unit.code })]));
  return blocks;
}

/** The owner's specialised unit, addressed by its role under the owner's name (the data names no such unit). */
function specialisedUnitName({ t, d, r }: Ctx): string {
  return t('documents.opinionRequest.to', { specialisedUnit: r('specialisedUnit'), owner: d.province?.name ?? d.unit.parentName ?? d.unit.name });
}

/**
 * Form 03 (Decree 331 Art 20.2; Decree 85 Art 14.2): for levels 4–5 the operator first asks the
 * owner's specialised unit for its professional opinion on the dossier, before it goes to the appraiser.
 */
function opinionRequest(c: Ctx): Block[] {
  const { t, d, r, year, place } = c;
  const to = specialisedUnitName(c);
  const blocks: Block[] = [
    ...header(t, {
      issuer: d.unit,
      number: numberLine(t, null, d.unit.code),
      letterAbstract: t('documents.opinionRequest.abstract'),
      dateLine: placeAndDate(t, place, null, year),
      formLabel: r('formOpinionRequest'),
    }),
    p('', { after: 6 }),
    respectfully(t, to),
    body(t('documents.opinionRequest.intro', { decree: r('decree'), unit: d.unit.name, specialisedUnit: r('specialisedUnit') })),
    body(t('documents.request.system', { value: d.system.name })),
    body(t('documents.request.operator', { value: d.unit.name })),
    body(t('documents.request.address', { value: d.unit.address ?? '…' })),
    body(t('documents.request.level', { level: d.proposedLevel ?? '…' })),
    body(t('documents.request.attachmentsIntro')),
    body(t('documents.request.attachmentOverview')),
    body(t('documents.request.attachmentDesign')),
    body(t('documents.request.attachmentRationale')),
    body(t('documents.request.attachmentPlan', { plan: r('plan'), end: '.' })),
  ];
  if (d.system.contactName) {
    blocks.push(body(t('documents.request.contact', { name: d.system.contactName, phone: d.system.contactPhone ?? '…', email: d.system.contactEmail ?? '…' })));
  }
  blocks.push(body(t('documents.opinionRequest.closing', { unit: d.unit.name, to })));
  blocks.push(signatureBlock(t, d.requester, d.unit, [t('documents.common.asAbove'), t('documents.common.archive', { unit: d.unit.code })]));
  return blocks;
}

/** Form 04: the appraisal opinion, "suitable" once appraised, "not yet suitable" with the items when returned. */
function appraisalOpinion({ t, d, r, year, place }: Ctx): Block[] {
  const issuer = bodyOrg(d.appraiser, d.unit);
  const level = d.proposedLevel ?? '…';
  const blocks: Block[] = [
    ...header(t, { issuer, number: numberLine(t, null, issuer.code), dateLine: placeAndDate(t, place, d.appraisedOn, year), formLabel: r('formOpinion') }),
    ...titleBlock(t('documents.opinion.type'), t('documents.opinion.abstract', { system: d.system.name })),
    heading(t('documents.opinion.documentsHeading')),
    body(t('documents.opinion.documents', { system: d.system.name, unit: d.unit.name, version: d.version, received: shortDate(d.receivedOn), plan: r('plan') })),
    heading(t('documents.opinion.basesHeading')),
    ...lines(r('bases')).map((l) => body(l)),
  ];
  if (d.authority) blocks.push(body(t('documents.opinion.authority', { authority: d.authority.appraiser, ref: d.authority.legalRef })));
  blocks.push(
    heading(t('documents.opinion.unitsHeading')),
    body(t('documents.opinion.units', { appraiser: issuer.name, unit: d.unit.name })),
    heading(t('documents.opinion.formHeading')),
    body(t('documents.opinion.form')),
    heading(t('documents.opinion.opinionHeading')),
    body(t('documents.opinion.opinionLevel', { level, decree: r('decree') })),
    body(t('documents.opinion.opinionDesign', { plan: r('plan') })),
    body(t('documents.opinion.opinionOperation', { plan: r('plan') })),
  );
  const opinion = d.returned ? d.returned.note : d.appraisalOpinion;
  if (opinion) blocks.push(body(t('documents.opinion.opinionText', { text: opinion })));
  blocks.push(heading(t('documents.opinion.conclusionHeading')));
  if (d.returned) {
    blocks.push(body(t('documents.opinion.notSuitable', { system: d.system.name, unit: d.unit.name })));
    for (const c of d.returned.comments) blocks.push(body(t('documents.opinion.item', { section: t(`documents.sections.${c.section}`), text: c.body })));
  } else {
    blocks.push(body(t('documents.opinion.suitable', { system: d.system.name, level })));
  }
  blocks.push(signatureBlock(t, d.appraiser, issuer, [t('documents.common.recipient', { name: d.unit.name }), t('documents.common.archive', { unit: issuer.code })]));
  return blocks;
}

/** The body that approves: the decider once known, else the province (the owner, Decree 331 Art 18). */
function approverName(d: DocumentData): string {
  return d.decider?.org.name ?? d.province?.name ?? d.authority?.approver ?? '';
}

/** Form 05: the submission (tờ trình) asking the approver to approve the level. */
function submission({ t, d, r, year, place }: Ctx): Block[] {
  const issuer = bodyOrg(d.submitter ?? d.appraiser, d.unit);
  const to = approverName(d);
  const level = d.proposedLevel ?? '…';
  const appraiserName = d.appraiser?.org.name ?? issuer.name;
  const blocks: Block[] = [
    ...header(t, {
      issuer,
      number: numberLine(t, null, `${TYPE_ABBR.submission}-${issuer.code}`),
      dateLine: placeAndDate(t, place, d.submittedForApprovalOn, year),
      formLabel: r('formSubmission'),
    }),
    ...titleBlock(t('documents.submission.type'), t('documents.submission.abstract', { system: d.system.name })),
    respectfully(t, to),
    ...legalBases(lines(r('bases'))),
    body(t('documents.submission.received', { date: shortDate(d.receivedOn), appraiser: appraiserName, system: d.system.name, unit: d.unit.name, level })),
    body(t('documents.submission.appraised', { date: shortDate(d.appraisedOn), appraiser: appraiserName, level })),
  ];
  if (d.appraisalOpinion) blocks.push(body(t('documents.submission.opinion', { text: d.appraisalOpinion })));
  blocks.push(
    body(
      d.regulationNo && d.regulationIssuedOn
        ? t('documents.submission.regulation', { unit: d.unit.name, no: d.regulationNo, date: shortDate(d.regulationIssuedOn) })
        : t('documents.submission.regulationMissing', { unit: d.unit.name }),
    ),
    body(t('documents.submission.request', { issuer: issuer.name, to, level, system: d.system.name })),
    p(t('documents.submission.enclosed'), { italics: true, indent: true, align: 'justify' }),
    signatureBlock(t, d.submitter, issuer, [t('documents.common.asAbove'), t('documents.common.archive', { unit: issuer.code })]),
  );
  return blocks;
}

/** Form 06: the decision approving the level (Điều 1 level, Điều 2 duties, Điều 3 implementation). */
function decision({ t, d, r, year, place }: Ctx): Block[] {
  const issuer = bodyOrg(d.decider, d.province ?? d.unit);
  const level = d.approvedLevel ?? d.proposedLevel ?? '…';
  const appraiserName = d.appraiser?.org.name ?? d.authority?.appraiser ?? '';
  const proposer = d.submitter?.org.name ?? appraiserName;
  const article = (n: number, text: string): Paragraph => ({ kind: 'p', runs: [{ text: `${t('documents.common.article', { n })} `, bold: true }, { text }], indent: true, align: 'justify' });
  return [
    ...header(t, { issuer, number: numberLine(t, d.decisionNo, `${TYPE_ABBR.decision}-${issuer.code}`), dateLine: placeAndDate(t, place, d.decisionDate, year), formLabel: r('formDecision') }),
    ...titleBlock(t('documents.decision.type'), t('documents.decision.abstract', { system: d.system.name })),
    p(upper(issuer.name), { align: 'center', bold: true, after: 12 }),
    ...legalBases(lines(r('bases')), false),
    p(t('documents.decision.proposal', { proposer }), { italics: true, indent: true, align: 'justify' }),
    p(t('documents.common.decides'), { align: 'center', bold: true, before: 12, after: 12 }),
    article(1, t('documents.decision.article1', { level, system: d.system.name, operator: d.unit.name, plan: r('plan'), standard: r('standard') })),
    article(2, t('documents.decision.article2', { operator: d.unit.name })),
    body(t('documents.decision.duty1', { plan: r('plan') })),
    body(t('documents.decision.duty2')),
    body(t('documents.decision.duty3')),
    body(
      d.regulationNo && d.regulationIssuedOn
        ? t('documents.decision.duty4', { no: d.regulationNo, date: shortDate(d.regulationIssuedOn) })
        : t('documents.decision.duty4None'),
    ),
    article(3, t('documents.decision.article3', { supervisor: appraiserName, operator: d.unit.name })),
    signatureBlock(t, d.decider, issuer, [
      t('documents.common.asArticle3'),
      ...(appraiserName ? [t('documents.common.recipient', { name: appraiserName })] : []),
      t('documents.common.archive', { unit: issuer.code }),
    ]),
  ];
}

/**
 * Form 07 (Decree 331 Art 20.5; Decree 85 Art 12): for a level-5 system the Prime Minister approves
 * the list and the owner approves the security plan — the structure of Form 06, about the plan.
 */
function planDecision({ t, d, r, year, place }: Ctx): Block[] {
  const issuer = bodyOrg(d.decider, d.province ?? d.unit);
  const level = d.approvedLevel ?? d.proposedLevel ?? '…';
  const appraiserName = d.appraiser?.org.name ?? d.authority?.appraiser ?? '';
  const proposer = d.submitter?.org.name ?? appraiserName;
  const article = (n: number, text: string): Paragraph => ({ kind: 'p', runs: [{ text: `${t('documents.common.article', { n })} `, bold: true }, { text }], indent: true, align: 'justify' });
  return [
    ...header(t, { issuer, number: numberLine(t, null, `${TYPE_ABBR.decision}-${issuer.code}`), dateLine: placeAndDate(t, place, d.decisionDate, year), formLabel: r('formPlanDecision') }),
    ...titleBlock(t('documents.decision.type'), t('documents.planDecision.abstract', { plan: r('plan'), system: d.system.name })),
    p(upper(issuer.name), { align: 'center', bold: true, after: 12 }),
    ...legalBases(lines(r('bases')), false),
    p(t('documents.decision.proposal', { proposer }), { italics: true, indent: true, align: 'justify' }),
    p(t('documents.common.decides'), { align: 'center', bold: true, before: 12, after: 12 }),
    article(1, t('documents.planDecision.article1', { plan: r('plan'), system: d.system.name, operator: d.unit.name, level, standard: r('standard') })),
    ...(d.decisionNo && d.decisionDate ? [body(t('documents.planDecision.levelDecision', { no: d.decisionNo, date: shortDate(d.decisionDate), level }))] : []),
    article(2, t('documents.decision.article2', { operator: d.unit.name })),
    body(t('documents.planDecision.duty1', { plan: r('plan') })),
    body(t('documents.planDecision.duty2')),
    body(t('documents.planDecision.duty3')),
    body(
      d.regulationNo && d.regulationIssuedOn
        ? t('documents.decision.duty4', { no: d.regulationNo, date: shortDate(d.regulationIssuedOn) })
        : t('documents.decision.duty4None'),
    ),
    article(3, t('documents.decision.article3', { supervisor: appraiserName, operator: d.unit.name })),
    signatureBlock(t, d.decider, issuer, [
      t('documents.common.asArticle3'),
      ...(appraiserName ? [t('documents.common.recipient', { name: appraiserName })] : []),
      t('documents.common.archive', { unit: issuer.code }),
    ]),
  ];
}

/** The dossier itself (hồ sơ đề xuất cấp độ): its sections, the level proposal and the plan's 7 parts. */
function overview({ t, d, r, year, place }: Ctx): Block[] {
  const empty = t('documents.common.empty');
  const s = d.sections;
  const blocks: Block[] = [
    ...header(t, { issuer: d.unit, number: numberLine(t, null, d.unit.code), dateLine: placeAndDate(t, place, d.receivedOn, year) }),
    ...titleBlock(t('documents.overview.type'), t('documents.overview.abstract', { system: d.system.name })),
    body(t('documents.overview.meta', { unit: d.unit.name, code: d.system.code, version: d.version, state: d.stateLabel })),
    body(t('documents.overview.regime', { regime: d.regimeName, ref: d.regimeRef })),
    body(d.proposedLevel === null ? t('documents.overview.levelNone') : t('documents.overview.level', { level: d.proposedLevel })),
    heading(upper(t('documents.overview.partOverview'))),
    ...bodyText(s.overview, empty),
    heading(upper(t('documents.overview.partDesign'))),
    ...bodyText(s.design, empty),
    heading(upper(t('documents.overview.partRationale'))),
    ...bodyText(s.level_rationale, empty),
  ];
  if (d.criteria.length) {
    blocks.push(body(t('documents.overview.criteriaIntro')));
    blocks.push({
      kind: 'table',
      widthsMm: [34, 18, CONTENT_WIDTH_MM - 52],
      header: [t('documents.overview.criteriaRef'), t('documents.overview.criteriaLevel'), t('documents.overview.criteriaText')],
      rows: d.criteria.map((c) => [c.legalRef, String(c.level), c.text]),
      size: 12,
    });
  }
  blocks.push(heading(upper(t('documents.overview.partPlan', { plan: r('plan') }))));
  SECURITY_PLAN_PARTS.forEach((part, i) => {
    blocks.push(p(t(`documents.planParts.${part}`, { n: i + 1 }), { bold: true, italics: true, indent: true, align: 'justify' }));
    blocks.push(...bodyText(s.security_plan?.[part], empty));
  });
  if (s.specialised_opinion?.trim() || (d.proposedLevel ?? 0) >= 4) {
    blocks.push(heading(upper(t('documents.overview.partOpinion', { specialisedUnit: r('specialisedUnit') }))));
    blocks.push(...bodyText(s.specialised_opinion, empty));
  }
  if (d.attachments.length) {
    blocks.push(heading(upper(t('documents.overview.attachmentsHeading'))));
    for (const a of d.attachments) blocks.push(body(t('documents.overview.attachment', { name: a.fileName, section: t(`documents.sections.${a.section}`) })));
  }
  blocks.push(signatureBlock(t, d.requester, d.unit, [t('documents.common.archive', { unit: d.unit.code })]));
  return blocks;
}
