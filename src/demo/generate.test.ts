import { describe, expect, it } from "vitest";
import { intervalOf, parseDate } from "../dates/index.ts";
import { generateDemo } from "./generate.ts";
import type { DemoCollection } from "./types.ts";

// Generated once per file: the assertions below only read it.
const demo: DemoCollection = generateDemo({ seed: 11 });

describe("generateDemo", () => {
  it("returns identical output for the same seed", () => {
    expect(generateDemo({ seed: 11 })).toEqual(demo);
  });

  it("returns different output for a different seed", () => {
    const other = generateDemo({ seed: 12 });
    expect(other.lists[0]?.records.slice(0, 5)).not.toEqual(demo.lists[0]?.records.slice(0, 5));
  });

  it("has the documented sizes: about 2,000 victims, 40 officials, a few hundred events, 30 articles, 2 legal cases", () => {
    const byType = (t: string): number => demo.entities.filter((e) => e.type === t).length;
    expect(demo.truth).toHaveLength(2000);
    expect(demo.entities.filter((e) => e.key.startsWith("person:o"))).toHaveLength(40);
    expect(byType("event")).toBeGreaterThanOrEqual(200);
    expect(byType("event")).toBeLessThan(600);
    expect(byType("article")).toBe(30);
    expect(demo.articles).toHaveLength(30);
    expect(byType("tag")).toBe(10);
    expect(byType("legal_case")).toBe(2);
    for (const t of [
      "occupancy",
      "command",
      "membership",
      "participation",
      "detention",
      "position",
      "organization",
      "place",
      "source",
      "list",
    ]) {
      expect(byType(t), t).toBeGreaterThan(0);
    }
  });

  it("marks everything fictional and carries the notice in both languages", () => {
    expect(demo.fictional).toBe(true);
    expect(demo.notice.en).toMatch(/fictional/);
    expect(demo.notice.fa).toMatch(/خیالی/);
    expect(demo.entities.every((e) => e.fictional)).toBe(true);
    expect(demo.claims.every((c) => c.fictional)).toBe(true);
    expect(demo.archive.every((a) => a.fictional)).toBe(true);
    for (const a of demo.articles) {
      expect(a.versions.en.body).toMatch(/fictional|invented/i);
      expect(a.versions.fa.body).toMatch(/خیالی|ساختگی/);
    }
  });

  it("resolves every cross-reference", () => {
    const types = new Map(demo.entities.map((e) => [e.key, e.type]));
    const missing: string[] = [];
    const need = (key: string, where: string, type?: string): void => {
      if (!types.has(key) || (type !== undefined && types.get(key) !== type)) {
        missing.push(`${where} → ${key}`);
      }
    };
    const archive = new Set(demo.archive.map((a) => a.key));
    const records = new Map(demo.lists.map((l) => [l.source, new Set(l.records.map((r) => r.record_id))]));
    for (const c of demo.claims) {
      need(c.subject, c.key);
      if (c.value.type === "ref") need(c.value.value, c.key);
      for (const s of c.sources) {
        need(s.source, c.key, "source");
        const a = s.locator?.archive;
        if (a !== undefined && !archive.has(String(a))) missing.push(`${c.key} → ${String(a)}`);
        const r = s.locator?.record_id;
        if (r !== undefined && !records.get(s.source)?.has(String(r))) {
          missing.push(`${c.key} → ${String(r)}`);
        }
      }
    }
    for (const l of demo.lists) {
      need(l.key, l.id, "list");
      need(l.source, l.id, "source");
    }
    for (const a of demo.articles) {
      need(a.key, a.slug, "article");
      need(a.author, a.slug, "person");
      a.tags.forEach((t) => need(t, a.slug, "tag"));
      a.about.forEach((k) => need(k, a.slug));
      a.citations.forEach((c) => need(c.source, a.slug, "source"));
    }
    demo.tags.forEach((t) => need(t.key, t.slug, "tag"));
    demo.archive.forEach((a) => need(a.source, a.key, "source"));
    expect(missing).toEqual([]);
  });

  it("gives every claim a source unless it is explicitly editorial", () => {
    const bad = demo.claims.filter((c) => (c.sources.length === 0) !== c.editorial);
    expect(bad).toEqual([]);
  });

  it("uses unique keys and slugs", () => {
    const keys = demo.entities.map((e) => e.key);
    const slugs = demo.entities.map((e) => e.slug);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(new Set(demo.claims.map((c) => c.key)).size).toBe(demo.claims.length);
    expect(new Set(demo.articles.map((a) => a.slug)).size).toBe(30);
  });

  it("keeps contested values side by side: two tolls, two death dates, two prisons", () => {
    const tolls = demo.claims.filter((c) => c.property === "death_toll");
    expect(tolls).toHaveLength(2);
    expect(new Set(tolls.map((c) => (c.value.type === "number" ? c.value.value : NaN))).size).toBe(2);
    expect(tolls.every((c) => c.status === "contested")).toBe(true);
    expect(new Set(tolls.map((c) => c.sources[0]?.source)).size).toBe(2);
    const contestedBy = (property: string): Map<string, number> => {
      const m = new Map<string, number>();
      for (const c of demo.claims) {
        if (c.property === property && c.status === "contested") {
          m.set(c.subject, (m.get(c.subject) ?? 0) + 1);
        }
      }
      return m;
    };
    expect([...contestedBy("death_date").values()].some((n) => n >= 2)).toBe(true);
    expect([...contestedBy("prison").values()].some((n) => n >= 2)).toBe(true);
    expect(demo.claims.some((c) => c.property === "death_date" && c.preferred)).toBe(true);
  });

  it("keeps confidential witnesses off the public record", () => {
    const secret = demo.entities
      .filter((e) => e.type === "person" && e.visibility === "confidential")
      .map((e) => e.key);
    expect(secret.length).toBeGreaterThan(0);
    const leaks = demo.claims.filter((c) => secret.includes(c.subject) && c.visibility === "public");
    expect(leaks).toEqual([]);
    const refsPublic = demo.claims.filter(
      (c) => c.value.type === "ref" && secret.includes(c.value.value) && c.visibility === "public",
    );
    expect(refsPublic).toEqual([]);
  });

  it("links featured victims to the truth keys used by events", () => {
    const truthKeys = new Set(demo.truth.map((t) => t.personKey));
    const featured = demo.entities.filter((e) => e.key.startsWith("person:v"));
    expect(featured.length).toBeGreaterThan(100);
    expect(featured.every((e) => truthKeys.has(e.key))).toBe(true);
  });

  it("builds archive files that are valid HTML and PDF", () => {
    const decoder = new TextDecoder();
    for (const item of demo.archive) {
      const s = decoder.decode(item.bytes);
      if (item.mediaType === "text/html") expect(s).toMatch(/^<!doctype html>/);
      if (item.mediaType === "application/pdf") {
        expect(s.startsWith("%PDF-1.4")).toBe(true);
        const xref = Number(/startxref\n(\d+)/.exec(s)?.[1]);
        expect(s.slice(xref, xref + 4)).toBe("xref");
        const offsets = [...s.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
        offsets.forEach((o, i) => expect(s.slice(o).startsWith(`${i + 1} 0 obj`)).toBe(true));
      }
    }
    expect(demo.archive.some((a) => a.mediaType === "application/pdf")).toBe(true);
    expect(demo.claims.some((c) => c.sources.some((s) => s.locator?.archive !== undefined))).toBe(true);
  });

  it("gives places real coordinates where they are well known", () => {
    const evin = demo.claims.find((c) => c.subject === "place:evin" && c.property === "coordinates");
    expect(evin?.value.type === "geo" && Math.abs(evin.value.value.lat - 35.8) < 0.05).toBe(true);
    const types = demo.claims
      .filter((c) => c.property === "place_type")
      .map((c) => (c.value.type === "text" ? c.value.value : ""));
    expect(new Set(types)).toEqual(new Set(["city", "prison", "burial_site"]));
  });

  it("writes dates that Sabt's date parser reads to the same interval, in claims and list rows", () => {
    const wrong: string[] = [];
    for (const c of demo.claims) {
      if (c.value.type !== "date") continue;
      const d = c.value.value;
      const iv = intervalOf(parseDate(d.text, { calendar: d.calendar }));
      if (iv.earliest !== d.earliest || iv.latest !== d.latest) wrong.push(`${c.key} ${d.text}`);
    }
    for (const l of demo.lists) {
      for (const r of l.records) {
        for (const text of [r.death_date, r.birth]) {
          if (text !== "") expect(() => parseDate(text, { calendar: l.calendar }), text).not.toThrow();
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("still builds a consistent collection for a tiny population", () => {
    const tiny = generateDemo({ seed: 2, victims: 40 });
    expect(tiny.truth).toHaveLength(40);
    expect(tiny.articles).toHaveLength(30);
    const keys = new Set(tiny.entities.map((e) => e.key));
    expect(tiny.claims.filter((c) => !keys.has(c.subject))).toEqual([]);
  });
});
