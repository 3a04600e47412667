/**
 * The document model → PDF with pdfmake, in Liberation Serif (metric-compatible with Times New Roman
 * and, from fonts-liberation2 on, with every Vietnamese glyph; the 1.x package has none).
 * The font directory comes from KHIEN_PDF_FONT_DIR, default Debian's fonts-liberation2.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type PdfMake from 'pdfmake';
import { AppError } from '../../http/errors';
import {
  CONTENT_WIDTH_MM,
  FIRST_LINE_INDENT_MM,
  LANDSCAPE_CONTENT_WIDTH_MM,
  LINE_SPACING,
  PAGE,
  PARAGRAPH_AFTER_PT,
  splitPages,
  type Block,
  type DocumentModel,
  type Paragraph,
} from './documents.model';

export const DEFAULT_FONT_DIR = '/usr/share/fonts/truetype/liberation2';
const FONT = 'LiberationSerif';
const FILES = { normal: 'Regular', bold: 'Bold', italics: 'Italic', bolditalics: 'BoldItalic' } as const;

const pt = (mm: number) => (mm * 72) / 25.4;

/** The configured font directory, checked once per directory: a missing font is an install error, said plainly. */
const checked = new Map<string, boolean>();
export function fontDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = path.resolve(env.KHIEN_PDF_FONT_DIR || DEFAULT_FONT_DIR);
  if (!checked.has(dir)) checked.set(dir, Object.values(FILES).every((f) => existsSync(path.join(dir, `${FONT}-${f}.ttf`))));
  if (!checked.get(dir)) throw new AppError('internal', 'errors.documents.fontsMissing', { dir });
  return dir;
}

/** pdfmake is large (about 25 MB once loaded): loaded on the first PDF, not at start. */
let loaded: Promise<typeof PdfMake> | null = null;

async function configure(dir: string): Promise<typeof PdfMake> {
  loaded ??= import('pdfmake').then((m) => m.default);
  const pdfmake = await loaded;
  pdfmake.setFonts({ [FONT]: Object.fromEntries(Object.entries(FILES).map(([k, f]) => [k, path.join(dir, `${FONT}-${f}.ttf`)])) as Record<keyof typeof FILES, string> });
  // Nothing is fetched: no URL at all, and local reads only of the font files.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(dir + path.sep));
  return pdfmake;
}

function paragraph(b: Paragraph): object {
  return {
    // An empty paragraph still takes its line, as in Word.
    text: b.runs.some((r) => r.text) ? b.runs.map((r) => ({ text: r.text, bold: r.bold, italics: r.italics, decoration: r.underline ? 'underline' : undefined })) : '\u00a0',
    alignment: b.align ?? 'left',
    fontSize: b.size,
    leadingIndent: b.indent ? pt(FIRST_LINE_INDENT_MM) : undefined,
    margin: [0, b.before ?? 0, 0, b.after ?? PARAGRAPH_AFTER_PT],
  };
}

function render(blocks: Block[], availMm: number): object[] {
  return blocks.map((b) => {
    switch (b.kind) {
      case 'page':
        // Cut into runs of pages by renderPdf before rendering.
        return { text: '' };
      case 'p':
        return paragraph(b);
      case 'rule':
        return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: pt(b.widthMm), y2: 0, lineWidth: 0.6 }], margin: [pt(Math.max(0, (availMm - b.widthMm) / 2)), 1, 0, 1] };
      case 'columns':
        return { columnGap: 0, columns: b.columns.map((col, i) => ({ width: pt(b.widthsMm[i] ?? 0), stack: render(col, b.widthsMm[i] ?? 0) })) };
      case 'table':
        return {
          fontSize: b.size,
          margin: [0, 0, 0, PARAGRAPH_AFTER_PT],
          table: {
            headerRows: 1,
            widths: b.widthsMm.map((w) => pt(w) - 8),
            body: [b.header.map((h) => ({ text: h, bold: true, alignment: 'center' })), ...b.rows.map((row) => row.map((c) => ({ text: c })))],
          },
        };
    }
  });
}

export async function renderPdf(model: DocumentModel, dir = fontDir()): Promise<Buffer> {
  const pdfmake = await configure(dir);
  const definition = {
    info: { title: model.title, creator: 'Khiên' },
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [pt(PAGE.leftMm), pt(PAGE.topMm), pt(PAGE.rightMm), pt(PAGE.bottomMm)],
    // Decree 30: page numbers centred in the top margin, not on the first page.
    header: (page: number) => (page === 1 ? null : { text: String(page), alignment: 'center', fontSize: model.size, margin: [0, pt(8), 0, 0] }),
    defaultStyle: { font: FONT, fontSize: model.size, lineHeight: LINE_SPACING },
    content: splitPages(model.blocks).flatMap((part, i) => [
      ...(i === 0 ? [] : [{ text: '', pageBreak: 'before', pageOrientation: part.landscape ? 'landscape' : 'portrait' }]),
      ...render(part.blocks, part.landscape ? LANDSCAPE_CONTENT_WIDTH_MM : CONTENT_WIDTH_MM),
    ]),
  };
  return pdfmake.createPdf(definition).getBuffer();
}
