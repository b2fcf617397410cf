/**
 * The evidence list, browser uploads and PDF text extraction as a job: filters (search in title,
 * file name and extracted text; type; date added; who added it, by name; cited or not), visibility,
 * newest first and paging; per-file upload limits with nothing stored on refusal; and extraction
 * that stores each page once, resumes without repeating, and is searchable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestArchive } from "../../test/archive.ts";
import { BUILTIN_NAMES } from "../../test/builtin-names.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { testJobContext } from "../../test/job-context.ts";
import { createUser } from "../auth/index.ts";
import { createClaim } from "../claims/index.ts";
import type { Db } from "../db/index.ts";
import type { Viewer } from "../shared/viewer.ts";
import { getDerivedItems, ingestFile } from "./archive.service.ts";
import type { BlobStore } from "./blob-store.ts";
import { EVIDENCE_PAGE_SIZE, listEvidence, listEvidenceAdders } from "./evidence-list.service.ts";
import { readPageTexts } from "./evidence.service.ts";
import { countPageTexts } from "./page-text.repository.ts";
import { pdfTextJob } from "./pdf-text.job.ts";
import { makeSimplePdf } from "../../test/simple-pdf.ts";
import { checkUploads, uploadEvidence } from "./upload.service.ts";

let db: Db;
let store: BlobStore;
let close: () => Promise<void>;
let editor: Viewer;
let reader: Viewer;

async function member(name: string, role: "editor" | "viewer"): Promise<Viewer> {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.org`;
  const { id } = await db.transaction().execute((trx) => createUser(trx, testActor, { email, name, role }));
  return { kind: "user", userId: id, name, role };
}

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]);
const ids = (l: { entries: { item: { id: string } }[] }) => l.entries.map((e) => e.item.id);

beforeAll(async () => {
  ({ db, store, close } = await openTestArchive());
  editor = await member("Fictional Editor Parvin", "editor");
  reader = await member("Fictional Viewer Kian", "viewer");
}, 120_000);
afterAll(async () => close());

describe("uploading evidence through the browser", () => {
  it("refuses an oversized, an empty and an executable file by name, and stores none of the upload", async () => {
    const before = (await listEvidence(db, editor, {})).total;
    const files = [
      { name: "fine.txt", type: "text/plain", bytes: Buffer.from("A fictional note.") },
      { name: "big.txt", type: "text/plain", bytes: Buffer.alloc(2000, 65) },
      { name: "empty.txt", type: "text/plain", bytes: new Uint8Array() },
      { name: "tool.pdf", type: "application/pdf", bytes: ELF },
    ];
    expect(checkUploads(files, { maxBytes: 1000 })).toEqual([
      { index: 1, filename: "big.txt", problem: "too_large" },
      { index: 2, filename: "empty.txt", problem: "empty" },
      { index: 3, filename: "tool.pdf", problem: "executable" },
    ]);
    await expect(uploadEvidence(db, store, editor, files, {}, { maxBytes: 1000 })).rejects.toMatchObject({
      id: "validation_failed",
      details: { problems: expect.arrayContaining([expect.objectContaining({ filename: "big.txt" })]) },
    });
    expect((await listEvidence(db, editor, {})).total).toBe(before);
  });

  it("stores several files at once with fixity, the member as custodian and the chosen visibility", async () => {
    const items = await uploadEvidence(
      db,
      store,
      editor,
      [
        { name: "one.txt", type: "text/plain", bytes: Buffer.from("First fictional statement.") },
        { name: "two.txt", type: "text/plain", bytes: Buffer.from("Second fictional statement.") },
      ],
      { title: "Fictional statements", visibility: "public" },
      { maxBytes: 1000 },
    );
    expect(items.map((i) => [i.title, i.visibility, i.createdBy])).toEqual([
      ["Fictional statements (one.txt)", "public", `user:${(editor as { userId: string }).userId}`],
      ["Fictional statements (two.txt)", "public", `user:${(editor as { userId: string }).userId}`],
    ]);
    expect(items[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(items[0]!.custodyCount).toBe(1);
  });

  it("refuses a viewer, a bad visibility and an upload without files", async () => {
    const f = [{ name: "x.txt", type: "text/plain", bytes: Buffer.from("x") }];
    await expect(uploadEvidence(db, store, reader, f, {}, { maxBytes: 1000 })).rejects.toMatchObject({ id: "forbidden" });
    await expect(uploadEvidence(db, store, editor, f, { visibility: "constructor" }, { maxBytes: 1000 })).rejects.toMatchObject({
      id: "validation_failed",
      message: expect.stringMatching(/^visibility:/),
    });
    await expect(uploadEvidence(db, store, editor, [], {}, { maxBytes: 1000 })).rejects.toMatchObject({ message: expect.stringMatching(/^files:/) });
  });
});

describe("PDF text extraction as a job", () => {
  it("stores each page's text once, resumes without repeating, and makes the text searchable", async () => {
    const [pdf] = await uploadEvidence(
      db,
      store,
      editor,
      [{ name: "ridge-report.pdf", type: "application/pdf", bytes: makeSimplePdf([["Cover of a fictional report."], ["Transfers happened at the Quillfern depot at night."]]) }],
      {},
      { maxBytes: 1 << 20 },
    );
    expect((await listEvidence(db, editor, { q: "quillfern" })).total).toBe(0);
    const first = await pdfTextJob(store)(db, { itemId: pdf!.id, actor: "user:x" }, testJobContext("job-1"));
    expect(first).toEqual({ itemId: pdf!.id, pages: 2, unreadable: false, resumed: false });
    expect(await readPageTexts(db, editor, pdf!.id)).toEqual([
      { page: 1, text: "Cover of a fictional report." },
      { page: 2, text: "Transfers happened at the Quillfern depot at night." },
    ]);
    const again = await pdfTextJob(store)(db, { itemId: pdf!.id, actor: "user:x" }, testJobContext("job-1"));
    expect(again.resumed).toBe(true);
    expect(await countPageTexts(db, pdf!.id)).toBe(2);
    expect((await getDerivedItems(db, pdf!.id)).filter((d) => d.derivation === "text")).toHaveLength(1);
    expect(ids(await listEvidence(db, editor, { q: "QUILLFERN depot" }))).toEqual([pdf!.id]);
  });

  it("finishes without retrying a file pdf.js cannot read", async () => {
    const item = await ingestFile(db, store, { bytes: Buffer.from("%PDF-1.4\nnot really a pdf") }, { filename: "broken.pdf" }, "test:t");
    const r = await pdfTextJob(store)(db, { itemId: item.id, actor: "test:t" }, testJobContext("job-2"));
    expect(r).toMatchObject({ pages: 0, unreadable: true });
  });
});

describe("the evidence list", () => {
  it("filters by type, date added, who added it (by name) and citation, newest first", async () => {
    const [img] = await uploadEvidence(db, store, editor, [{ name: "photo.png", type: "image/png", bytes: Buffer.from("89504e470d0a1a0a0000000d49484452", "hex") }], { title: "Fictional photo" }, { maxBytes: 1000 });
    const cli = await ingestFile(db, store, { bytes: Buffer.from("Fictional CLI note.") }, { filename: "cli-note.txt" }, "system:cli:operator");
    const images = await listEvidence(db, editor, { type: "image" });
    expect(ids(images)).toEqual([img!.id]);
    expect(images.entries[0]!.addedBy).toBe("Fictional Editor Parvin");
    const byCli = await listEvidence(db, editor, { addedBy: "system:cli:operator" });
    expect(ids(byCli)).toEqual([cli.id]);
    expect(byCli.entries[0]!.addedBy).toBe("cli:operator");
    expect((await listEvidenceAdders(db, editor)).map((a) => a.name)).toEqual(expect.arrayContaining(["Fictional Editor Parvin", "cli:operator"]));
    const all = await listEvidence(db, editor, {});
    expect(all.entries[0]!.item.id).toBe(cli.id);
    expect(all.entries.every((e) => e.item.kind !== "derived")).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listEvidence(db, editor, { from: today, to: today })).total).toBe(all.total);
    expect((await listEvidence(db, editor, { to: "2000-01-01" })).total).toBe(0);
    await expect(listEvidence(db, editor, { from: "31/12/2026" })).rejects.toMatchObject({ message: expect.stringMatching(/^from:/) });

    const source = await buildSource(db);
    const person = await buildEntity(db);
    await db.transaction().execute((trx) =>
      createClaim(trx, testActor, {
        entityId: person.id,
        property: "detention_place",
        value: { type: "text", text: "A fictional depot" },
        sources: [{ sourceId: source.id, locator: { archiveItemId: img!.id, page: 1 } }],
        editorial: false,
        confidence: "medium",
        visibility: "public",
        status: "asserted",
      }),
    );
    const cited = await listEvidence(db, editor, { cited: "yes" });
    expect(ids(cited)).toEqual([img!.id]);
    expect(cited.entries[0]!.cited).toBe(true);
    expect(ids(await listEvidence(db, editor, { cited: "no" }))).not.toContain(img!.id);

    // A citation by a claim on a confidential record does not count for a member who may not read it.
    const secretRecord = await buildEntity(db, { visibility: "confidential" });
    await db.transaction().execute((trx) =>
      createClaim(trx, testActor, {
        entityId: secretRecord.id,
        property: "note",
        value: { type: "text", text: "A fictional confidential note" },
        sources: [{ sourceId: source.id, locator: { archiveItemId: cli.id } }],
        editorial: false,
        confidence: "medium",
        visibility: "public",
        status: "asserted",
      }),
    );
    expect(ids(await listEvidence(db, editor, { cited: "yes" }))).toContain(cli.id);
    expect(ids(await listEvidence(db, reader, { cited: "yes" }))).not.toContain(cli.id);
    expect(ids(await listEvidence(db, reader, { cited: "no" }))).toContain(cli.id);
  });

  it("hides items the viewer may not read, and pages the rest", async () => {
    const [secret] = await uploadEvidence(db, store, editor, [{ name: "witness.txt", type: "text/plain", bytes: Buffer.from("Confidential fictional testimony.") }], { visibility: "confidential" }, { maxBytes: 1000 });
    expect(ids(await listEvidence(db, editor, { q: "witness" }))).toEqual([secret!.id]);
    expect((await listEvidence(db, reader, { q: "witness" })).total).toBe(0);
    for (let i = 0; i <= EVIDENCE_PAGE_SIZE; i++) {
      await ingestFile(db, store, { bytes: Buffer.from(`Fictional paging note ${i}`) }, { filename: `paging-${i}.txt` }, "system:cli:pager");
    }
    const p1 = await listEvidence(db, editor, { addedBy: "system:cli:pager" });
    const p2 = await listEvidence(db, editor, { addedBy: "system:cli:pager", page: "2" });
    expect([p1.total, p1.pages, p1.entries.length, p2.page, p2.entries.length]).toEqual([EVIDENCE_PAGE_SIZE + 1, 2, EVIDENCE_PAGE_SIZE, 2, 1]);
    // Newest first: the first file added is the one left for page 2.
    expect(p2.entries[0]!.item.filename).toBe("paging-0.txt");
    expect(ids(p1)).not.toContain(p2.entries[0]!.item.id);
  });

  it("takes built-in property names and pattern characters as plain text", async () => {
    for (const q of [...BUILTIN_NAMES, "%", "_", "\\"]) {
      const r = await listEvidence(db, editor, { q, addedBy: q });
      expect(r.total).toBe(0);
    }
  });
});
