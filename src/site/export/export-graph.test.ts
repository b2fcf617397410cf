import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../../../test/template.ts";
import type { PublicDigestRow } from "../public.repository.ts";
import { ExportGraph, peopleQueryKey, touchedKeys, type Digests } from "./export-graph.ts";

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

function person(id: string, over: Partial<PublicDigestRow> = {}): PublicDigestRow {
  return { id, type: "person", slug: id, digest: `d-${id}`, refs: [], face: `f-${id}`, facets: "h:prison\u001fi:a", deaths: null, ...over };
}

function digests(entities: PublicDigestRow[], estimates = "e1"): Digests {
  return { entities, merges: [], estimates };
}

describe("ExportGraph", () => {
  it("reads back what it saved: statuses, pages, volatile resources, keys, links and digests", () => {
    const g = new ExportGraph();
    g.set("/", 200, true, { keys: new Set(["t:*"]), volatile: false });
    g.set("/en/people/a", 200, true, { keys: new Set(["c:1", "e:1"]), volatile: false });
    g.set("/en/search", 200, true, { keys: new Set(), volatile: true });
    g.set("/share/en/person/a.png", 404, false, { keys: new Set(["c:1"]), volatile: false });
    g.setLinks("/", ["/en/people/a", "/en/search", "/not-fetched"]);
    g.setLinks("/en/people/a", ["/share/en/person/a.png", "/"]);
    g.extraFiles = ["search-index/search.js"];
    const dir = tempDir();
    made.push(dir);
    const file = path.join(dir, "x", "graph");
    const d = digests([person("1", { refs: ["2"], facets: null, deaths: "{[1988-08-01,1988-08-02)}" })]);
    g.save(file, { renderKey: "k", run: "r", digests: d });

    const back = ExportGraph.load(file)!;
    expect(back.renderKey).toBe("k");
    expect(back.run).toBe("r");
    expect(back.digests).toEqual(d);
    expect(back.graph.extraFiles).toEqual(["search-index/search.js"]);
    expect([...back.graph.nodePaths()].sort()).toEqual(["/", "/en/people/a", "/en/search", "/share/en/person/a.png"]);
    expect(back.graph.statusOf("/share/en/person/a.png")).toBe(404);
    expect(back.graph.isPage("/en/people/a")).toBe(true);
    expect(back.graph.isPage("/share/en/person/a.png")).toBe(false);
    expect(back.graph.affectedBy(new Set(["e:1"])).sort()).toEqual(["/en/people/a", "/en/search"]);
    expect(back.graph.affectedBy(new Set(["c:1"])).sort()).toEqual(["/en/people/a", "/en/search", "/share/en/person/a.png"]);
    expect(back.graph.reachable(["/"])).toEqual(["/", "/en/people/a", "/en/search", "/share/en/person/a.png"]);
  });

  it("drops what is no longer linked from the seeds", () => {
    const g = new ExportGraph();
    for (const p of ["/", "/a", "/b"]) g.set(p, 200, true, { keys: [], volatile: false });
    g.setLinks("/", ["/a"]);
    g.setLinks("/b", ["/a"]);
    expect(g.reachable(["/"])).toEqual(["/", "/a"]);
  });

  it("refuses a record that is cut short, altered or not its own, so that the export is a full one", () => {
    const dir = tempDir();
    made.push(dir);
    const file = path.join(dir, "graph");
    const g = new ExportGraph();
    g.set("/", 200, true, { keys: ["t:*"], volatile: false });
    g.setLinks("/", ["/"]);
    g.save(file, { renderKey: "k", run: "r", digests: digests([]) });
    const whole = fs.readFileSync(file);
    expect(ExportGraph.load(file)).toBeDefined();
    fs.writeFileSync(file, whole.subarray(0, whole.length - 4));
    expect(ExportGraph.load(file)).toBeUndefined();
    fs.writeFileSync(file, Buffer.from(whole.toString("latin1").replace('"renderKey"', '"renderKez"'), "latin1"));
    expect(ExportGraph.load(file)).toBeUndefined();
    fs.writeFileSync(file, "{}");
    expect(ExportGraph.load(file)).toBeUndefined();
    expect(ExportGraph.load(path.join(dir, "absent"))).toBeUndefined();
  });
});

describe("touchedKeys", () => {
  const letterA = peopleQueryKey([{ keys: ["i:a"] }, { keys: ["h:death_date", "h:prison"] }]);
  const letterB = peopleQueryKey([{ keys: ["i:b"] }]);
  const deaths1988 = peopleQueryKey([{ keys: ["y:1988", "y:*"], death: { from: "1988-01-01", to: "1988-12-31" } }]);
  const queries = [letterA, letterB, deaths1988];

  it("touches nothing when nothing changed", () => {
    const d = digests([person("1"), person("2")]);
    expect(touchedKeys(d, d, queries)).toEqual({ keys: new Set(), entities: 0 });
  });

  it("touches an edited person's own keys and what its claims point at, not the lists it stays in unchanged", () => {
    const before = digests([person("1", { refs: ["place-1"] }), person("2")]);
    const after = digests([person("1", { digest: "changed", refs: ["place-2"] }), person("2")]);
    const { keys, entities } = touchedKeys(before, after, queries);
    expect(entities).toBe(1);
    expect([...keys].sort()).toEqual(["c:1", "e:1", "r:1", "r:place-1", "r:place-2", "s:person:1", "u:*", "u:person"]);
  });

  it("touches the queries a person enters or leaves, and the type's set when a list shows them otherwise", () => {
    const before = digests([person("1"), person("2")]);
    const renamed = touchedKeys(before, digests([person("1", { face: "renamed" }), person("2")]), queries);
    expect(renamed.keys.has(letterA)).toBe(true);
    expect(renamed.keys.has(letterB)).toBe(false);
    expect(renamed.keys.has("t:person")).toBe(true);
    expect(renamed.keys.has("t:*")).toBe(false);
    const moved = touchedKeys(before, digests([person("1", { facets: "i:b" }), person("2")]), queries);
    expect([letterA, letterB].map((q) => moved.keys.has(q))).toEqual([true, true]);
    // Still matched by another key of the same condition: the letter's pages keep their people.
    const still = touchedKeys(before, digests([person("1", { facets: "h:death_date\u001fh:prison\u001fi:a" }), person("2")]), queries);
    expect(still.keys.has(letterA)).toBe(false);
  });

  it("touches a death-date query when a matching person's dates change, and everything a withdrawn person was in", () => {
    const dead = (deaths: string) => person("1", { facets: "i:a\u001fy:*\u001fy:1988", deaths });
    const dates = touchedKeys(digests([dead("{[1988-08-01,1988-08-02)}")]), digests([dead("{[1988-09-01,1988-09-02)}")]), queries);
    expect(dates.keys.has(deaths1988)).toBe(true);
    const gone = touchedKeys(digests([person("1"), person("2")]), digests([person("2")]), queries);
    expect(gone.keys.has(letterA)).toBe(true);
    expect(gone.keys.has("t:*")).toBe(true);
    expect(gone.keys.has("s:person:1")).toBe(true);
  });

  it("touches the estimates when the published ones change", () => {
    expect(touchedKeys(digests([], "a"), digests([], "b"), []).keys).toEqual(new Set(["estimates"]));
  });
});
