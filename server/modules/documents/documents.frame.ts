/**
 * The frame every administrative document shares, after Decree 30/2020/NĐ-CP Appendix I
 * (../shared/domain/legal-framework.md §9): issuing body and national title side by side, number and
 * symbol, place and date, type and abstract, legal bases, "Kính gửi", recipients and signature.
 * Pure: texts come from the `documents` namespace of the i18n catalogue.
 */
import type { TFunction } from 'i18next';
import type { OrgKind } from '@shared/domain/orgs';
import { CONTENT_WIDTH_MM, p, type Block, type Paragraph } from './documents.model';

export interface OrgInfo {
  name: string;
  code: string;
  kind: OrgKind;
  parentName: string | null;
  address: string | null;
}

export interface Signer {
  fullName: string;
  title: string | null;
  org: OrgInfo;
}

/** Decree 30 sizes that move together: title 13, motto 14, body and date 14. */
export const SIZE = { title: 13, motto: 14, body: 14, recipients: 12, recipientList: 11, formLabel: 12 } as const;

const HEADER_LEFT_MM = 68;
const HEADER_RIGHT_MM = CONTENT_WIDTH_MM - HEADER_LEFT_MM;

export const upper = (s: string): string => s.toLocaleUpperCase('vi');

/** Bodies of a level of government sign collectively ("TM.") and carry no parent body above their name. */
function isCollective(kind: OrgKind): boolean {
  return kind === 'province' || kind === 'commune';
}

/**
 * "Tuyên Quang, ngày 05 tháng 01 năm 2026": Decree 30 pads the day below 10 and the months 1 and 2.
 * A document not yet dated keeps blanks for the clerk to fill in by hand.
 */
export function placeAndDate(t: TFunction, place: string, day: string | null, year: number): string {
  if (!day) return t('documents.common.placeDate', { place, day: '\u00a0'.repeat(6), month: '\u00a0'.repeat(6), year });
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return t('documents.common.placeDate', { place, day: String(d).padStart(2, '0'), month: m <= 2 ? String(m).padStart(2, '0') : String(m), year: y });
}

/** dd/mm/yyyy, the short form used inside the body. */
export function shortDate(day: string | null): string {
  if (!day) return '…';
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** The place of the date line: the province the body sits in, from the province's name. */
export function placeOf(t: TFunction, province: OrgInfo | null, fallback: OrgInfo): string {
  const name = province?.name ?? fallback.name;
  const prefixes = t('documents.common.placePrefixes').split('|').filter(Boolean);
  const lower = name.toLocaleLowerCase('vi');
  const hit = prefixes.find((pre) => lower.startsWith(pre.toLocaleLowerCase('vi')));
  return hit ? name.slice(hit.length) : name;
}

export interface HeaderInput {
  issuer: OrgInfo;
  /** The whole number and symbol ("15/QĐ-UBND"), or the symbol alone to leave the number blank. */
  number: string;
  /** "V/v …" under the number, for an official letter (công văn). */
  letterAbstract?: string;
  dateLine: string;
  /** "Mẫu số 06" where the regime's appendix has the form. */
  formLabel?: string;
}

/** Number and symbol: the office registers the number, so an unregistered one stays blank. */
export function numberLine(t: TFunction, registered: string | null, symbol: string): string {
  return t('documents.common.number', { value: registered ?? `${'\u00a0'.repeat(7)}/${symbol}` });
}

export function header(t: TFunction, h: HeaderInput): Block[] {
  const left: Block[] = [];
  if (h.issuer.parentName && !isCollective(h.issuer.kind)) left.push(p(upper(h.issuer.parentName), { align: 'center', size: SIZE.title, after: 0 }));
  left.push(p(upper(h.issuer.name), { align: 'center', size: SIZE.title, bold: true, after: 0 }));
  left.push({ kind: 'rule', widthMm: 22 });
  left.push(p(h.number, { align: 'center', size: 13, before: 4, after: 0 }));
  if (h.letterAbstract) left.push(p(h.letterAbstract, { align: 'center', size: 12, before: 2, after: 0 }));
  const right: Block[] = [
    p(t('documents.common.nationalTitle'), { align: 'center', size: SIZE.title, bold: true, after: 0 }),
    p(t('documents.common.motto'), { align: 'center', size: SIZE.motto, bold: true, underline: true, after: 0 }),
    p(h.dateLine, { align: 'center', size: SIZE.body, italics: true, before: 10, after: 0 }),
  ];
  const blocks: Block[] = [];
  if (h.formLabel) blocks.push(p(h.formLabel, { align: 'right', size: SIZE.formLabel, bold: true, after: 4 }));
  blocks.push({ kind: 'columns', widthsMm: [HEADER_LEFT_MM, HEADER_RIGHT_MM], columns: [left, right] });
  return blocks;
}

/** Type name and abstract, centred bold, the abstract underlined by a short rule. */
export function titleBlock(type: string, abstract: string): Block[] {
  return [
    p(type, { align: 'center', bold: true, before: 18, after: 0 }),
    p(abstract, { align: 'center', bold: true, after: 0 }),
    { kind: 'rule', widthMm: 40 },
    p('', { after: 6 }),
  ];
}

/** "Căn cứ …" lines: italic, one per line, the last ending with "." unless followed by more bases. */
export function legalBases(lines: string[], last = true): Paragraph[] {
  return lines.map((line, i) => {
    const text = last && i === lines.length - 1 ? line.replace(/;$/, '.') : line;
    return p(text, { italics: true, indent: true, align: 'justify' });
  });
}

/** Body paragraphs from a text with line breaks: one justified, indented paragraph per line. */
export function bodyText(text: string | null | undefined, empty: string): Paragraph[] {
  const lines = (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (!lines.length) return [p(empty, { italics: true, indent: true, align: 'justify' })];
  return lines.map((l) => p(l, { indent: true, align: 'justify' }));
}

export const body = (text: string): Paragraph => p(text, { indent: true, align: 'justify' });
export const heading = (text: string): Paragraph => p(text, { bold: true, align: 'justify', before: 6 });

export function respectfully(t: TFunction, to: string): Paragraph {
  return { kind: 'p', runs: [{ text: `${t('documents.common.respectfully')} ` }, { text: to }], align: 'center', before: 6, after: 12 };
}

/** Recipients on the left ("Nơi nhận:" 12 pt bold italic, list 11 pt), signature on the right. */
export function signatureBlock(t: TFunction, signer: Signer | null, issuer: OrgInfo, recipients: string[]): Block {
  const left: Block[] = [
    p(t('documents.common.recipients'), { size: SIZE.recipients, bold: true, italics: true, before: 12, after: 0 }),
    ...recipients.map((r) => p(r, { size: SIZE.recipientList, after: 0 })),
  ];
  const right: Block[] = [];
  if (isCollective(issuer.kind)) right.push(p(t('documents.common.onBehalf', { body: t('documents.common.collectiveBody') }), { align: 'center', bold: true, before: 12, after: 0 }));
  right.push(p(upper(signer?.title ?? t('documents.common.headTitle')), { align: 'center', bold: true, before: right.length ? 0 : 12, after: 0 }));
  // Room for the signature (and the seal) between the title and the name.
  right.push(p('', { after: 64 }));
  right.push(p(signer?.fullName ?? '', { align: 'center', bold: true, after: 0 }));
  return { kind: 'columns', widthsMm: [80, CONTENT_WIDTH_MM - 80], columns: [left, right] };
}
