/** The document model → DOCX (Word), Times New Roman, A4 portrait with the Decree 30 margins. */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph as DocxParagraph,
  Table as DocxTable,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import {
  BODY_FONT,
  CONTENT_WIDTH_MM,
  FIRST_LINE_INDENT_MM,
  LANDSCAPE_CONTENT_WIDTH_MM,
  LINE_SPACING,
  PAGE,
  PARAGRAPH_AFTER_PT,
  splitPages,
  type Align,
  type Block,
  type DocumentModel,
  type Paragraph,
} from './documents.model';

const twip = (mm: number) => Math.round(convertMillimetersToTwip(mm));
const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

function paragraph(b: Paragraph, size: number): DocxParagraph {
  const pt = b.size ?? size;
  return new DocxParagraph({
    alignment: ALIGN[b.align ?? 'left'],
    indent: b.indent ? { firstLine: twip(FIRST_LINE_INDENT_MM) } : undefined,
    spacing: { before: (b.before ?? 0) * 20, after: (b.after ?? PARAGRAPH_AFTER_PT) * 20, line: Math.round(240 * LINE_SPACING) },
    children: b.runs.map(
      (r) => new TextRun({ text: r.text, bold: r.bold, italics: r.italics, underline: r.underline ? { type: UnderlineType.SINGLE } : undefined, size: pt * 2, font: BODY_FONT }),
    ),
  });
}

/** A short centred line: an empty paragraph with a bottom border, narrowed by its indents. */
function rule(widthMm: number, availMm: number): DocxParagraph {
  const side = twip(Math.max(0, (availMm - widthMm) / 2));
  return new DocxParagraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: 120 },
    border: { bottom: { ...LINE, space: 1 } },
    children: [new TextRun({ text: '', size: 4 })],
  });
}

function render(blocks: Block[], size: number, availMm: number): (DocxParagraph | DocxTable)[] {
  const out: (DocxParagraph | DocxTable)[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'p':
        out.push(paragraph(b, size));
        break;
      case 'rule':
        out.push(rule(b.widthMm, availMm));
        break;
      case 'columns':
        out.push(
          new DocxTable({
            layout: TableLayoutType.FIXED,
            width: { size: twip(b.widthsMm.reduce((a, w) => a + w, 0)), type: WidthType.DXA },
            columnWidths: b.widthsMm.map(twip),
            borders: NO_BORDERS,
            rows: [
              new TableRow({
                children: b.columns.map((col, i) => {
                  const w = b.widthsMm[i] ?? 0;
                  const children = render(col, size, w - 4);
                  return new TableCell({ width: { size: twip(w), type: WidthType.DXA }, borders: NO_BORDERS, children: children.length ? children : [new DocxParagraph({})] });
                }),
              }),
            ],
          }),
        );
        break;
      case 'page':
        // Cut into sections by renderDocx before rendering.
        break;
      case 'table': {
        const cellSize = b.size ?? size;
        const cell = (text: string, w: number, bold: boolean) =>
          new TableCell({
            width: { size: twip(w), type: WidthType.DXA },
            children: [paragraph({ kind: 'p', runs: [{ text, bold }], align: bold ? 'center' : 'left', size: cellSize, after: 2 }, cellSize)],
          });
        const borders = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };
        out.push(
          new DocxTable({
            layout: TableLayoutType.FIXED,
            width: { size: twip(b.widthsMm.reduce((a, w) => a + w, 0)), type: WidthType.DXA },
            columnWidths: b.widthsMm.map(twip),
            borders,
            rows: [
              new TableRow({ tableHeader: true, children: b.header.map((h, i) => cell(h, b.widthsMm[i] ?? 0, true)) }),
              ...b.rows.map((row) => new TableRow({ children: row.map((c, i) => cell(c, b.widthsMm[i] ?? 0, false)) })),
            ],
          }),
        );
        break;
      }
    }
  }
  return out;
}

export async function renderDocx(model: DocumentModel): Promise<Buffer> {
  const doc = new Document({
    title: model.title,
    creator: 'Khiên',
    styles: { default: { document: { run: { font: BODY_FONT, size: model.size * 2 } } } },
    // One section per run of pages of one orientation; page numbers run on across them.
    sections: splitPages(model.blocks).map((part, i) => ({
      properties: {
        page: {
          size: { width: twip(PAGE.widthMm), height: twip(PAGE.heightMm), orientation: part.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: { top: twip(PAGE.topMm), bottom: twip(PAGE.bottomMm), left: twip(PAGE.leftMm), right: twip(PAGE.rightMm), header: twip(10) },
        },
        // Decree 30: page numbers centred in the top margin, not on the first page.
        titlePage: i === 0,
      },
      headers: {
        ...(i === 0 ? { first: new Header({ children: [] }) } : {}),
        default: new Header({
          children: [new DocxParagraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: model.size * 2, font: BODY_FONT })] })],
        }),
      },
      children: render(part.blocks, model.size, part.landscape ? LANDSCAPE_CONTENT_WIDTH_MM : CONTENT_WIDTH_MM),
    })),
  });
  return Packer.toBuffer(doc);
}
