import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/index.ts";
import { ingestFile } from "./archive.service.ts";
import type { BlobStore } from "./blob-store.ts";
import { getCustodyLog } from "./custody.service.ts";
import { openTestArchive } from "../../test/archive.ts";
import { openssl as runOpenssl, startTestTsa, type TestTsa } from "../../test/tsa.ts";
import { timestampItem, verifyItemTimestamps } from "./timestamp.service.ts";
import { findTimestampsByItem } from "./timestamp.repository.ts";
import { newNonce, verifyTimestampToken } from "./tsa.token.ts";

let db: Db;
let store: BlobStore;
let dir: string;
let close: () => Promise<void>;
let tsa: TestTsa;
let tsaUrl: string;
let pki: string;

beforeAll(async () => {
  ({ db, store, dir, close } = await openTestArchive());
  tsa = await startTestTsa(path.join(dir, "pki"));
  pki = tsa.pki;
  tsaUrl = tsa.url;
}, 120_000);
afterAll(async () => {
  await tsa.close();
  await close();
});

const openssl = (args: string[], cwd = pki) => runOpenssl(args, cwd);

describe("RFC 3161 trusted timestamps", () => {
  it("draws nonces whose DER encoding is positive and minimal, which strict authorities require", () => {
    // A first byte of 0 followed by one below 0x80 is illegal padding: 1 draw in 256 before the fix.
    for (let k = 0; k < 20_000; k++) {
      const first = newNonce()[0]!;
      expect(first > 0 && first < 0x80).toBe(true);
    }
  });

  it("timestamps an item's hash, stores the token, and both openssl and Sabt verify it", async () => {
    const item = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("fictional execution order, scanned\n") },
      { filename: "order.txt" },
      "test:alice",
    );
    const [ts] = await timestampItem(db, item.id, [tsaUrl], "test:alice");
    expect(ts).toMatchObject({ itemId: item.id, tsaUrl });
    expect(Math.abs(Date.parse(ts!.genTime) - Date.now())).toBeLessThan(60_000);

    const [row] = await findTimestampsByItem(db, item.id);
    const tokenFile = path.join(dir, "token.tsr");
    fs.writeFileSync(tokenFile, row!.token);
    const out = openssl([
      "ts",
      "-verify",
      "-digest",
      item.sha256,
      "-in",
      tokenFile,
      "-token_in",
      "-CAfile",
      "ca.crt",
    ]).toString();
    expect(out).toMatch(/Verification: OK/);

    const ours = await verifyTimestampToken(row!.token, item.sha256, {
      trustedPem: fs.readFileSync(path.join(pki, "ca.crt"), "utf8"),
    });
    expect(ours.problems).toEqual([]);
    expect(ours).toMatchObject({
      ok: true,
      chainTrusted: true,
      messageImprint: item.sha256,
      hashAlgorithm: "sha256",
      policy: "1.2.3.4.1",
    });
    expect(ours.signerSubject).toMatch(/Sabt Test TSA/);

    const log = await getCustodyLog(db, item.id);
    expect(log.map((e) => e.action)).toEqual(["ingested", "timestamped"]);
    const all = await verifyItemTimestamps(db, item.id, fs.readFileSync(path.join(pki, "ca.crt"), "utf8"));
    expect(all.every((v) => v.ok)).toBe(true);
  });

  it("rejects a token for another hash, a token with a flipped byte, and an untrusted TSA", async () => {
    const item = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("another fictional document\n") },
      { filename: "d.txt" },
      "test:alice",
    );
    await timestampItem(db, item.id, [tsaUrl], "test:alice");
    const [row] = await findTimestampsByItem(db, item.id);
    const token = Buffer.from(row!.token);
    const caPem = fs.readFileSync(path.join(pki, "ca.crt"), "utf8");

    const other = await verifyTimestampToken(token, "ab".repeat(32), { trustedPem: caPem });
    expect(other.ok).toBe(false);
    expect(other.problems.join()).toMatch(/imprint/);

    // Backdate the signed genTime by one digit: the imprint still matches, only the signature catches it.
    const genTime = row!.gen_time.toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const at = token.indexOf(Buffer.from(genTime, "ascii"));
    expect(at).toBeGreaterThan(0);
    const forged = Buffer.from(token);
    forged[at + 3] = forged[at + 3]! - 1;
    const forgedResult = await verifyTimestampToken(forged, item.sha256, { trustedPem: caPem });
    expect(forgedResult.ok).toBe(false);
    expect(forgedResult.problems.join()).toMatch(/signature does not verify/);
    expect(forgedResult.genTime!.getUTCFullYear()).toBe(row!.gen_time.getUTCFullYear() - 1);

    const strangerDir = path.join(dir, "stranger");
    fs.mkdirSync(strangerDir);
    openssl(
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "k",
        "-out",
        "c.crt",
        "-days",
        "1",
        "-subj",
        "/CN=Stranger",
      ],
      strangerDir,
    );
    const untrusted = await verifyTimestampToken(token, item.sha256, {
      trustedPem: fs.readFileSync(path.join(strangerDir, "c.crt"), "utf8"),
    });
    expect(untrusted.ok).toBe(false);
    expect(untrusted.chainTrusted).toBe(false);
  });

  it("reports a TSA that cannot be reached without storing anything", async () => {
    const item = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("third\n") },
      { filename: "t.txt" },
      "test:alice",
    );
    await expect(timestampItem(db, item.id, ["http://127.0.0.1:9/tsa"], "test:alice")).rejects.toMatchObject({
      id: "integrity_failed",
    });
    expect(await findTimestampsByItem(db, item.id)).toEqual([]);
  });
});
