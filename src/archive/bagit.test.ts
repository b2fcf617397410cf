import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/index.ts";
import { ingestFile } from "./archive.service.ts";
import { findClaimIdsCitingItem } from "./archive.repository.ts";
import type { BlobStore } from "./blob-store.ts";
import { validateBag } from "./bagit.validator.ts";
import { writeBag } from "./bagit.writer.ts";
import { getCustodyLog } from "./custody.service.ts";
import { exportEvidenceBag } from "./evidence-bag.service.ts";
import { openTestArchive } from "../../test/archive.ts";

let db: Db;
let store: BlobStore;
let dir: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, store, dir, close } = await openTestArchive());
}, 120_000);
afterAll(async () => close());

async function citeInClaim(itemId: string, claimId: string) {
  const entityId = `ent-${claimId}`;
  await db
    .insertInto("entity")
    .values({
      id: entityId,
      type: "source",
      slug: entityId,
      label: "Fictional report",
      visibility: "team",
      is_fictional: true,
      version: 1,
      created_by: "test",
    })
    .execute();
  await db
    .insertInto("claim")
    .values({
      id: claimId,
      entity_id: entityId,
      property: "describes",
      value_type: "string",
      value: JSON.stringify({ v: "fictional detention" }),
      value_text: "fictional detention",
      sources: JSON.stringify([{ sourceId: entityId, locator: { archiveItemId: itemId, page: 2 } }]),
      author: "test",
      search_key: "",
      ref_id: null,
      editorial: false,
      confidence: "medium",
      confidence_rule: null,
      visibility: "team",
      status: "asserted",
      preferred: false,
      preferred_reason: null,
      origin: null,
      version: 1,
    })
    .execute();
}

describe("BagIt evidence packages", () => {
  it("writes a bag that validates, with custody, timestamps and citing claims", async () => {
    const a = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("%PDF-1.4\nfictional report\n") },
      { filename: "report 1.pdf" },
      "test:alice",
    );
    const b = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("witness statement (fictional)\n") },
      { filename: "statement.txt" },
      "test:alice",
    );
    await citeInClaim(a.id, "claim-bag-1");
    expect(await findClaimIdsCitingItem(db, a.id)).toEqual(["claim-bag-1"]);
    expect(await findClaimIdsCitingItem(db, b.id)).toEqual([]);

    const out = path.join(dir, "bag1");
    const bag = await exportEvidenceBag(db, store, [a.id, b.id], out, {
      actor: "test:alice",
      sourceOrganization: "Sabt test team",
    });
    const result = await validateBag(out);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const info = Object.fromEntries(result.info);
    expect(info["Source-Organization"]).toBe("Sabt test team");
    expect(info["External-Identifier"]).toBe(bag.externalIdentifier);
    expect(info["Payload-Oxum"]).toBe(bag.payloadOxum);
    expect(info["Bagging-Date"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const f of ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"]) {
      expect(fs.existsSync(path.join(out, f))).toBe(true);
    }

    const file = fs.readFileSync(path.join(out, "data/items", a.id, "file", "report 1.pdf"));
    expect(file.toString()).toBe("%PDF-1.4\nfictional report\n");
    const manifest = fs.readFileSync(path.join(out, "manifest-sha256.txt"), "utf8");
    expect(manifest).toContain(`${a.sha256}  data/items/${a.id}/file/report 1.pdf`);
    const custody = JSON.parse(fs.readFileSync(path.join(out, "data/items", a.id, "custody.json"), "utf8"));
    expect(custody.map((e: { action: string }) => e.action)).toEqual(["ingested", "exported"]);
    expect(await getCustodyLog(db, a.id)).toHaveLength(2);
    const claims = JSON.parse(fs.readFileSync(path.join(out, "data/claims.json"), "utf8"));
    expect(claims.map((c: { id: string }) => c.id)).toEqual(["claim-bag-1"]);
  });

  it("catches a tampered payload file, a removed file, an unlisted file and a bad Payload-Oxum", async () => {
    const out = path.join(dir, "bag2");
    await writeBag(
      out,
      [
        { path: "a.txt", content: "alpha\n" },
        { path: "sub/b.txt", content: "beta\n" },
      ],
      [["Source-Organization", "t"]],
    );
    expect((await validateBag(out)).valid).toBe(true);

    fs.writeFileSync(path.join(out, "data/a.txt"), "alphA\n");
    const tampered = await validateBag(out);
    expect(tampered.valid).toBe(false);
    expect(tampered.errors).toContainEqual(expect.stringMatching(/data\/a\.txt checksum mismatch/));

    fs.writeFileSync(path.join(out, "data/a.txt"), "alpha\n");
    fs.writeFileSync(path.join(out, "data/extra.txt"), "smuggled\n");
    const extra = await validateBag(out);
    expect(extra.errors).toContainEqual(expect.stringMatching(/payload file data\/extra\.txt is not listed/));
    expect(extra.errors).toContainEqual(expect.stringMatching(/Payload-Oxum/));

    fs.rmSync(path.join(out, "data/extra.txt"));
    fs.rmSync(path.join(out, "data/sub/b.txt"));
    expect((await validateBag(out)).errors).toContainEqual(
      expect.stringMatching(/data\/sub\/b\.txt is listed but missing/),
    );
  });

  it("catches an edited tag file and a manifest path that leaves the bag", async () => {
    const out = path.join(dir, "bag3");
    await writeBag(out, [{ path: "a.txt", content: "alpha\n" }], [["Source-Organization", "t"]]);
    fs.appendFileSync(path.join(out, "bag-info.txt"), "Contact-Name: intruder\n");
    expect((await validateBag(out)).errors).toContainEqual(
      expect.stringMatching(/tagmanifest-sha256\.txt: bag-info\.txt checksum mismatch/),
    );
    fs.appendFileSync(path.join(out, "manifest-sha256.txt"), `${"0".repeat(64)}  data/../../etc/passwd\n`);
    expect((await validateBag(out)).errors).toContainEqual(expect.stringMatching(/leaves the bag/));
  });

  it("refuses to write into a non-empty directory", async () => {
    const out = path.join(dir, "bag4");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "x"), "x");
    await expect(writeBag(out, [], [])).rejects.toMatchObject({ id: "conflict" });
  });
});
