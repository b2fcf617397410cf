import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { collectAllGarbage as gc } from "../../shared/heap-budget.ts";
import { crawl, type Fetcher } from "./crawl.ts";

const BASE = "https://sabt.example.org";
const PAGES = 400;
// Large pages, as a memorial page with its sources is: each kept by mistake costs this much.
const FILLER = "<p>fictional text</p>".repeat(10_000);

/** A site of PAGES pages, each naming the next and its own share image by absolute URL. */
const site: Fetcher = {
  request(path: string) {
    const n = Number(/^\/en\/people\/p(\d+)$/.exec(path)?.[1] ?? "-1");
    if (path !== "/" && n < 0) return new Response("not found", { status: 404 });
    const next = n + 1 < PAGES ? `<a href="/en/people/p${n + 1}">next</a>` : "";
    const html = `<!DOCTYPE html><html><head><meta property="og:image" content="${BASE}/share/en/person/p${n}.png"/></head><body>${next}${FILLER}</body></html>`;
    return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  },
};

describe("crawl", () => {
  it("keeps the paths it hands out without keeping the pages they were found in", async () => {
    const kept: string[] = [];
    gc();
    const before = v8.getHeapStatistics().used_heap_size;
    const seen = await crawl(site, BASE, () => undefined, {
      seeds: ["/"],
      // As the export's share-image drawer does: paths it skips are kept elsewhere.
      skip: (p) => {
        if (!p.endsWith(".png")) return false;
        kept.push(p);
        return true;
      },
    });
    gc();
    const grown = v8.getHeapStatistics().used_heap_size - before;
    expect(seen.size).toBe(PAGES + 1);
    expect(kept).toHaveLength(PAGES + 1);
    // Keeping the pages would hold 400 × 210 KB (84 MB); the paths alone are a few tens of KB.
    expect(grown).toBeLessThan(10 * 1024 * 1024);
  });
});
