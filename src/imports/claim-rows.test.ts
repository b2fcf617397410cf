import { describe, expect, it } from "vitest";
import { newClaimRow } from "../claims/index.ts";
import { resolveValue } from "../claims/index.ts";
import { createClaimRowBuilder, timeOrderedId } from "./claim-rows.ts";
import { parsePersonsCsv } from "./persons.csv.ts";

describe("time-ordered ids", () => {
  it("are distinct version 7 UUIDs that sort in the order they were made", () => {
    const ids = Array.from({ length: 10_000 }, () => timeOrderedId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe("imported claim rows", () => {
  it("are exactly the rows newClaimRow makes, though each distinct value is resolved once", () => {
    const csv = [
      "record_id,full_name@public,first_name,gender,birth,age,death_date,prison@confidential,tribe",
      "r1,حسین رضایی (fictional),حسین,مرد,1340,27,۱۳۶۷/۰۵/۱۰,Evin,X",
      "r2,Hossein Rezaei (fictional),Hossein,m,1340,27,1367/05/10,Evin,",
    ].join("\n");
    const { rows, problems } = parsePersonsCsv(csv);
    expect(problems).toEqual([]);
    const at = new Date("2026-01-02T03:04:05Z");
    const build = createClaimRowBuilder("list-1", "test:importer", at);
    for (const r of rows) {
      const sources = build.sourcesOf(r);
      for (const v of r.values) {
        const got = build.row(r, v, "person-1", sources, "claim-1");
        const want = newClaimRow(
          {
            entityId: "person-1",
            property: v.property,
            sources: [{ sourceId: "list-1", locator: { record: r.recordId, row: r.line } }],
            editorial: false,
            confidence: "medium",
            visibility: v.visibility,
            status: "asserted",
          },
          resolveValue(v.value),
          "test:importer",
          { id: "claim-1", origin: `list:list-1:${r.recordId}:${v.column}`, at },
        );
        expect(got).toEqual(want);
        expect(JSON.stringify(got)).toBe(JSON.stringify(want));
      }
    }
  });
});
