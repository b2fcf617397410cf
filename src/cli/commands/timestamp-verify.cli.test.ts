/**
 * `sabt archive timestamp` then `sabt archive timestamp-verify`, as an operator runs them: a
 * file's RFC 3161 timestamp from a local test authority verifies offline against the authority's
 * CA, and fails against another CA or for an item never timestamped; bad input is one clear line.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSabt } from "../../../test/cli.ts";
import { createTestDataDir } from "../../../test/db.ts";
import { tempDir } from "../../../test/template.ts";
import { openssl, startTestTsa, type TestTsa } from "../../../test/tsa.ts";

let dir: Awaited<ReturnType<typeof createTestDataDir>>;
let tsa: TestTsa;
let stamped: string;
let plain: string;
let otherCa: string;

async function add(text: string): Promise<string> {
  const file = path.join(tempDir(), `note-${text.length}.txt`);
  fs.writeFileSync(file, text);
  const r = await runSabt(["archive", "add", file, "--json"], dir.env);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { id: string }).id;
}

beforeAll(async () => {
  dir = await createTestDataDir();
  const scratch = tempDir();
  tsa = await startTestTsa(path.join(scratch, "pki"));
  // A CA that never signed the authority's certificate.
  const other = path.join(scratch, "other");
  fs.mkdirSync(other);
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "o.key", "-out", "o.crt", "-days", "30", "-subj", "/CN=Another Fictional CA"], other);
  otherCa = path.join(other, "o.crt");
  stamped = await add("A fictional statement, timestamped.");
  plain = await add("A fictional statement, never timestamped.");
  const r = await runSabt(["archive", "timestamp", stamped, "--tsa", tsa.url], dir.env);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await tsa.close();
  await dir.cleanup();
});

describe("sabt archive timestamp-verify", () => {
  it("verifies a stored timestamp offline against the authority's CA", async () => {
    await tsa.close(); // offline: the authority is gone
    const r = await runSabt(["archive", "timestamp-verify", stamped, "--trust", tsa.caFile], dir.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${stamped}: http://127\\.0\\.0\\.1:\\d+/tsa \\d{4}-\\d\\d-\\d\\dT[^ ]+ verified, chain trusted$`, "m"));
    const json = JSON.parse((await runSabt(["archive", "timestamp-verify", stamped, "--json"], dir.env)).stdout) as { itemId: string; timestamps: { ok: boolean }[] }[];
    expect(json).toMatchObject([{ itemId: stamped, timestamps: [{ ok: true }] }]);
  });

  it("fails against another CA, and for an item without a timestamp", async () => {
    const other = await runSabt(["archive", "timestamp-verify", stamped, "--trust", otherCa], dir.env);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/FAILED, chain NOT trusted \(the TSA certificate does not chain to a trusted anchor/);
    const none = await runSabt(["archive", "timestamp-verify", plain], dir.env);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain(`${plain}: no stored timestamp`);
  });

  it.each([
    [["--trust", "/nonexistent/ca.pem"], /--trust: cannot read/],
    [["--trust", "README.md"], /holds no PEM certificate/],
  ])("refuses %j with one clear line", async (args, message) => {
    const r = await runSabt(["archive", "timestamp-verify", stamped, ...args], dir.env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("says an unknown item is not found", async () => {
    const r = await runSabt(["archive", "timestamp-verify", "00000000-0000-4000-8000-000000000000"], dir.env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/not found/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
