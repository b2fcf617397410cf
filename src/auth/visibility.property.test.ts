/**
 * Property-based test of the visibility filter: for random viewers and random sets of claims of
 * random visibility and status, what the services return is exactly what the model allows.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { createClaims, findClaimsInInterval, getClaim, listClaims } from "../claims/index.ts";
import { authorize } from "../shared/policy.ts";
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

  it("services: listClaims, getClaim and interval queries return exactly the claims the model allows", async () => {
    const src = await buildSource(t.db);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...VIS),
        fc.array(fc.record({ vis: fc.constantFrom(...VIS), retracted: fc.boolean() }), { minLength: 1, maxLength: 6 }),
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
                value: { type: "date" as const, text: "1988-07-19" },
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
          const listed = new Set((await listClaims(t.db, viewer, e.id)).map((c) => c.id));
          const expected = new Set(claims.filter((c) => mayRead(viewer, c.visibility)).map((c) => c.id));
          expect(listed).toEqual(expected);
          for (const c of claims) {
            const visibleAlone = mayRead(viewer, c.visibility) && (viewer.kind !== "anonymous" || (entityVis === "public" && c.status !== "retracted"));
            const got = await getClaim(t.db, viewer, c.id).then(
              () => true,
              () => false,
            );
            expect(got).toBe(visibleAlone);
          }
          const inInterval = (await findClaimsInInterval(t.db, viewer, { from: "1988-07-19", to: "1988-07-19", limit: 1000 })).filter((c) => c.entityId === e.id);
          for (const c of inInterval) {
            expect(mayRead(viewer, c.visibility)).toBe(true);
            if (viewer.kind === "anonymous") expect(entityVis).toBe("public");
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
