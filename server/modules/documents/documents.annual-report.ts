/**
 * The annual report of cybersecurity work for information systems: Form 08 of Decree 331/2026
 * (Art 35–36), under Decree 85 the report of Circular 12/2022 Art 13–14 (legal-framework.md §3.7,
 * §4.5, §10.8). Pure: the totals are the figures page's (server/modules/figures), the appendix lists
 * each system in landscape (Decree 30 allows it for table-heavy pages).
 */
import type { TFunction } from 'i18next';
import type { AnnualReportData, ReportSystem } from '../figures';
import type { Regime } from '@shared/domain/systems';
import { p, type Block, type DocumentModel } from './documents.model';
import { SIZE, body, header, heading, numberLine, placeAndDate, placeOf, respectfully, shortDate, signatureBlock, titleBlock, upper, type OrgInfo } from './documents.frame';

export interface AnnualReportInput {
  regime: Regime;
  year: number;
  data: AnnualReportData;
  issuer: OrgInfo;
  /** The province (the owner), null when the province itself reports. */
  province: OrgInfo | null;
  /** Today in Vietnam (YYYY-MM-DD). */
  today: string;
}

/** Form 08 item 7: approved systems checked periodically within the data period. */
export function countApprovedAndChecked(systems: ReportSystem[]): number {
  return systems.filter((s) => s.approvedLevel !== null && (s.check === 'periodic' || s.check === 'both')).length;
}

/** Form 08 item 8: the latest expected approval date of the systems not yet approved. */
export function expectedCompletion(systems: ReportSystem[]): string | null {
  return systems.reduce<string | null>((max, s) => (s.expectedApprovalOn && (!max || s.expectedApprovalOn > max) ? s.expectedApprovalOn : max), null);
}

/** Column widths of the appendix (mm), summing to the landscape content width (297 − 30 − 15). */
const COLUMNS_MM = [10, 34, 26, 14, 22, 28, 22, 21, 22, 21, 20, 12];

export function buildAnnualReport(t: TFunction, input: AnnualReportInput): DocumentModel {
  const { data, issuer, year } = input;
  const r = (key: string, params: Record<string, unknown> = {}) => t(`documents.regimes.${input.regime}.${key}`, params);
  const a = (key: string, params: Record<string, unknown> = {}) => t(`documents.annualReport.${key}`, params);
  const totals = data.figures.totals;
  const d = totals.dossiers;
  const isProvince = input.province === null;
  const place = placeOf(t, input.province, issuer);
  // A unit reports to its owner (the province); the province to the Ministry of Public Security, which
  // has managed network information security since 01/3/2025 (Decree 02/2025) under both regimes.
  const to = isProvince ? r('reportTo') : (input.province?.name ?? '');
  const levels = (['1', '2', '3', '4', '5'] as const).map((l) => a('levelN', { level: l, count: totals.byApprovedLevel[l] })).join('; ');
  const completion = expectedCompletion(data.systems);
  const symbol = `BC-${issuer.code}`;

  const blocks: Block[] = [
    ...header(t, { issuer, number: numberLine(t, null, symbol), dateLine: placeAndDate(t, place, null, Number(input.today.slice(0, 4))), formLabel: r('formAnnualReport') }),
    ...titleBlock(a('type'), r('reportAbstract', { year })),
    respectfully(t, to),
    body(a('intro', { decree: r('decree'), issuer: issuer.name, year })),
    body(a('period', { from: shortDate(data.period.from), to: shortDate(data.period.to), asOf: shortDate(data.figures.asOf) })),
    body(a(isProvince ? 'dueExternal' : 'dueInternal', { date: shortDate(isProvince ? data.period.externalDue : data.period.internalDue), decree: r('decree') })),
    heading(a('generalHeading')),
    body(a('reporter', { name: issuer.name, address: issuer.address ?? '…' })),
    body(a('units', { units: totals.units, without: totals.unitsWithoutSubmission })),
    heading(a('totalsHeading')),
    body(a('systems', { count: totals.systems, important: totals.important })),
    body(a('classified', { count: totals.classified })),
    body(a('prepared', { count: d.drafting + d.submitted })),
    body(a('submitted', { count: d.submitted })),
    body(a('appraised', { count: d.appraised + d.approved })),
    body(a('approved', { count: d.approved })),
    body(a('approvedChecked', { count: countApprovedAndChecked(data.systems) })),
    body(a('completion', { date: completion ? shortDate(completion) : a('completionNone') })),
    body(a('byLevel', { levels })),
    body(a('inProgress', { underAppraisal: d.underAppraisal, returned: d.returned, overdue: d.overdue })),
    heading(a('listHeading')),
    body(a('listRef', { count: data.systems.length })),
    heading(a('proposalsHeading')),
    p('', { indent: true }),
    signatureBlock(t, null, issuer, [t('documents.common.asAbove'), t('documents.common.archive', { unit: issuer.code })]),
    { kind: 'page', landscape: true },
    p(a('appendix'), { align: 'center', bold: true, after: 0 }),
    p(upper(a('appendixTitle', { year })), { align: 'center', bold: true, after: 0 }),
    p(a('appendixRef', { number: `${'\u00a0'.repeat(7)}/${symbol}`, issuer: issuer.name }), { align: 'center', italics: true, after: 0 }),
    { kind: 'rule', widthMm: 40 },
    p('', { after: 6 }),
    {
      kind: 'table',
      widthsMm: COLUMNS_MM,
      header: ['no', 'system', 'operator', 'proposedLevel', 'status', 'decision', 'regulation', 'expectedApproval', 'deployment', 'expectedDeployment', 'check', 'approvedLevel'].map((c) => a(`columns.${c}`)),
      rows: data.systems.map((s, i) => row(a, s, i)),
      size: 10,
    },
  ];
  return { title: `${a('type')} - ${issuer.name} - ${year}`, size: SIZE.body, blocks };
}

function row(a: (key: string, params?: Record<string, unknown>) => string, s: ReportSystem, i: number): string[] {
  const level = (l: number | null) => (l === null ? '' : String(l));
  const decision = s.decisionNo ? a('decisionCell', { no: s.decisionNo, date: shortDate(s.decisionDate), issuer: s.decisionIssuer ?? '' }).trim() : '';
  const regulation = s.regulationNo ? a('regulationCell', { no: s.regulationNo, date: shortDate(s.regulationIssuedOn) }) : '';
  return [
    String(i + 1),
    `${s.name} (${s.code})`,
    s.orgName,
    level(s.proposedLevel),
    s.status ? a(`statuses.${s.status}`) : '',
    decision,
    regulation,
    s.expectedApprovalOn ? shortDate(s.expectedApprovalOn) : '',
    s.deployment ? a(`deployments.${s.deployment}`) : '',
    s.expectedFullDeploymentOn ? shortDate(s.expectedFullDeploymentOn) : '',
    s.check ? a(`checks.${s.check}`) : '',
    level(s.approvedLevel),
  ];
}
