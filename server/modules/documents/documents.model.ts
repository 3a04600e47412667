/**
 * The one document model both renderers read (documents.docx.ts, documents.pdf.ts): the builders
 * decide the content and the Decree 30/2020 layout once, the renderers only translate it.
 * Lengths in millimetres, font sizes in points.
 */

export interface Run {
  text: string;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
}

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface Paragraph {
  kind: 'p';
  runs: Run[];
  align?: Align;
  /** Points; the document's body size when absent. */
  size?: number;
  /** Body text: first-line indent of FIRST_LINE_INDENT_MM. */
  indent?: boolean;
  /** Points before and after. */
  before?: number;
  after?: number;
}

/** A short centred horizontal line: the underline of the issuing body and of the abstract. */
export interface Rule {
  kind: 'rule';
  widthMm: number;
}

/** Side-by-side blocks without borders (the header, the recipients and signature). */
export interface Columns {
  kind: 'columns';
  widthsMm: number[];
  columns: Block[][];
}

export interface Table {
  kind: 'table';
  widthsMm: number[];
  header: string[];
  rows: string[][];
  size?: number;
}

/**
 * A new page from here on, in the given orientation (Decree 30 allows landscape for table-heavy
 * pages, e.g. the per-system appendix of the annual report).
 */
export interface PageBreak {
  kind: 'page';
  landscape: boolean;
}

export type Block = Paragraph | Rule | Columns | Table | PageBreak;

export interface DocumentModel {
  title: string;
  /** Body size in points (Decree 30: 13–14). */
  size: number;
  blocks: Block[];
}

/** Decree 30/2020 Appendix I: A4 portrait; margins top/bottom 20–25, left 30–35, right 15–20 mm. */
export const PAGE = { widthMm: 210, heightMm: 297, topMm: 20, bottomMm: 20, leftMm: 30, rightMm: 15 } as const;
export const CONTENT_WIDTH_MM = PAGE.widthMm - PAGE.leftMm - PAGE.rightMm;
/** The same margins on a landscape page. */
export const LANDSCAPE_CONTENT_WIDTH_MM = PAGE.heightMm - PAGE.leftMm - PAGE.rightMm;

/** The blocks cut into runs of pages of one orientation, at each page break (the first run is portrait). */
export function splitPages(blocks: Block[]): { landscape: boolean; blocks: Block[] }[] {
  const parts: { landscape: boolean; blocks: Block[] }[] = [{ landscape: false, blocks: [] }];
  for (const b of blocks) {
    if (b.kind === 'page') parts.push({ landscape: b.landscape, blocks: [] });
    else parts.at(-1)?.blocks.push(b);
  }
  return parts;
}
/** Decree 30: first-line indent 1 cm or 1.27 cm. */
export const FIRST_LINE_INDENT_MM = 12.7;
/** Decree 30: paragraph spacing at least 6 pt. */
export const PARAGRAPH_AFTER_PT = 6;
/** Decree 30: line spacing single to 1.5 lines. */
export const LINE_SPACING = 1.15;
export const BODY_FONT = 'Times New Roman';

export const p = (text: string, opts: Omit<Paragraph, 'kind' | 'runs'> & Omit<Run, 'text'> = {}): Paragraph => {
  const { bold, italics, underline, ...rest } = opts;
  return { kind: 'p', runs: [{ text, bold, italics, underline }], ...rest };
};
