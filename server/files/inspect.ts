// Decides whether an uploaded file may be stored as a dossier attachment (network diagrams,
// decisions, plans). Pure: bytes and a name in, a verdict out; no I/O, no database.
//
// The type comes from the CONTENT (magic bytes, and for DOCX/XLSX the package's own parts), never
// from the name or the browser's content-type; the name's extension must then agree with it.
// Every format that decompresses (ZIP packages, images) is checked against its bomb before anyone
// downstream inflates it: ZIP entries are inflated as a stream and counted as they come, images are
// judged by the dimensions their header declares.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { imageSize } from 'image-size';
import yauzl from 'yauzl';

const MiB = 1024 * 1024;

export const UPLOAD_LIMITS = {
  /** Default size of an upload (opts.maxBytes overrides it). */
  maxBytes: 20 * MiB,
  /** Entries of a DOCX/XLSX, embedded packages included. */
  maxZipEntries: 2_000,
  /** Bytes actually inflated from a DOCX/XLSX, embedded packages included. */
  maxUnzippedBytes: 100 * MiB,
  /** Inflated:compressed ratio of one entry, checked once the entry passes `ratioGraceBytes`
   *  (Apache POI refuses the same 100:1 by default; real Office XML stays well under it). */
  maxEntryRatio: 100,
  ratioGraceBytes: MiB,
  /** An embedded package (e.g. the workbook behind a Word chart) is inspected in memory up to this size. */
  maxEmbeddedPackageBytes: 20 * MiB,
  maxContentTypesBytes: MiB,
  /** width × height declared by an image header ("pixel flood"). */
  maxMegapixels: 100,
  /** Acrobat looks for %%EOF within the last 1024 bytes; so do we. */
  pdfEofWindow: 1024,
} as const;

/**
 * Why an upload was refused; each maps to a catalogue entry `upload.<reason>`.
 * - `typeNotAllowed`: the name's extension is not an accepted kind (or there is none);
 * - `typeMismatch`: the extension is accepted but the content is something else (an .exe named
 *   .pdf, a plain zip or a workbook named .docx, a macro-enabled .docm named .docx);
 * - `encrypted`: a password-protected DOCX/XLSX (an OLE container holding EncryptionInfo) or a ZIP
 *   entry with encryption — nobody could read it, and we could not inspect it. PDFs with /Encrypt
 *   are accepted: most carry only an owner password (no printing/editing) and open without one;
 * - `archiveBomb`: a ZIP cap was passed (`params.limit`: entries | totalSize | ratio);
 * - `nestedArchive`: an archive inside the package other than an OOXML package under
 *   word|xl/embeddings/ (charts and embedded sheets are such packages, inspected with the same caps);
 * - `imageTooLarge`: the image header declares more than `maxMegapixels`;
 * - `corrupt`: unreadable structure, including ZIP entries with absolute or `..` paths (zip-slip).
 */
export type UploadRefusal =
  | 'empty'
  | 'tooLarge'
  | 'typeNotAllowed'
  | 'typeMismatch'
  | 'encrypted'
  | 'archiveBomb'
  | 'nestedArchive'
  | 'imageTooLarge'
  | 'corrupt';

export type UploadRefused = { ok: false; reason: UploadRefusal; params?: Record<string, string | number> };
export type UploadAccepted = { ok: true; mediaType: string; extension: string; sha256: string };
export type UploadInspection = UploadAccepted | UploadRefused;

const KINDS = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'] },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  png: { mediaType: 'image/png', extensions: ['png'] },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  webp: { mediaType: 'image/webp', extensions: ['webp'] },
  gif: { mediaType: 'image/gif', extensions: ['gif'] },
} as const satisfies Record<string, { mediaType: string; extensions: readonly string[] }>;
type Kind = keyof typeof KINDS;

export const ALLOWED_EXTENSIONS: readonly string[] = Object.values(KINDS).flatMap((k) => k.extensions);

/**
 * Inspects an upload. On success `extension` is the canonical one for the detected type
 * (`jpg` for JPEG) and `sha256` the hex digest of the bytes.
 */
export async function inspectUpload(
  data: Buffer,
  fileName: string,
  opts: { maxBytes?: number } = {},
): Promise<UploadInspection> {
  const maxBytes = opts.maxBytes ?? UPLOAD_LIMITS.maxBytes;
  if (data.length === 0) return refuse('empty');
  if (data.length > maxBytes) return refuse('tooLarge', { size: data.length, maxBytes });

  const extension = extensionOf(fileName);
  const expected = kindOfExtension(extension);
  if (!expected) return refuse('typeNotAllowed', { extension });

  const sniffed = await sniff(data, expected);
  if ('ok' in sniffed) return sniffed;
  if (sniffed.kind !== expected) return refuse('typeMismatch', { extension, detected: sniffed.detected });

  const structural = checkStructure(sniffed.kind, data);
  if (structural) return structural;

  const kind = KINDS[sniffed.kind];
  return { ok: true, mediaType: kind.mediaType, extension: kind.extensions[0], sha256: createHash('sha256').update(data).digest('hex') };
}

function refuse(reason: UploadRefusal, params?: Record<string, string | number>): UploadRefused {
  return params ? { ok: false, reason, params } : { ok: false, reason };
}

function extensionOf(fileName: string): string {
  // Browsers send a bare name, but some send a Windows path; Windows also drops trailing dots/spaces.
  const base = fileName.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const trimmed = base.replace(/[\s.]+$/, '');
  const dot = trimmed.lastIndexOf('.');
  return dot > 0 ? trimmed.slice(dot + 1).toLowerCase() : '';
}

function kindOfExtension(extension: string): Kind | undefined {
  return (Object.keys(KINDS) as Kind[]).find((k) => (KINDS[k].extensions as readonly string[]).includes(extension));
}

// ---------------------------------------------------------------------------------------------
// What the content is

type Sniffed = { kind: Kind | 'other'; detected: string };

const ZIP_MAGICS = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];
const CFB_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const OOXML_ENCRYPTION_STREAM = Buffer.from('EncryptionInfo', 'utf16le');

async function sniff(data: Buffer, expected: Kind): Promise<Sniffed | UploadRefused> {
  if (/^%PDF-\d\.\d/.test(data.subarray(0, 8).toString('latin1'))) return { kind: 'pdf', detected: KINDS.pdf.mediaType };
  if (ZIP_MAGICS.some((m) => startsWith(data, m))) {
    // Only a name that promises a package earns the walk; anything else is a mismatch already.
    if (expected !== 'docx' && expected !== 'xlsx') return { kind: 'other', detected: 'application/zip' };
    return inspectPackage(data);
  }
  // An encrypted DOCX/XLSX is not a ZIP at all but an OLE container with an EncryptionInfo stream.
  if (startsWith(data, CFB_MAGIC) && (expected === 'docx' || expected === 'xlsx') && data.includes(OOXML_ENCRYPTION_STREAM)) {
    return refuse('encrypted');
  }
  // file-type is loaded on the first upload, not at start (idle memory).
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(data);
  const kind = found ? KIND_OF_FILE_TYPE[found.ext] : undefined;
  return kind ? { kind, detected: KINDS[kind].mediaType } : { kind: 'other', detected: found?.mime ?? 'unknown' };
}

const KIND_OF_FILE_TYPE: Record<string, Kind | undefined> = { png: 'png', apng: 'png', jpg: 'jpeg', webp: 'webp', gif: 'gif' };

function startsWith(data: Buffer, magic: Buffer): boolean {
  return data.length >= magic.length && data.subarray(0, magic.length).equals(magic);
}

function checkStructure(kind: Kind, data: Buffer): UploadRefused | undefined {
  if (kind === 'pdf') {
    const tail = data.subarray(Math.max(0, data.length - UPLOAD_LIMITS.pdfEofWindow)).toString('latin1');
    return tail.includes('%%EOF') ? undefined : refuse('corrupt');
  }
  if (kind === 'docx' || kind === 'xlsx') return undefined; // walked in inspectPackage
  // A PNG cut short (an interrupted upload) still has a readable header: ask for its IEND chunk too.
  if (kind === 'png') {
    const iend = data.lastIndexOf('IEND', -1, 'latin1');
    if (data.toString('latin1', 12, 16) !== 'IHDR' || iend < 0 || iend < data.length - 1024) return refuse('corrupt');
  }
  let size: { width?: number; height?: number; type?: string };
  try {
    size = imageSize(data);
  } catch {
    return refuse('corrupt');
  }
  const { width = 0, height = 0 } = size;
  const expectedType = kind === 'jpeg' ? 'jpg' : kind;
  if (size.type !== expectedType || !(width > 0 && height > 0)) return refuse('corrupt');
  if (width * height > UPLOAD_LIMITS.maxMegapixels * 1_000_000) {
    return refuse('imageTooLarge', { width, height, maxMegapixels: UPLOAD_LIMITS.maxMegapixels });
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// DOCX / XLSX: walk the ZIP without trusting it

const CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
} as const;
const MAIN_PARTS = { docx: 'word/document.xml', xlsx: 'xl/workbook.xml' } as const;

type Budget = { entries: number; bytes: number };
type Listing = { names: Set<string>; contentTypes?: string; hasMacros: boolean };

async function inspectPackage(data: Buffer): Promise<Sniffed | UploadRefused> {
  const listing = await walkZip(data, { entries: 0, bytes: 0 }, 0);
  if ('ok' in listing) return listing;
  const zip = { kind: 'other', detected: 'application/zip' } as const;
  if (listing.contentTypes === undefined) return zip;

  const matches: Sniffed[] = [];
  for (const kind of ['docx', 'xlsx'] as const) {
    const part = MAIN_PARTS[kind];
    if (!listing.names.has(part)) continue;
    const declared = contentTypeOf(listing.contentTypes, part);
    // A macro-enabled .docm/.xlsm declares its own main type; a vbaProject.bin under a plain one
    // is refused by Office anyway, so it is no DOCX/XLSX either.
    if (declared === CONTENT_TYPES[kind] && !listing.hasMacros) matches.push({ kind, detected: KINDS[kind].mediaType });
    else matches.push({ kind: 'other', detected: declared ?? 'application/zip' });
  }
  if (matches.length > 1) return refuse('corrupt');
  return matches[0] ?? zip;
}

/** Content type of a part per [Content_Types].xml: its Override, else the Default for its extension. */
function contentTypeOf(xml: string, part: string): string | undefined {
  const overrides = [...xml.matchAll(/<(?:\w+:)?Override\b([^>]*)>/g)].map((m) => attributes(m[1] ?? ''));
  const override = overrides.find((a) => a.PartName?.toLowerCase() === `/${part}`);
  if (override) return override.ContentType;
  const ext = part.slice(part.lastIndexOf('.') + 1);
  const defaults = [...xml.matchAll(/<(?:\w+:)?Default\b([^>]*)>/g)].map((m) => attributes(m[1] ?? ''));
  return defaults.find((a) => a.Extension?.toLowerCase() === ext)?.ContentType;
}

function attributes(source: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const m of source.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1] ?? ''] = (m[2] ?? m[3] ?? '').trim();
  return out;
}

async function walkZip(data: Buffer, budget: Budget, depth: number): Promise<Listing | UploadRefused> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(data);
  } catch {
    return refuse('corrupt');
  }
  try {
    if (budget.entries + zip.entryCount > UPLOAD_LIMITS.maxZipEntries) {
      return refuse('archiveBomb', { limit: 'entries', max: UPLOAD_LIMITS.maxZipEntries });
    }
    const listing: Listing = { names: new Set(), hasMacros: false };
    for (;;) {
      let entry: yauzl.Entry | undefined;
      try {
        // yauzl refuses absolute and `..` names here (decodeStrings), and lying stored sizes.
        entry = await nextEntry(zip);
      } catch {
        return refuse('corrupt');
      }
      if (!entry) return listing;
      budget.entries += 1;
      const name = entry.fileName.toLowerCase(); // OPC part names are case-insensitive
      if (listing.names.has(name)) return refuse('corrupt'); // two parts of one name: readers disagree on which wins
      listing.names.add(name);
      if (name.endsWith('/')) continue;
      if (entry.isEncrypted()) return refuse('encrypted');
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) return refuse('corrupt');
      if (name.endsWith('vbaproject.bin')) listing.hasMacros = true;
      // Declared sizes are checked against the real ones while inflating (validateEntrySizes);
      // refusing on them first just saves the work.
      if (budget.bytes + entry.uncompressedSize > UPLOAD_LIMITS.maxUnzippedBytes) {
        return refuse('archiveBomb', { limit: 'totalSize', max: UPLOAD_LIMITS.maxUnzippedBytes });
      }

      const isEmbedding = depth === 0 && /^(word|xl)\/embeddings\//.test(name);
      const keep =
        depth === 0 && name === '[content_types].xml'
          ? UPLOAD_LIMITS.maxContentTypesBytes
          : isEmbedding
            ? UPLOAD_LIMITS.maxEmbeddedPackageBytes
            : 0;
      const read = await inflateEntry(zip, entry, budget, keep);
      if ('ok' in read) return read;

      if (depth === 0 && name === '[content_types].xml') {
        if (!read.kept) return refuse('corrupt');
        listing.contentTypes = decodeXml(read.kept);
      }
      if (ZIP_MAGICS.some((m) => startsWith(read.head, m))) {
        if (!isEmbedding || !read.kept) return refuse('nestedArchive', { entry: entry.fileName });
        const inner = await walkZip(read.kept, budget, depth + 1);
        if ('ok' in inner) return inner;
        if (!inner.names.has('[content_types].xml')) return refuse('nestedArchive', { entry: entry.fileName });
      } else if (isOtherArchive(read.head)) {
        return refuse('nestedArchive', { entry: entry.fileName });
      }
    }
  } finally {
    zip.close();
  }
}

/**
 * Inflates one entry as a stream, counting the bytes that actually come out, and stops at the first
 * cap passed. Keeps the first 16 bytes (to spot nested archives) and, when `keep` > 0, the whole
 * entry up to that many bytes (`kept` is undefined past it).
 */
async function inflateEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  budget: Budget,
  keep: number,
): Promise<{ head: Buffer; kept?: Buffer } | UploadRefused> {
  let stream: Readable;
  try {
    stream = await openStream(zip, entry);
  } catch {
    return refuse('corrupt');
  }
  const chunks: Buffer[] = [];
  let inflated = 0;
  let keeping = keep > 0;
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      budget.bytes += chunk.length;
      if (budget.bytes > UPLOAD_LIMITS.maxUnzippedBytes) {
        return refuse('archiveBomb', { limit: 'totalSize', max: UPLOAD_LIMITS.maxUnzippedBytes });
      }
      if (inflated > UPLOAD_LIMITS.ratioGraceBytes && inflated > UPLOAD_LIMITS.maxEntryRatio * Math.max(1, entry.compressedSize)) {
        return refuse('archiveBomb', { limit: 'ratio', max: UPLOAD_LIMITS.maxEntryRatio });
      }
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
      if (keeping && inflated > keep) {
        keeping = false;
        chunks.length = 0;
      }
      if (keeping) chunks.push(chunk);
    }
  } catch {
    // zlib errors, truncated data, or more/fewer bytes than declared.
    return refuse('corrupt');
  } finally {
    stream.destroy();
  }
  return keeping ? { head, kept: Buffer.concat(chunks) } : { head };
}

function isOtherArchive(head: Buffer): boolean {
  const hex = head.toString('hex');
  return (
    hex.startsWith('1f8b08') || // gzip
    hex.startsWith('377abcaf271c') || // 7z
    hex.startsWith('526172211a07') || // rar
    hex.startsWith('fd377a585a00') || // xz
    hex.startsWith('28b52ffd') || // zstd
    hex.startsWith('4d5343460000') || // cab
    hex.startsWith('504b0708') || // spanned zip
    /^425a68[3][1-9]314159265359/.test(hex) // bzip2, block magic included
  );
}

function decodeXml(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8');
}

function openZip(data: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      data,
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false },
      (err, zip) => (err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip)),
    );
  });
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const done = () => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => (done(), resolve(entry));
    const onEnd = () => (done(), resolve(undefined));
    const onError = (err: Error) => (done(), reject(err));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

function openStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(err ?? new Error('no stream')) : resolve(stream)));
  });
}
