import { createHash } from 'node:crypto';
import { once } from 'node:events';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { inspectUpload, UPLOAD_LIMITS } from './inspect';

// Every fixture is built here, from bytes: a tiny ZIP writer (so the tests control names, flags and
// declared sizes), a minimal PDF, PNG and JPEG, and a real workbook from exceljs.

const MiB = 1024 * 1024;

type ZipInput = {
  name: string;
  data?: Buffer;
  /** Pre-compressed deflate data, for entries too big to hold inflated. */
  raw?: { compressed: Buffer; size: number; crc: number };
  stored?: boolean;
  flags?: number;
  /** Lie about the inflated size in both headers. */
  declaredSize?: number;
};

function makeZip(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = e.data ?? Buffer.alloc(0);
    const body = e.raw ? e.raw.compressed : e.stored ? data : zlib.deflateRawSync(data);
    const crc = e.raw ? e.raw.crc : zlib.crc32(data);
    const size = e.declaredSize ?? (e.raw ? e.raw.size : data.length);
    const method = e.stored ? 0 : 8;
    const flags = 0x800 | (e.flags ?? 0);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Deflates `total` bytes of `unit` repeated, one MiB at a time, so the test never holds them inflated. */
async function deflateRepeated(unit: Buffer, total: number) {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  let crc = 0;
  for (let written = 0; written < total; written += unit.length) {
    crc = zlib.crc32(unit, crc);
    if (!deflate.write(unit)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  return { compressed: Buffer.concat(out), size: total, crc };
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
const WORD_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

function contentTypes(mainType = WORD_MAIN) {
  return xml(
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/word/document.xml" ContentType="${mainType}"/>` +
      '</Types>',
  );
}

/** A minimal WordprocessingML package, as Word writes it, plus any extra entries. */
function makeDocx(extra: ZipInput[] = [], mainType = WORD_MAIN): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', data: contentTypes(mainType) },
    {
      name: '_rels/.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
          '</Relationships>',
      ),
    },
    {
      name: 'word/document.xml',
      data: xml(
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
          '<w:body><w:p><w:r><w:t>Sơ đồ mạng</w:t></w:r></w:p></w:body></w:document>',
      ),
    },
    ...extra,
  ]);
}

async function makeXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Thiết bị').addRows([
    ['Tên', 'IP'],
    ['Tường lửa', '10.0.0.1'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function makePdf(tail = ''): Buffer {
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o) => {
    const at = body.length;
    body += o;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer << /Size 4 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n${tail}`;
  return Buffer.from(body, 'latin1');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed) >>> 0);
  return Buffer.concat([len, typed, crc]);
}

/** A grey RGB PNG; the declared size may exceed the pixel data (the header is all a pixel flood needs). */
function makePng(width: number, height: number, pixelRows = height): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(Math.min(width, 64) * 3, 0x80)]);
  const idat = zlib.deflateSync(Buffer.concat(Array.from({ length: Math.min(pixelRows, 64) }, () => row)));
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A baseline greyscale JPEG of one flat 8×8 block: quantisation all 1, one-code Huffman tables
 * (DC category 0, AC end-of-block), so the whole scan is the two bits "00" padded with ones.
 */
function makeJpeg(width = 8, height = 8): Buffer {
  const seg = (marker: number, payload: number[]) => [0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
  const bits = (n: number) => [1, ...Array<number>(15).fill(0), n];
  return Buffer.from([
    0xff, 0xd8,
    ...seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...seg(0xdb, [0x00, ...Array<number>(64).fill(1)]),
    ...seg(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...seg(0xc4, [0x00, ...bits(0)]),
    ...seg(0xc4, [0x10, ...bits(0x00)]),
    ...seg(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x3f,
    0xff, 0xd9,
  ]);
}

// The classic 1×1 GIF and 1×1 lossless WebP.
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('inspectUpload accepts each allowed kind by its content', () => {
  it('accepts a PDF and returns its sha256', async () => {
    const pdf = makePdf();
    expect(await inspectUpload(pdf, 'Quyết định phê duyệt.pdf')).toEqual({
      ok: true,
      mediaType: 'application/pdf',
      extension: 'pdf',
      sha256: sha256(pdf),
    });
  });

  it('accepts a DOCX', async () => {
    const docx = makeDocx();
    expect(await inspectUpload(docx, 'Phương án.DOCX')).toMatchObject({
      ok: true,
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      extension: 'docx',
      sha256: sha256(docx),
    });
  });

  it('accepts an XLSX written by exceljs', async () => {
    expect(await inspectUpload(await makeXlsx(), 'thiet-bi.xlsx')).toMatchObject({
      ok: true,
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      extension: 'xlsx',
    });
  });

  it('accepts a DOCX whose chart embeds a workbook (a nested OOXML package under word/embeddings/)', async () => {
    const docx = makeDocx([{ name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx', data: await makeXlsx() }]);
    expect(await inspectUpload(docx, 'so-do.docx')).toMatchObject({ ok: true, extension: 'docx' });
  });

  it('accepts PNG, JPEG (.jpg and .jpeg), GIF and WebP', async () => {
    expect(await inspectUpload(makePng(16, 9), 'so-do-mang.png')).toMatchObject({ ok: true, mediaType: 'image/png', extension: 'png' });
    expect(await inspectUpload(makeJpeg(), 'anh.jpg')).toMatchObject({ ok: true, mediaType: 'image/jpeg', extension: 'jpg' });
    expect(await inspectUpload(makeJpeg(), 'anh.JPEG')).toMatchObject({ ok: true, mediaType: 'image/jpeg', extension: 'jpg' });
    expect(await inspectUpload(GIF, 'a.gif')).toMatchObject({ ok: true, mediaType: 'image/gif' });
    expect(await inspectUpload(WEBP, 'a.webp')).toMatchObject({ ok: true, mediaType: 'image/webp' });
  });

  it('reads the extension from the last segment of a Windows path and ignores trailing dots', async () => {
    expect(await inspectUpload(makePdf(), 'C:\\Users\\cb\\plan.pdf.')).toMatchObject({ ok: true, extension: 'pdf' });
  });
});

describe('inspectUpload refuses by size and name', () => {
  it('refuses an empty file', async () => {
    expect(await inspectUpload(Buffer.alloc(0), 'a.pdf')).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses a file over the default 20 MB and over opts.maxBytes', async () => {
    const big = Buffer.concat([makePdf(), Buffer.alloc(UPLOAD_LIMITS.maxBytes)]);
    expect(await inspectUpload(big, 'a.pdf')).toEqual({
      ok: false,
      reason: 'tooLarge',
      params: { size: big.length, maxBytes: UPLOAD_LIMITS.maxBytes },
    });
    expect(await inspectUpload(makePdf(), 'a.pdf', { maxBytes: 100 })).toMatchObject({ ok: false, reason: 'tooLarge' });
  });

  it('refuses names whose extension is not an accepted kind, or that have none', async () => {
    expect(await inspectUpload(makePdf(), 'setup.exe')).toEqual({ ok: false, reason: 'typeNotAllowed', params: { extension: 'exe' } });
    expect(await inspectUpload(makeDocx(), 'goi.zip')).toMatchObject({ ok: false, reason: 'typeNotAllowed' });
    expect(await inspectUpload(makePdf(), 'README')).toEqual({ ok: false, reason: 'typeNotAllowed', params: { extension: '' } });
  });
});

describe('inspectUpload refuses content that disagrees with the name', () => {
  it('refuses a Windows executable renamed .pdf', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510)]);
    expect(await inspectUpload(exe, 'quyet-dinh.pdf')).toEqual({
      ok: false,
      reason: 'typeMismatch',
      params: { extension: 'pdf', detected: 'application/x-msdownload' },
    });
  });

  it('refuses an ELF binary renamed .pdf', async () => {
    const elf = Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.alloc(64)]);
    expect(await inspectUpload(elf, 'a.pdf')).toMatchObject({ ok: false, reason: 'typeMismatch', params: { detected: 'application/x-elf' } });
  });

  it('refuses text with no magic at all', async () => {
    expect(await inspectUpload(Buffer.from('hello'), 'a.png')).toMatchObject({ ok: false, reason: 'typeMismatch', params: { detected: 'unknown' } });
  });

  it('refuses a PDF renamed .docx and a PNG renamed .jpg', async () => {
    expect(await inspectUpload(makePdf(), 'a.docx')).toEqual({
      ok: false,
      reason: 'typeMismatch',
      params: { extension: 'docx', detected: 'application/pdf' },
    });
    expect(await inspectUpload(makePng(2, 2), 'a.jpg')).toMatchObject({ ok: false, reason: 'typeMismatch' });
  });

  it('refuses a plain zip renamed .docx', async () => {
    const zip = makeZip([{ name: 'notes.txt', data: Buffer.from('hi') }]);
    expect(await inspectUpload(zip, 'a.docx')).toEqual({
      ok: false,
      reason: 'typeMismatch',
      params: { extension: 'docx', detected: 'application/zip' },
    });
  });

  it('refuses a zip with [Content_Types].xml but no word/document.xml renamed .docx', async () => {
    const zip = makeZip([{ name: '[Content_Types].xml', data: contentTypes() }]);
    expect(await inspectUpload(zip, 'a.docx')).toMatchObject({ ok: false, reason: 'typeMismatch' });
  });

  it('refuses a workbook renamed .docx and a document renamed .xlsx', async () => {
    expect(await inspectUpload(await makeXlsx(), 'a.docx')).toMatchObject({ ok: false, reason: 'typeMismatch' });
    expect(await inspectUpload(makeDocx(), 'a.xlsx')).toMatchObject({ ok: false, reason: 'typeMismatch' });
  });

  it('refuses a macro-enabled document (.docm) renamed .docx', async () => {
    const docm = makeDocx([], 'application/vnd.ms-word.document.macroEnabled.main+xml');
    expect(await inspectUpload(docm, 'a.docx')).toMatchObject({
      ok: false,
      reason: 'typeMismatch',
      params: { detected: 'application/vnd.ms-word.document.macroEnabled.main+xml' },
    });
    const sneaky = makeDocx([{ name: 'word/vbaProject.bin', data: Buffer.from('vba') }]);
    expect(await inspectUpload(sneaky, 'a.docx')).toMatchObject({ ok: false, reason: 'typeMismatch' });
  });
});

describe('inspectUpload refuses archive bombs and unsafe packages', () => {
  it('refuses a zip bomb (one entry of 200 MiB of zeros) without inflating it', async () => {
    const bomb = await deflateRepeated(Buffer.alloc(MiB), 200 * MiB);
    const docx = makeDocx([{ name: 'word/media/image1.png', raw: bomb }]);
    // Refused from its declared size, before any byte is inflated (timings belong in bench/).
    expect(await inspectUpload(docx, 'bomb.docx')).toMatchObject({ ok: false, reason: 'archiveBomb' });
  });

  it('refuses a highly compressed entry by its real ratio once past 1 MiB inflated', async () => {
    const bomb = await deflateRepeated(Buffer.alloc(MiB), 40 * MiB);
    const docx = makeDocx([{ name: 'word/media/image1.png', raw: bomb }]);
    expect(await inspectUpload(docx, 'bomb.docx')).toEqual({
      ok: false,
      reason: 'archiveBomb',
      params: { limit: 'ratio', max: UPLOAD_LIMITS.maxEntryRatio },
    });
  });

  it('refuses a bomb whose headers understate its size (counted bytes, not declared ones)', async () => {
    const bomb = await deflateRepeated(Buffer.alloc(MiB), 200 * MiB);
    const docx = makeDocx([{ name: 'word/document2.xml', raw: bomb, declaredSize: 1_000 }]);
    expect(await inspectUpload(docx, 'bomb.docx')).toMatchObject({ ok: false, reason: 'corrupt' });
  });

  it('refuses a package whose entries together inflate past 100 MiB', async () => {
    // 1 MiB that compresses only ~50:1, shared by 110 entries: no single entry trips the ratio.
    const unit = Buffer.alloc(MiB);
    for (let i = 0; i < unit.length; i += 256) unit.writeUInt32LE((i * 2654435761) >>> 0, i);
    const part = await deflateRepeated(unit, MiB);
    const entries = Array.from({ length: 110 }, (_, i) => ({ name: `xl/media/image${i}.bin`, raw: part }));
    expect(await inspectUpload(makeDocx(entries), 'big.docx')).toEqual({
      ok: false,
      reason: 'archiveBomb',
      params: { limit: 'totalSize', max: UPLOAD_LIMITS.maxUnzippedBytes },
    });
  });

  it('refuses a package with too many entries', async () => {
    const entries = Array.from({ length: UPLOAD_LIMITS.maxZipEntries }, (_, i) => ({ name: `word/media/${i}.txt`, stored: true }));
    expect(await inspectUpload(makeDocx(entries), 'many.docx')).toEqual({
      ok: false,
      reason: 'archiveBomb',
      params: { limit: 'entries', max: UPLOAD_LIMITS.maxZipEntries },
    });
  });

  it('refuses zip-slip entries (parent, absolute and backslashed paths) as corrupt', async () => {
    for (const name of ['../../etc/cron.d/x', '/etc/passwd', 'word\\..\\..\\x.xml', 'C:/Windows/x.dll']) {
      const docx = makeDocx([{ name, data: Buffer.from('x') }]);
      expect(await inspectUpload(docx, 'slip.docx'), name).toEqual({ ok: false, reason: 'corrupt' });
    }
  });

  it('refuses two entries with the same name (case-insensitively)', async () => {
    const docx = makeDocx([{ name: 'WORD/document.xml', data: Buffer.from('<x/>') }]);
    expect(await inspectUpload(docx, 'dup.docx')).toEqual({ ok: false, reason: 'corrupt' });
  });

  it('refuses archives nested inside a package', async () => {
    const plainZip = makeZip([{ name: 'a.txt', data: Buffer.from('a') }]);
    const cases: ZipInput[] = [
      { name: 'word/media/payload.zip', data: plainZip },
      { name: 'word/embeddings/oleObject1.zip', data: plainZip }, // a zip, but not an OOXML package
      { name: 'word/media/x.bin', data: zlib.gzipSync(Buffer.from('x')) },
    ];
    for (const entry of cases) {
      expect(await inspectUpload(makeDocx([entry]), 'nested.docx'), entry.name).toEqual({
        ok: false,
        reason: 'nestedArchive',
        params: { entry: entry.name },
      });
    }
  });

  it('refuses a package nested two levels deep, and a bomb inside an embedded package', async () => {
    const inner = makeDocx([{ name: 'word/embeddings/deeper.docx', data: makeDocx() }]);
    expect(await inspectUpload(makeDocx([{ name: 'word/embeddings/inner.docx', data: inner }]), 'a.docx')).toMatchObject({
      ok: false,
      reason: 'nestedArchive',
    });
    const bomb = await deflateRepeated(Buffer.alloc(MiB), 40 * MiB);
    const innerBomb = makeDocx([{ name: 'word/media/zeros.bin', raw: bomb }]);
    expect(await inspectUpload(makeDocx([{ name: 'word/embeddings/inner.docx', data: innerBomb }]), 'a.docx')).toMatchObject({
      ok: false,
      reason: 'archiveBomb',
    });
  });

  it('refuses a truncated or garbled package as corrupt', async () => {
    const docx = makeDocx();
    expect(await inspectUpload(docx.subarray(0, docx.length - 30), 'a.docx')).toEqual({ ok: false, reason: 'corrupt' });
    const garbled = makeDocx([{ name: 'word/styles.xml', raw: { compressed: Buffer.from('not deflate at all'), size: 100, crc: 0 } }]);
    expect(await inspectUpload(garbled, 'a.docx')).toEqual({ ok: false, reason: 'corrupt' });
  });

  it('refuses encrypted packages: a password-protected DOCX and an encrypted zip entry', async () => {
    const cfb = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(500), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(100)]);
    expect(await inspectUpload(cfb, 'mat-khau.docx')).toEqual({ ok: false, reason: 'encrypted' });
    const docx = makeDocx([{ name: 'word/secret.xml', data: Buffer.from('x'), flags: 0x1 }]);
    expect(await inspectUpload(docx, 'a.docx')).toEqual({ ok: false, reason: 'encrypted' });
  });

  it('refuses a legacy .doc (an OLE container without encryption) renamed .docx as a mismatch', async () => {
    const doc = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]);
    expect(await inspectUpload(doc, 'cu.docx')).toMatchObject({ ok: false, reason: 'typeMismatch' });
  });
});

describe('inspectUpload refuses broken or flooding images and PDFs', () => {
  it('refuses a PNG declaring 100000×100000 pixels', async () => {
    expect(await inspectUpload(makePng(100_000, 100_000, 1), 'flood.png')).toEqual({
      ok: false,
      reason: 'imageTooLarge',
      params: { width: 100_000, height: 100_000, maxMegapixels: UPLOAD_LIMITS.maxMegapixels },
    });
  });

  it('refuses a JPEG declaring 60000×60000 pixels', async () => {
    expect(await inspectUpload(makeJpeg(60_000, 60_000), 'flood.jpg')).toMatchObject({ ok: false, reason: 'imageTooLarge' });
  });

  it('refuses a PNG cut short (in its header or before IEND)', async () => {
    const png = makePng(4, 4);
    for (const cut of [20, 40, png.length - 12]) {
      expect(await inspectUpload(png.subarray(0, cut), 'cut.png'), `cut at ${cut}`).toEqual({ ok: false, reason: 'corrupt' });
    }
  });

  it('refuses a PDF with no %%EOF near its end', async () => {
    const pdf = makePdf();
    expect(await inspectUpload(pdf.subarray(0, pdf.length - 7), 'cut.pdf')).toEqual({ ok: false, reason: 'corrupt' });
    expect(await inspectUpload(makePdf('x'.repeat(2_000)), 'tail.pdf')).toEqual({ ok: false, reason: 'corrupt' });
  });
});
