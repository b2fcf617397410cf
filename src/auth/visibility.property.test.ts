/**
 * Property-based test of the visibility filter: for random viewers and random sets of claims of
 * random visibility and status, on entities of random visibility and naming entities of random
 * visibility, what the services return is exactly what the model allows.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { createClaims, findClaimsInInterval, getClaim, listClaims } from "../claims/index.ts";
import { authorize, strictestVisibility } from "../shared/policy.ts";
import { ANONYMOUS, readableVisibilities, type Role, type Viewer, type Visibility } from "../shared/viewer.ts";

const VIS: Visibility[] = ["public", "team", "confidential"];
const ROLES: Role[] = ["admin", "editor", "researcher", "reviewer", "viewer"];

/** The model, written independently of src/shared. */
function mayRead(v: Viewer, vis: Visibility): boolean {
  if (v.kind === "system") return true;
  if (v.kind === "anonymous") return vis === "public";
  if (v.scopes && !v.scopes.includes("read")) return false;
  return vis !== "confidential" || ["admin", "editor", "researcher"].includes(v.role);
}

const viewerArb: fc.Arbitrary<Viewer> = fc.oneof(
  fc.constant(ANONYMOUS),
  fc.record({
    kind: fc.constant("user" as const),
    userId: fc.uuid(),
    name: fc.string(),
    role: fc.constantFrom(...ROLES),
    scopes: fc.option(fc.subarray(["read", "write", "admin"]), { nil: undefined }),
  }).map((v) => (v.scopes === undefined ? { kind: v.kind, userId: v.userId, name: v.name, role: v.role } : v) as Viewer),
);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("visibility filter (property-based)", () => {
  it("policy: authorize(read) succeeds exactly when the model allows it", () => {
    fc.assert(
      fc.property(viewerArb, fc.constantFrom(...VIS), (v, vis) => {
        let ok = true;
        try {
          authorize(v, "read", { visibility: vis, what: "x" });
        } catch {
          ok = false;
        }
        expect(ok).toBe(mayRead(v, vis));
        if (v.kind !== "anonymous" && !(v.kind === "user" && v.scopes && !v.scopes.includes("read"))) {
          expect(readableVisibilities(v).includes(vis)).toBe(mayRead(v, vis));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("policy: a thing read at the strictest of several visibilities is readable exactly when each of them is", () => {
    fc.assert(
      fc.property(viewerArb, fc.array(fc.constantFrom(...VIS), { minLength: 1, maxLength: 4 }), (v, levels) => {
        let ok = true;
        try {
          authorize(v, "read", { visibility: strictestVisibility(...levels), what: "x" });
        } catch {
          ok = false;
        }
        expect(ok).toBe(levels.every((l) => mayRead(v, l)));
      }),
      { numRuns: 1000 },
    );
    // Anything that is not a known visibility (a missing entity) fails closed.
    expect(strictestVisibility("public", undefined)).toBe("confidential");
    expect(strictestVisibility("public", "missing")).toBe("confidential");
  });

  it("services: listClaims, getClaim and interval queries return exactly the claims the model allows (never more than their entity, or the entity they name)", async () => {
    const src = await buildSource(t.db);
    // One entity of each visibility for claims' values to name.
    const named: Record<Visibility, { id: string }> = {
      public: await buildEntity(t.db, { type: "organization", visibility: "public" }),
      team: await buildEntity(t.db, { type: "organization", visibility: "team" }),
      confidential: await buildEntity(t.db, { type: "organization", visibility: "confidential" }),
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...VIS),
        fc.array(fc.record({ vis: fc.constantFrom(...VIS), retracted: fc.boolean(), names: fc.option(fc.constantFrom(...VIS), { nil: undefined }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        viewerArb,
        async (entityVis, specs, viewer) => {
          const e = await buildEntity(t.db, { visibility: entityVis });
          const claims = await t.db.transaction().execute((trx) =>
            createClaims(
              trx,
              testActor,
              specs.map((s, i) => ({
                entityId: e.id,
                property: `p${i}`,
                value: s.names ? { type: "entity" as const, id: named[s.names].id } : { type: "date" as const, text: "1988-07-19" },
                sources: [{ sourceId: src.id }],
                editorial: false,
                confidence: "medium" as const,
                visibility: s.vis,
                status: s.retracted ? ("retracted" as const) : ("asserted" as const),
              })),
            ),
          );
          const canList = viewer.kind !== "user" || !viewer.scopes || viewer.scopes.includes("read");
          if (!canList) {
            await expect(listClaims(t.db, viewer, e.id)).rejects.toThrow();
            return;
          }
          // A claim is visible when it, its entity and the entity it names are; anonymous
          // visitors also never see a retracted claim (the public projection).
          const visible = (c: (typeof claims)[number], i: number) =>
            mayRead(viewer, c.visibility) &&
            mayRead(viewer, entityVis) &&
            (specs[i]!.names === undefined || mayRead(viewer, specs[i]!.names!)) &&
            (viewer.kind !== "anonymous" || c.status !== "retracted");
          const listed = new Set((await listClaims(t.db, viewer, e.id)).map((c) => c.id));
          const expected = new Set(claims.filter(visible).map((c) => c.id));
          expect(listed).toEqual(expected);
          for (const [i, c] of claims.entries()) {
            const got = await getClaim(t.db, viewer, c.id).then(
              () => true,
              () => false,
            );
            expect(got).toBe(visible(c, i));
          }
          const inInterval = new Set((await findClaimsInInterval(t.db, viewer, { from: "1988-07-19", to: "1988-07-19", limit: 1000 })).map((c) => c.id));
          // Confidential claims' dates are sealed, so no interval finds them.
          const dated = claims.filter((c, i) => !specs[i]!.names && c.status !== "retracted" && c.visibility !== "confidential" && visible(c, i));
          expect(claims.filter((c) => inInterval.has(c.id))).toEqual(dated);
        },
      ),
      { numRuns: 40 },
    );
  });
});
