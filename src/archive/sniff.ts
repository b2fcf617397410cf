/**
 * Type sniffing from magic bytes. Extensions and client-sent types are never trusted: they are
 * what an attacker controls. Only the first bytes of the file are examined (pure, no I/O).
 */

/** A sniffed type: a media type and whether the format can carry active content (scripts). */
export interface SniffResult {
  mediaType: string;
  /** HTML, SVG and XML can run script when a browser renders them from Sabt's origin. */
  active: boolean;
  /** A program that could be run. */
  executable: boolean;
}

type Rule = { mediaType: string; test: (b: Uint8Array) => boolean; active?: boolean; executable?: boolean };

const at = (b: Uint8Array, offset: number, sig: readonly number[]) =>
  b.length >= offset + sig.length && sig.every((v, i) => b[offset + i] === v);
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

const BINARY_RULES: readonly Rule[] = [
  { mediaType: "application/pdf", test: (b) => at(b, 0, ascii("%PDF-")) },
  { mediaType: "image/png", test: (b) => at(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mediaType: "image/jpeg", test: (b) => at(b, 0, [0xff, 0xd8, 0xff]) },
  { mediaType: "image/gif", test: (b) => at(b, 0, ascii("GIF87a")) || at(b, 0, ascii("GIF89a")) },
  { mediaType: "image/webp", test: (b) => at(b, 0, ascii("RIFF")) && at(b, 8, ascii("WEBP")) },
  { mediaType: "audio/wav", test: (b) => at(b, 0, ascii("RIFF")) && at(b, 8, ascii("WAVE")) },
  { mediaType: "video/x-msvideo", test: (b) => at(b, 0, ascii("RIFF")) && at(b, 8, ascii("AVI ")) },
  {
    mediaType: "image/tiff",
    test: (b) => at(b, 0, [0x49, 0x49, 0x2a, 0x00]) || at(b, 0, [0x4d, 0x4d, 0x00, 0x2a]),
  },
  { mediaType: "image/bmp", test: (b) => at(b, 0, ascii("BM")) && b.length > 14 },
  {
    mediaType: "image/heic",
    test: (b) => at(b, 4, ascii("ftyp")) && /^(heic|heix|mif1|msf1)$/.test(brand(b)),
  },
  { mediaType: "image/avif", test: (b) => at(b, 4, ascii("ftyp")) && brand(b) === "avif" },
  { mediaType: "video/quicktime", test: (b) => at(b, 4, ascii("ftyp")) && brand(b) === "qt  " },
  { mediaType: "audio/mp4", test: (b) => at(b, 4, ascii("ftyp")) && /^M4A /.test(brand(b)) },
  { mediaType: "video/mp4", test: (b) => at(b, 4, ascii("ftyp")) },
  {
    mediaType: "video/webm",
    test: (b) => at(b, 0, [0x1a, 0x45, 0xdf, 0xa3]) && includesAscii(b, "webm", 64),
  },
  { mediaType: "video/x-matroska", test: (b) => at(b, 0, [0x1a, 0x45, 0xdf, 0xa3]) },
  { mediaType: "audio/ogg", test: (b) => at(b, 0, ascii("OggS")) },
  { mediaType: "audio/flac", test: (b) => at(b, 0, ascii("fLaC")) },
  {
    mediaType: "audio/mpeg",
    test: (b) => at(b, 0, ascii("ID3")) || (b.length > 2 && b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0),
  },
  { mediaType: "audio/amr", test: (b) => at(b, 0, ascii("#!AMR")) },
  {
    mediaType: "application/zip",
    test: (b) => at(b, 0, [0x50, 0x4b, 0x03, 0x04]) || at(b, 0, [0x50, 0x4b, 0x05, 0x06]),
  },
  { mediaType: "application/gzip", test: (b) => at(b, 0, [0x1f, 0x8b]) },
  { mediaType: "application/x-bzip2", test: (b) => at(b, 0, ascii("BZh")) },
  { mediaType: "application/x-xz", test: (b) => at(b, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) },
  { mediaType: "application/zstd", test: (b) => at(b, 0, [0x28, 0xb5, 0x2f, 0xfd]) },
  { mediaType: "application/x-7z-compressed", test: (b) => at(b, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { mediaType: "application/vnd.rar", test: (b) => at(b, 0, ascii("Rar!\x1a\x07")) },
  { mediaType: "application/x-tar", test: (b) => at(b, 257, ascii("ustar")) },
  {
    mediaType: "application/x-ole-storage",
    test: (b) => at(b, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  },
  { mediaType: "application/rtf", test: (b) => at(b, 0, ascii("{\\rtf")) },
  { mediaType: "application/warc", test: (b) => at(b, 0, ascii("WARC/")) },
  { mediaType: "application/x-sqlite3", test: (b) => at(b, 0, ascii("SQLite format 3\0")) },
  {
    mediaType: "application/x-executable",
    executable: true,
    test: (b) => at(b, 0, [0x7f, 0x45, 0x4c, 0x46]),
  },
  { mediaType: "application/x-msdownload", executable: true, test: (b) => at(b, 0, ascii("MZ")) },
  {
    mediaType: "application/x-mach-binary",
    executable: true,
    test: (b) =>
      [
        [0xfe, 0xed, 0xfa, 0xce],
        [0xfe, 0xed, 0xfa, 0xcf],
        [0xcf, 0xfa, 0xed, 0xfe],
        [0xce, 0xfa, 0xed, 0xfe],
      ].some((s) => at(b, 0, s)),
  },
  { mediaType: "application/wasm", executable: true, test: (b) => at(b, 0, [0x00, 0x61, 0x73, 0x6d]) },
];

function brand(b: Uint8Array): string {
  return String.fromCharCode(...b.subarray(8, 12));
}

function includesAscii(b: Uint8Array, s: string, within: number): boolean {
  return Buffer.from(b.subarray(0, within)).includes(s, 0, "latin1");
}

// The WHATWG MIME sniffing algorithm's HTML signatures: what a browser would render as HTML.
const HTML_TAGS = [
  "!doctype html",
  "html",
  "head",
  "script",
  "iframe",
  "h1",
  "div",
  "font",
  "table",
  "a",
  "style",
  "title",
  "b",
  "body",
  "br",
  "p",
  "!--",
  "meta",
  "object",
  "embed",
  "form",
  "img",
  "svg",
  "math",
  "template",
  "base",
  "link",
];

/**
 * Sniffs the media type from the first bytes of a file (give at least 4 KiB when available).
 * @example sniffType(Buffer.from("%PDF-1.7")) // { mediaType: "application/pdf", active: false, executable: false }
 */
export function sniffType(head: Uint8Array): SniffResult {
  for (const r of BINARY_RULES) {
    if (r.test(head)) {
      return { mediaType: r.mediaType, active: r.active ?? false, executable: r.executable ?? false };
    }
  }
  if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) {
    return { mediaType: "text/x-shellscript", active: false, executable: true };
  }
  const text = decodeTextHead(head);
  if (text === null) return { mediaType: "application/octet-stream", active: false, executable: false };
  const lead = text.replace(/^\s+/, "").slice(0, 1024).toLowerCase();
  if (
    /^<\?xml[\s\S]*?<svg[\s>]/.test(lead.slice(0, 1024)) ||
    /^(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(lead)
  ) {
    return { mediaType: "image/svg+xml", active: true, executable: false };
  }
  for (const tag of HTML_TAGS) {
    if (lead.startsWith("<" + tag)) {
      const next = lead.charAt(tag.length + 1);
      if (
        tag === "!--" ||
        next === "" ||
        next === " " ||
        next === ">" ||
        next === "\t" ||
        next === "\n" ||
        next === "\r" ||
        next === "/"
      ) {
        return { mediaType: "text/html", active: true, executable: false };
      }
    }
  }
  if (lead.startsWith("<?xml")) {
    // XML can carry XSLT, XHTML and SVG namespaces that browsers execute.
    const xhtml = /xmlns\s*=\s*["']http:\/\/www\.w3\.org\/1999\/xhtml/.test(lead) || /<html[\s>]/.test(lead);
    return {
      mediaType: xhtml ? "application/xhtml+xml" : "application/xml",
      active: true,
      executable: false,
    };
  }
  // Any file that holds an HTML/SVG tag early can be rendered as a page by a sniffing browser.
  if (/<(script|iframe|svg|object|embed|html)[\s>/]/i.test(text.slice(0, 4096))) {
    return { mediaType: "text/plain", active: true, executable: false };
  }
  return { mediaType: "text/plain", active: false, executable: false };
}

/** Decodes the head as UTF-8/UTF-16 text, or null when it looks binary. */
function decodeTextHead(head: Uint8Array): string | null {
  if (head.length === 0) return "";
  if (at(head, 0, [0xff, 0xfe]) || at(head, 0, [0xfe, 0xff])) {
    return new TextDecoder(head[0] === 0xff ? "utf-16le" : "utf-16be").decode(head.subarray(2));
  }
  let controls = 0;
  for (const c of head) {
    if (c === 0) return null;
    if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1b)) controls++;
  }
  if (controls > head.length / 100 + 1) return null;
  // A multi-byte sequence cut at the end of the head is fine: decode non-fatally but check the body.
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, trimIncompleteUtf8(head)));
  } catch {
    return new TextDecoder("windows-1252").decode(head);
  }
}

function trimIncompleteUtf8(b: Uint8Array): number {
  const end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const c = b[end - i] ?? 0;
    if ((c & 0xc0) === 0x80) continue;
    if ((c & 0xe0) === 0xc0 && i < 2) return end - i;
    if ((c & 0xf0) === 0xe0 && i < 3) return end - i;
    if ((c & 0xf8) === 0xf0 && i < 4) return end - i;
    break;
  }
  return end;
}

// Maps, not objects: extensions and claimed types come from uploads, and a plain object would
// answer "file.constructor" with Object.prototype.constructor (issue 13).
const EXT_TYPES: ReadonlyMap<string, string> = new Map(Object.entries({
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  tif: "image/tiff",
  tiff: "image/tiff",
  bmp: "image/bmp",
  heic: "image/heic",
  svg: "image/svg+xml",
  html: "text/html",
  htm: "text/html",
  xml: "application/xml",
  txt: "text/plain",
  csv: "text/plain",
  md: "text/plain",
  json: "text/plain",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  opus: "audio/ogg",
  flac: "audio/flac",
  m4a: "audio/mp4",
  mp4: "video/mp4",
  m4v: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  mkv: "video/x-matroska",
  avi: "video/x-msvideo",
  zip: "application/zip",
  gz: "application/gzip",
  "7z": "application/x-7z-compressed",
  rar: "application/vnd.rar",
  tar: "application/x-tar",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  epub: "application/epub+zip",
  doc: "application/x-ole-storage",
  xls: "application/x-ole-storage",
  ppt: "application/x-ole-storage",
  rtf: "application/rtf",
  warc: "application/warc",
  exe: "application/x-msdownload",
}));

/** The media type an extension claims, or null when unknown. */
export function typeFromExtension(filename: string): string | null {
  const m = /\.([a-z0-9]+)$/i.exec(filename);
  return m ? (EXT_TYPES.get(m[1]!.toLowerCase()) ?? null) : null;
}

// Container formats whose sniffed type is refined later (zip → docx); a .docx sniffed as zip is no lie.
const FAMILY: ReadonlyMap<string, string> = new Map(Object.entries({
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "application/zip",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "application/zip",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "application/zip",
  "application/vnd.oasis.opendocument.text": "application/zip",
  "application/vnd.oasis.opendocument.spreadsheet": "application/zip",
  "application/epub+zip": "application/zip",
  "video/mp4": "video/mp4",
  "audio/mp4": "video/mp4",
  "video/webm": "video/x-matroska",
}));

/** True when a claimed type (from the name or the client) is compatible with the sniffed one. */
export function claimMatches(claimed: string, sniffed: string): boolean {
  const c = claimed.split(";")[0]!.trim().toLowerCase();
  if (c === sniffed || c === "application/octet-stream") return true;
  if ((FAMILY.get(c) ?? c) === (FAMILY.get(sniffed) ?? sniffed)) return true;
  return c === "text/plain" && sniffed === "text/plain";
}
