/**
 * Reading a victim list's bytes as text. Lists arrive from Excel on Windows in UTF-16 or in the
 * Arabic code page (Windows-1256), and decoding those as UTF-8 does not fail: it yields mojibake
 * (U+FFFD and stray Latin letters) that would be stored as names. So the bytes must be valid
 * UTF-8, or the file is refused with a message saying how to save it.
 */
import type { ImportProblem } from "./persons.csv.ts";

const SAVE_AS_UTF8 =
  'save it again as "CSV UTF-8" (in Excel: Save As → CSV UTF-8; in LibreOffice: Character set → Unicode (UTF-8))';

/** Where the first byte that is not UTF-8 sits: its 1-based line. */
function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  const strict = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    try {
      strict.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    line++;
    start = i + 1;
  }
  return line;
}

/** True when the bytes look like UTF-16 without a byte-order mark: many NUL bytes at alternate places. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let nulEven = 0;
  let nulOdd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) nulEven++;
      else nulOdd++;
    }
  }
  return n >= 4 && Math.max(nulEven, nulOdd) >= n / 8;
}

/**
 * Decodes a CSV file's bytes as UTF-8 (a byte-order mark is allowed), or says why it cannot be
 * read: UTF-16/UTF-32, or bytes that are not UTF-8 (Windows-1256, Latin-1 and other legacy code pages).
 * @returns the text, or one problem for the whole file (row 0: no row of the file is meant)
 * @example decodeCsvBytes(Buffer.from("record_id,full_name\n1,A")) // { text: "record_id,full_name\n1,A" }
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string } | { problem: ImportProblem } {
  const refuse = (message: string) => ({ problem: { row: 0, column: "", message } });
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || looksLikeUtf16(bytes)) {
    return refuse(`the file is in UTF-16, not UTF-8: ${SAVE_AS_UTF8}`);
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const line = lineOfFirstInvalidByte(bytes);
    return refuse(
      `the file is not UTF-8 (line ${line} has bytes that are not; it may be in Windows-1256, Latin-1 or another legacy encoding): ${SAVE_AS_UTF8}`,
    );
  }
}
