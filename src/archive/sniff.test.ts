import { describe, expect, it } from "vitest";
import { claimMatches, sniffType, typeFromExtension } from "./sniff.ts";

const b = (s: string) => Buffer.from(s, "latin1");
const hex = (h: string) => Buffer.from(h.replace(/\s/g, ""), "hex");

describe("sniffType", () => {
  it.each([
    [b("%PDF-1.7\n"), "application/pdf", false],
    [hex("89504e470d0a1a0a0000000d49484452"), "image/png", false],
    [hex("ffd8ffe000104a464946"), "image/jpeg", false],
    [b("GIF89a\x01\x00"), "image/gif", false],
    [b("RIFF\x00\x00\x00\x00WEBPVP8 "), "image/webp", false],
    [b("RIFF\x00\x00\x00\x00WAVEfmt "), "audio/wav", false],
    [b("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00"), "video/mp4", false],
    [b("\x00\x00\x00\x18ftypqt  \x00\x00\x00\x00"), "video/quicktime", false],
    [b("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"), "image/heic", false],
    [b("ID3\x03\x00"), "audio/mpeg", false],
    [b("OggS\x00\x02"), "audio/ogg", false],
    [b("PK\x03\x04\x14\x00"), "application/zip", false],
    [hex("1f8b0800"), "application/gzip", false],
    [hex("d0cf11e0a1b11ae1"), "application/x-ole-storage", false],
    [b("WARC/1.1\r\n"), "application/warc", false],
    [b("  <!DOCTYPE html><p>x"), "text/html", true],
    [b("<html><body>"), "text/html", true],
    [b("<svg xmlns='http://www.w3.org/2000/svg'>"), "image/svg+xml", true],
    [b('<?xml version="1.0"?><svg>'), "image/svg+xml", true],
    [b('<?xml version="1.0"?><note/>'), "application/xml", true],
    [b("Dear committee,\nplease find <script>x</script>"), "text/plain", true],
    [Buffer.from("گزارش ساختگی\n", "utf8"), "text/plain", false],
    [hex("0001020304050607"), "application/octet-stream", false],
  ])("sniffs %#: %s", (head, mediaType, active) => {
    const r = sniffType(head);
    expect(r.mediaType).toBe(mediaType);
    expect(r.active).toBe(active);
  });

  it("marks programs as executable", () => {
    expect(sniffType(hex("7f454c46020101")).executable).toBe(true);
    expect(sniffType(b("MZ\x90\x00")).executable).toBe(true);
    expect(sniffType(b("#!/bin/sh\nrm -rf /")).executable).toBe(true);
  });
});

describe("claimed types", () => {
  it("accepts compatible claims and exposes lies", () => {
    expect(typeFromExtension("report.PDF")).toBe("application/pdf");
    expect(claimMatches("application/pdf", "application/pdf")).toBe(true);
    expect(
      claimMatches(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/zip",
      ),
    ).toBe(true);
    expect(claimMatches("audio/mp4", "video/mp4")).toBe(true);
    expect(claimMatches("image/jpeg", "application/x-msdownload")).toBe(false);
    expect(claimMatches("image/png", "image/svg+xml")).toBe(false);
  });
});
