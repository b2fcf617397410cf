import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSabt } from "../../../test/cli.ts";
import { createTestDataDir } from "../../../test/db.ts";

// A local test server on 127.0.0.1: exactly what a capture from the web must never reach, and what
// an operator at the terminal may capture when they say so.
const PAGE = `<!doctype html><html lang="en"><head><title>Fictional local report</title></head>
<body><h1>Fictional local report</h1><p>A page served on the operator's own machine, about an invented prison.</p></body></html>`;

let server: http.Server;
let url: string;
let data: Awaited<ReturnType<typeof createTestDataDir>>;

beforeAll(async () => {
  data = await createTestDataDir();
  server = http.createServer((req, res) => {
    if (req.url === "/report") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await data.cleanup();
});

describe("sabt archive capture on a private address", () => {
  it("refuses a loopback address or name without --allow-private-network, in one line", async () => {
    const r = await runSabt(["archive", "capture", url], data.env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^error \[validation_failed\]: url: private and loopback addresses are not captured .*--allow-private-network/),
    ]);
    expect(r.stdout).toBe("");
    // A name that resolves to a loopback address is refused the same way.
    const named = await runSabt(["archive", "capture", url.replace("127.0.0.1", "localhost"), "--json"], data.env);
    expect(named.code).toBe(1);
    expect(named.stderr).toMatch(/private and loopback addresses are not captured/);
  }, 120_000);

  it("captures it with --allow-private-network: WARC, screenshot, PDF and text, each stored by its hash", async () => {
    const r = await runSabt(["archive", "capture", url, "--allow-private-network", "--json"], data.env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { id: string; artifacts: { kind: string; sha256: string }[] };
    expect(out.id).toMatch(/^[0-9a-f-]{36}$/);
    const kinds = out.artifacts.map((a) => a.kind);
    for (const kind of ["warc", "screenshot", "pdf", "text"]) expect(kinds).toContain(kind);
    for (const a of out.artifacts) expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);

    // The stored capture verifies like any other item.
    const v = await runSabt(["verify", "--json"], data.env);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    // Chromium and two CLI start-ups: slow on a loaded 2-core CI machine.
  }, 240_000);
});
