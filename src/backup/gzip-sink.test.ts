import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/template.ts";
import { gzipSink } from "./gzip-sink.ts";

/** Lines enough for several blocks, with Persian text (multi-byte) among them. */
function lines(): string[] {
  return Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ t: "claim", r: { id: i, value: `نام ساختگی ${i} Fictional ${i}`.repeat(1 + (i % 3)) } }) + "\n");
}

describe("the compressed output of a backup", () => {
  for (const onThisThread of [true, false]) {
    it(`reads back byte for byte through gunzip when compressed ${onThisThread ? "on the calling thread" : "in the thread pool"}, over several blocks`, async () => {
      const file = path.join(tempDir(), `out-${onThisThread}.gz`);
      const sink = gzipSink(fs.openSync(file, "wx"), { onThisThread });
      const text = lines();
      for (const l of text) await sink.write(l);
      await sink.end();
      const raw = fs.readFileSync(file);
      expect(raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      // Several gzip members: the text is larger than one block.
      expect(raw.indexOf(Buffer.from([0x1f, 0x8b, 0x08]), 10)).toBeGreaterThan(0);
      const back = await new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        fs.createReadStream(file)
          .pipe(zlib.createGunzip())
          .on("data", (c: Buffer) => chunks.push(c))
          .on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
          .on("error", reject);
      });
      expect(back).toBe(text.join(""));
    });
  }

  it("writes nothing more once aborted, and leaves the file closed", async () => {
    const file = path.join(tempDir(), "aborted.gz");
    const fd = fs.openSync(file, "wx");
    const sink = gzipSink(fd, { onThisThread: true });
    await sink.write("a line that stays in the buffer\n");
    sink.abort();
    expect(fs.statSync(file).size).toBe(0);
    expect(() => fs.fstatSync(fd)).toThrow();
  });
});
