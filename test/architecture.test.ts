import path from "node:path";
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { deepImports, folderCycles, LAYERS, layerViolations, longFunctions, longTransportFunctions, readImportGraph, type ImportEdge } from "./architecture.ts";

const SRC = path.resolve(import.meta.dirname, "../src");
const edges = readImportGraph(SRC);

describe("architecture of src/ (docs/ARCHITECTURE.md)", () => {
  it("reads the imports of every source file, type imports included", () => {
    // A reader that found nothing would pass every check below.
    expect(edges.length).toBeGreaterThan(1000);
    expect(edges).toContainEqual({ from: "server/app.ts", to: "http/index.ts" });
    // `import type` counts: a type-only dependency still ties the folders together.
    expect(edges).toContainEqual({ from: "site/site.routes.ts", to: "http/index.ts" });
  });

  it("has no cycle between folders", () => {
    expect(folderCycles(edges)).toEqual([]);
  });

  it("imports only from lower layers of the table, and every folder is in the table", () => {
    expect(layerViolations(edges)).toEqual([]);
    const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.filter((f) => !LAYERS.flat().includes(f))).toEqual([]);
  });

  it("reaches another capability only through its index.ts", () => {
    expect(deepImports(edges)).toEqual([]);
  });

  it("prints the same layer table as docs/ARCHITECTURE.md", () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../docs/ARCHITECTURE.md"), "utf8");
    const rows = [...doc.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((m) => ({ layer: Number(m[1]), folders: m[2]!.trim() }));
    expect(rows).toEqual(LAYERS.map((folders, layer) => ({ layer, folders: folders.map((f) => `\`${f}/\``).join(", ") })));
  });
});

describe("the checks themselves", () => {
  it("find a deliberately added cycle", () => {
    const withCycle: ImportEdge[] = [...edges, { from: "db/connect.ts", to: "claims/index.ts" }];
    expect(folderCycles(withCycle)).toEqual([expect.stringContaining("claims")]);
    expect(folderCycles(withCycle)[0]).toContain("db");
  });

  it("find an import from a lower layer up to a higher one, and a folder missing from the table", () => {
    expect(layerViolations([{ from: "crypto/cipher.ts", to: "audit/index.ts" }])).toEqual([
      "crypto/cipher.ts imports audit/index.ts: crypto/ (layer 4) may not import audit/ (layer 6)",
    ]);
    expect(layerViolations([{ from: "archive/a.ts", to: "search/index.ts" }])).toHaveLength(1);
    expect(layerViolations([{ from: "newthing/a.ts", to: "shared/errors.ts" }])).toEqual(["folder newthing/ is not in the layer table"]);
  });

  it("find a deep import, but not one into a per-file kit or through an allow-listed path", () => {
    expect(deepImports([{ from: "imports/import.service.ts", to: "claims/claim.repository.ts" }])).toHaveLength(1);
    expect(deepImports([{ from: "claims/claim.service.ts", to: "shared/errors.ts" }])).toEqual([]);
    expect(deepImports([{ from: "a/x.ts", to: "b/y.ts" }], [{ from: "a", to: "b/y.ts", reason: "test" }])).toEqual([]);
  });
});

describe("route, page and command files", () => {
  it("have no function over 100 lines", () => {
    expect(longTransportFunctions(SRC)).toEqual([]);
  });

  it("the length check finds a long registration", () => {
    const body = Array.from({ length: 101 }, (_, i) => `  app.get("/${i}", (c) => c.text("x"));`).join("\n");
    expect(longFunctions("x.routes.ts", `export function register(app) {\n${body}\n}\n`)).toEqual(["x.routes.ts:1 register (103 lines)"]);
  });
});

describe("the public site", () => {
  it("builds pages, feeds and sitemaps only through the SiteReader, never the public repository", () => {
    const direct = edges.filter((e) => /^site\/(pages|machine|model|share)\//.test(e.from) && e.to === "site/public.repository.ts");
    expect(direct).toEqual([]);
  });
});
