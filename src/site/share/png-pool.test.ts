import fs from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { tempDir } from "../../../test/template.ts";
import { SharePngPool } from "./png-pool.ts";
import { renderPng, shareSvg } from "./share-image.ts";

// Worker threads started through tsx, and about sixty cards drawn.
vi.setConfig({ testTimeout: 120_000 });

const card = (i: number) => shareSvg({ lang: i % 2 ? "fa" : "en", title: `کارت خیالی ${i} · Fictional card ${i}`, subtitle: "1367", site: "Sabt", fictional: "Fictional" });

describe("SharePngPool", () => {
  it("draws the same bytes as this thread, and a card drawn once comes from the cache", async () => {
    const cacheDir = tempDir("sabt-png-cache-");
    const pool = new SharePngPool({ threads: 2, cacheDir });
    try {
      const drawn = await Promise.all([card(1), card(2)].map((svg) => pool.render(svg)));
      expect(Buffer.from(drawn[0]!).equals(renderPng(card(1)))).toBe(true);
      expect(Buffer.from(drawn[1]!).equals(renderPng(card(2)))).toBe(true);
      const again = await pool.render(card(1));
      expect(Buffer.from(again).equals(Buffer.from(drawn[0]!))).toBe(true);
      expect(pool.stats).toEqual({ cached: 1, drawn: 2 });
      expect(fs.readdirSync(cacheDir).length).toBeGreaterThan(0);
    } finally {
      await pool.close();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("keeps drawing across the replacement of its threads, and rejects what is left when closed", async () => {
    const pool = new SharePngPool({ threads: 1, cardsPerThread: 24 });
    const svgs = Array.from({ length: 60 }, (_, i) => card(i));
    const pngs = await Promise.all(svgs.map((svg) => pool.render(svg)));
    expect(pngs.every((png) => png[0] === 0x89 && png[1] === 0x50)).toBe(true);
    expect(Buffer.from(pngs[59]!).equals(renderPng(svgs[59]!))).toBe(true);
    expect(pool.threadsStarted).toBe(3);
    const late = expect(pool.render(card(99))).rejects.toThrow("stopped");
    await pool.close(new Error("stopped"));
    await late;
    expect(pool.closed).toBe(true);
  });

  it("ends a thread left idle, as a server's pool, and starts another for the next card", async () => {
    const pool = new SharePngPool({ threads: 1, idleMs: 50, unref: true });
    try {
      await pool.render(card(1));
      expect(pool.threadCount).toBe(1);
      await vi.waitFor(() => expect(pool.threadCount).toBe(0), { timeout: 5_000, interval: 20 });
      expect(Buffer.from(await pool.render(card(2))).equals(renderPng(card(2)))).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
