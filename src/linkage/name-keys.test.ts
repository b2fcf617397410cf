import { describe, expect, it } from "vitest";
import { parseName } from "../names/index.ts";
import { createNameKeyer } from "./name-keys.ts";
import { generateVictimLists } from "./synth/generate.ts";

describe("createNameKeyer", () => {
  it.each([
    ["Seyed Hassan Zareie"],
    ["Zareie, Seyed Hassan"],
    ["سید حسین یوسفی"],
    ["محمدرضا حسن‌زاده"],
    ["Mohammad Ali al-Mansur"],
    ["  Amir   Hassan-Zadeh "],
    ["عليرضا  كريمي"],
    ["فاطمه‌ زهرا"],
    ["Mirza"],
    ["Zareie,"],
    [", Hassan"],
    ["Zareie,Hassan,Ali"],
    ["زارعی، حسن"],
    [""],
  ])("keys %j exactly as parseName does", (raw) => {
    expect(createNameKeyer()(raw)).toEqual(parseName(raw).keys);
  });

  it("agrees with parseName on every name of a generated list", () => {
    const keys = createNameKeyer();
    const names = generateVictimLists({ records: 2000, seed: 5 }).records.flatMap((r) => [r.full_name ?? "", r.father_name ?? ""]);
    const differing = names.filter((n) => JSON.stringify(keys(n)) !== JSON.stringify(parseName(n).keys));
    expect(differing).toEqual([]);
  });
});
