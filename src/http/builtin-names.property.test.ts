/**
 * Issue 13 over HTTP: JavaScript's built-in property names ("constructor", "__proto__",
 * "toString"…) typed as a search, written into a name claim, used as a claim's property or a
 * citation's locator, or as a path segment of the public site. Each is an ordinary request: the
 * search answers 200, the claim is created and found, the page renders, an unknown path is a 404.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BUILTIN_NAMES, LEAKED, nameWithBuiltin, namesHolding } from "../../test/builtin-names.ts";
import { buildUserToken } from "../../test/factories.ts";
import { createSiteFixture, type SiteFixture } from "../../test/site.ts";

// The exhaustive cases send about a thousand searches each (some 20 s on PGlite).
vi.setConfig({ testTimeout: 300_000 });

let f: SiteFixture;
let editor: Record<string, string>;
let reviewer: Record<string, string>;
let sourceId = "";

const post = async (path: string, body: unknown, headers = editor): Promise<Response> =>
  f.app.request(path, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(body) });

/** A second member approves what the editor made public (four eyes), so the public side shows it. */
async function approve(kind: "claim" | "entity", id: string): Promise<void> {
  const res = await post(`/api/review/${kind}/${id}`, { decision: "approve" }, reviewer);
  expect(res.status, await res.clone().text()).toBe(200);
}

/** Creates a public, fictional person through the API; returns its id and slug. */
async function createPerson(label: string): Promise<{ id: string; slug: string }> {
  const res = await post("/api/entities", { type: "person", label, visibility: "public", isFictional: true });
  expect(res.status, await res.clone().text()).toBe(201);
  const person = (await res.json()) as { id: string; slug: string };
  await approve("entity", person.id);
  return person;
}

/** Creates a public name claim through the API and checks that it holds the text as written. */
async function createNameClaim(entityId: string, text: string): Promise<void> {
  const res = await post("/api/claims", {
    entityId,
    property: "name",
    value: { type: "name", text, kind: "full" },
    sources: [{ sourceId }],
    visibility: "public",
  });
  const body = await res.text();
  expect(res.status, `${text}: ${body}`).toBe(201);
  expect(JSON.parse(body)).toMatchObject({ property: "name", valueText: text, value: { type: "name", text } });
  await approve("claim", (JSON.parse(body) as { id: string }).id);
}

/** The ids found by the JSON search API for a query, after checking it answered 200. */
async function apiSearch(q: string): Promise<string[]> {
  const res = await f.app.request(`/api/search?q=${encodeURIComponent(q)}&limit=100`);
  const body = await res.text();
  expect(res.status, `/api/search?q=${q}: ${body.slice(0, 300)}`).toBe(200);
  return (JSON.parse(body) as { items: { id: string }[] }).items.map((h) => h.id);
}

/** The HTML of the public search page for a query, after checking it answered 200. */
async function siteSearch(lang: "en" | "fa", q: string): Promise<string> {
  const res = await f.app.request(`/${lang}/search?q=${encodeURIComponent(q)}`);
  const body = await res.text();
  expect(res.status, `/${lang}/search?q=${q}: ${body.slice(0, 300)}`).toBe(200);
  expect(body).not.toMatch(LEAKED);
  return body;
}

beforeAll(async () => {
  f = await createSiteFixture({ demo: false });
  editor = (await buildUserToken(f.t.db, "editor")).headers;
  reviewer = (await buildUserToken(f.t.db, "reviewer")).headers;
  const res = await post("/api/entities", { type: "source", label: "Fictional list of names", visibility: "public", isFictional: true });
  sourceId = ((await res.json()) as { id: string }).id;
  await approve("entity", sourceId);
});
afterAll(async () => {
  await f.t.close();
});

describe("search for JavaScript built-in property names", () => {
  it("answers 200 on /api/search, /en/search and /fa/search for every name, alone and inside names", async () => {
    // Each query goes to the API and to one language's search page, the languages taking turns:
    // both pages run the same search, and every name still reaches each of them.
    for (const name of BUILTIN_NAMES) {
      for (const [i, q] of namesHolding(name).entries()) {
        await apiSearch(q);
        await siteSearch(i % 2 ? "fa" : "en", q);
      }
    }
  });

  it("answers 200 for any spelling and position of them (property-based)", async () => {
    await fc.assert(
      fc.asyncProperty(nameWithBuiltin, fc.constantFrom("en", "fa"), async (q, lang) => {
        await apiSearch(q);
        await siteSearch(lang, q);
      }),
      { numRuns: 100 },
    );
  });
});

describe("name claims holding JavaScript built-in property names", () => {
  it("are created through the API as written and found by every search, for every name", async () => {
    for (const [i, name] of BUILTIN_NAMES.entries()) {
      const text = `Reza ${name} Fictionalzadeh`;
      const person = await createPerson(`${name} (fictional)`);
      await createNameClaim(person.id, text);
      for (const q of [text, `Reza ${name}`]) expect(await apiSearch(q), q).toContain(person.id);
      // The two languages' search pages take turns (the same search behind both).
      const lang = i % 2 ? "fa" : "en";
      expect(await siteSearch(lang, text)).toContain(`/${lang}/people/${lang === "fa" ? encodeURI(person.slug) : person.slug}`);
    }
  });

  it("are created and found in any spelling and position (property-based)", async () => {
    await fc.assert(
      fc.asyncProperty(nameWithBuiltin, async (text) => {
        const person = await createPerson("Fictional person with a built-in name");
        await createNameClaim(person.id, text);
        expect(await apiSearch(text), text).toContain(person.id);
      }),
      { numRuns: 40 },
    );
  });
});

describe("public pages with JavaScript built-in property names", () => {
  it("show a claim property and a citation locator named after them as written", async () => {
    // A property is snake_case (the claim schema), so only the built-in names of that shape.
    const properties = BUILTIN_NAMES.filter((n) => /^[a-z][a-z0-9_]{0,62}$/.test(n) && n !== "name");
    expect(properties).toContain("constructor");
    const person = await createPerson("Fictional person of many properties");
    for (const property of properties) {
      const res = await post("/api/claims", {
        entityId: person.id,
        property,
        value: { type: "text", text: `value of ${property}`, lang: "en" },
        sources: [{ sourceId, locator: Object.fromEntries([[property, 7]]) }],
        visibility: "public",
      });
      expect(res.status, `${property}: ${await res.clone().text()}`).toBe(201);
      await approve("claim", ((await res.json()) as { id: string }).id);
    }
    for (const lang of ["en", "fa"] as const) {
      const res = await f.app.request(`/${lang}/people/${encodeURIComponent(person.slug)}`);
      const html = await res.text();
      expect(res.status, lang).toBe(200);
      expect(html).not.toMatch(LEAKED);
      for (const property of properties) expect(html, property).toContain(`value of ${property}`);
      expect(html).toContain("constructor");
    }
  });

  it("answer a path segment named after them with the 404 page, in both languages", async () => {
    // String.prototype.search shares its name with the search page, which does exist.
    for (const name of BUILTIN_NAMES.filter((n) => n !== "search")) {
      for (const path of [`/en/${name}`, `/fa/${name}`, `/en/${name}/some-slug`, `/fa/${name}/page/2`]) {
        const res = await f.app.request(encodeURI(path));
        expect(res.status, path).toBe(404);
        expect(await res.text()).not.toMatch(LEAKED);
      }
    }
  });
});
