import { describe, expect, it } from "vitest";
import { SabtError } from "../shared/errors.ts";
import { blockingRecall } from "../../bench/linkage-score.ts";
import { explainPair, linkRecords, LinkSettingsSchema, victimListSettings } from "./index.ts";
import { generateVictimLists } from "./synth/generate.ts";

const synth = generateVictimLists({ records: 400, seed: 11 });
const entityOf = synth.truth.map((t) => t.entity_id);

describe("linkRecords on generated victim lists", () => {
  const result = linkRecords(synth.records, victimListSettings());

  it("finds most true pairs with few false ones", () => {
    let tp = 0;
    let fp = 0;
    const byCluster = new Map<string, number[]>();
    result.clusters.forEach((c, k) => byCluster.set(c, [...(byCluster.get(c) ?? []), k]));
    for (const members of byCluster.values()) {
      for (let a = 0; a < members.length; a++) {
        for (let b = a + 1; b < members.length; b++) {
          if (entityOf[members[a]!] === entityOf[members[b]!]) tp++;
          else fp++;
        }
      }
    }
    const report = blockingRecall(result.candidates, entityOf, result.prepared.sources, false);
    expect(tp / report.truePairs).toBeGreaterThan(0.85);
    expect(fp / (tp + fp)).toBeLessThan(0.1);
  });

  it("reports each finished stage to a caller that asks, and links the same either way", () => {
    const stages: string[] = [];
    const heard = linkRecords(synth.records, victimListSettings(), { onStage: (stage, seconds) => stages.push(`${stage}:${seconds >= 0}`) });
    expect(stages).toEqual(["prepare:true", "block:true", "compare:true", "u:true", "train:true", "cluster:true"]);
    expect(heard.clusters).toEqual(result.clusters);
    expect(heard.pairs.probability).toEqual(result.pairs.probability);
  });

  it("blocking keeps most true pairs and reports the ones it loses", () => {
    const report = blockingRecall(result.candidates, entityOf, result.prepared.sources, false);
    expect(report.recall).toBeGreaterThan(0.85);
    expect(report.found + report.lost).toBe(report.truePairs);
  });

  it("explains every pair: prior plus field weights is the score", () => {
    for (let p = 0; p < Math.min(50, result.pairs.left.length); p++) {
      const e = explainPair(result.model, result.prepared, result.pairs.left[p]!, result.pairs.right[p]!);
      const sum = e.priorWeight + e.fields.reduce((s, f) => s + f.weight, 0);
      expect(sum).toBeCloseTo(e.matchWeight, 9);
      expect(e.probability).toBeCloseTo(result.pairs.probability[p]!, 9);
    }
  });

  it("is deterministic for a seed", () => {
    expect(linkRecords(synth.records, victimListSettings()).clusters).toEqual(result.clusters);
  });
});

describe("term-frequency adjustment", () => {
  // Eight namesakes share a common name; two records share a rare one. Neither pair has other evidence.
  const rows: Record<string, string>[] = [];
  const add = (full: string, death: string) => rows.push({ record_id: `r${rows.length}`, full_name: full, death_date: death });
  for (let k = 0; k < 8; k++) add("Mohammad Mohammadi", `${1981 + k}-05-01`);
  add("Pardika Zarbafi", "1988-08-01");
  add("پردیکا زربافی", "1367/05/20");
  const others = "Tehrani Shirazi Karimi Rahimi Jafari Kazemi Ghasemi Hashemi Ebrahimi Yousefi Abbasi Moradi Sadeghi Bagheri Amiri Nouri Zarei Rostami Heidari Khosravi Najafi Soleimani Akbari Ghorbani Sharifi Taheri Asadi Farhadi Rahmani Asgari".split(" ");
  const given = "Reza Hamid Majid Amir Farhad Behrouz Javad Mehdi Nader Karim".split(" ");
  others.forEach((surname, k) => add(`${given[k % given.length]!} ${surname}`, `${1980 + (k % 9)}-01-01`));
  const settings = LinkSettingsSchema.parse({
    fields: [
      { kind: "person", name: "name", full: "full_name" },
      { kind: "date", name: "death", columns: ["death_date"] },
    ],
    blocking: [["name.full"]],
  });
  const result = linkRecords(rows, settings);
  const weightOf = (i: number, j: number, field: string) =>
    explainPair(result.model, result.prepared, i, j).fields.find((f) => f.field === field)!;

  it("counts agreement on a rare name more than on a common one", () => {
    const common = weightOf(0, 1, "name.surname");
    const rare = weightOf(8, 9, "name.surname");
    expect(common.level).toBe(rare.level);
    expect(rare.weight).toBeGreaterThan(common.weight + 1);
    expect(common.tfAdjustment).toBeLessThan(0);
    expect(rare.tfAdjustment).toBeGreaterThan(common.tfAdjustment + 1);
  });
});

describe("review decisions", () => {
  const rows = [
    { record_id: "a", full_name: "Ali Karimi", death_date: "1988-08-01" },
    { record_id: "b", full_name: "علی کریمی", death_date: "1367/05/10" },
    { record_id: "c", full_name: "Zahra Nouri", death_date: "1984-01-01" },
    { record_id: "d", full_name: "Maryam Tehrani", death_date: "1986-02-02" },
  ];
  const settings = LinkSettingsSchema.parse({
    fields: [
      { kind: "person", name: "name", full: "full_name" },
      { kind: "date", name: "death", columns: ["death_date"] },
    ],
    blocking: [["name.full"]],
  });

  it.each([
    ["non-match", "a", "b", false],
    ["match", "c", "d", true],
  ] as const)("a %s decision on %s–%s overrides the model", (decision, left, right, together) => {
    const r = linkRecords(rows, settings, { decisions: [{ left, right, decision }] });
    const at = (id: string) => r.clusters[r.ids.indexOf(id)];
    expect(at(left) === at(right)).toBe(together);
  });
});

describe("bad input", () => {
  const settings = victimListSettings();
  const row = (id: string) => ({
    record_id: id, source: "fa1", full_name: "علی کریمی", first_name: "", last_name: "", father_name: "", gender: "",
    birth: "", age: "", death_date: "", city: "", prison: "",
  });
  it.each([
    ["no records", [], /no records/],
    ["a missing id", [row("")], /has no id/],
    ["a duplicate id", [row("x"), row("x")], /duplicate id "x"/],
    ["a missing column", [{ record_id: "x", name: "y" }], /column "full_name" is not in the input/],
  ] as const)("rejects %s with a validation error", (_, records, message) => {
    const run = () => linkRecords(records as unknown as Record<string, string>[], settings);
    expect(run).toThrow(SabtError);
    expect(run).toThrow(message);
  });

  it("rejects an unknown block key", () => {
    const bad = LinkSettingsSchema.parse({ ...settings, blocking: [["name.nickname"]] });
    expect(() => linkRecords([row("x")], bad)).toThrow(/unknown block key "name.nickname"/);
  });

  it("rejects a decision about an unknown record", () => {
    expect(() => linkRecords([row("x"), row("y")], settings, { decisions: [{ left: "x", right: "z", decision: "match" }] })).toThrow(
      /unknown record id/,
    );
  });
});

describe("relatives and namesakes", () => {
  // A generated background trains the model; the hand-made records below are the hard negatives.
  const background = generateVictimLists({ records: 600, seed: 23 }).records;
  const blank = Object.fromEntries(Object.keys(background[0]!).map((c) => [c, ""]));
  const rows: Record<string, string>[] = [...background];
  const add = (id: string, r: Record<string, string>) => rows.push({ ...blank, ...r, record_id: id });
  // Two brothers with a rare surname, the same father, city and prison, executed the same day.
  add("s1a", { source: "fa1", full_name: "کاوه زربافیان", father_name: "بهرام", death_date: "1367/06/02", city: "تهران", prison: "اوین" });
  add("s1b", { source: "en1", full_name: "Kaveh Zarbafian", father_name: "Bahram", death_date: "1988-08-24", city: "Tehran", prison: "Evin" });
  add("s2a", { source: "fa2", full_name: "آرش زربافیان", father_name: "بهرام", death_date: "1367/06/02", city: "تهران", prison: "اوین" });
  add("s2b", { source: "en2", full_name: "Zarbafian, Arash", father_name: "Bahram", death_date: "1988-08-24", city: "Tehran", prison: "Evin" });
  // Six men called Mohammad Mohammadi from one city, who died months apart in one year (the dates
  // differ in two digits, so that none reads as a typo of another).
  for (let k = 1; k <= 6; k++) {
    const date = `1988-${String(2 * k - 1).padStart(2, "0")}-${10 + 2 * k}`;
    add(`m${k}a`, { source: "fa1", full_name: "محمد محمدی", death_date: date, city: "تهران" });
    add(`m${k}b`, { source: "en1", full_name: "Mohammad Mohammadi", death_date: date, city: "Tehran" });
  }
  const result = linkRecords(rows, victimListSettings());
  const clusterOf = (id: string) => result.clusters[result.ids.indexOf(id)];

  it("links each brother's records but never the brothers", () => {
    expect(clusterOf("s1a")).toBe(clusterOf("s1b"));
    expect(clusterOf("s2a")).toBe(clusterOf("s2b"));
    expect(clusterOf("s1a")).not.toBe(clusterOf("s2a"));
  });

  it("keeps namesakes who died on different days apart, and links each one's records", () => {
    const clusters = new Set(Array.from({ length: 6 }, (_, k) => clusterOf(`m${k + 1}a`)));
    expect(clusters.size).toBe(6);
    for (let k = 1; k <= 6; k++) expect(clusterOf(`m${k}a`)).toBe(clusterOf(`m${k}b`));
  });

  it("withholds term-frequency credit from a rare surname shared by relatives", () => {
    const [a, b] = [result.ids.indexOf("s1a"), result.ids.indexOf("s2a")];
    const surname = explainPair(result.model, result.prepared, a, b).fields.find((f) => f.field === "name.surname")!;
    expect(surname.level).toBe("same key");
    expect(surname.tfAdjustment).toBe(0);
  });
});

describe("prior over all pairs", () => {
  it("is smaller than the share of matches among candidates", () => {
    const synth = generateVictimLists({ records: 300, seed: 4 });
    const base = victimListSettings();
    const all = linkRecords(synth.records, base).model.prior;
    const candidates = linkRecords(synth.records, { ...base, priorOver: "candidates" }).model.prior;
    expect(all).toBeLessThan(candidates / 10);
  });
});
