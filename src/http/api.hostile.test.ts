import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../test/config.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, buildUserToken } from "../../test/factories.ts";
import { createApp } from "../server/index.ts";
import type { App } from "./env.ts";
import { handleError } from "./errors.ts";

// Hostile and malformed requests against every route of the OpenAPI document: each must get a
// documented 4xx JSON error with a stable id, never a 500 or a stack trace.

let t: TestDatabase;
let app: App;
let editor: Record<string, string>;
let personId = "";
let sourceId = "";
let claimId = "";

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
  components: { schemas: Record<string, JsonSchema> };
}
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
}

const send = (path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
  app.request(path, { method: init.method ?? "GET", headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
const jsonInit = (method: string, body: unknown, headers: Record<string, string> = editor) => ({
  method,
  headers: { "Content-Type": "application/json", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: testConfig() });
  editor = (await buildUserToken(t.db, "editor")).headers;
  personId = (await buildEntity(t.db, { label: "Fictional Hostile Person" })).id;
  sourceId = (await buildSource(t.db)).id;
  const res = await send(
    "/api/claims",
    jsonInit("POST", {
      entityId: personId,
      property: "death_date",
      value: { type: "date", text: "مرداد ۱۳۶۷" },
      sources: [{ sourceId }],
      visibility: "public",
    }),
  );
  claimId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await t.close();
});

async function expectError(res: Response, status: number, id: string): Promise<string> {
  const text = await res.text();
  expect({ status: res.status, text }).toMatchObject({ status });
  const body = JSON.parse(text) as { error: { id: string; message: string } };
  expect(body.error.id).toBe(id);
  expect(text).not.toMatch(/\bat .*\.ts:\d+/);
  return body.error.message;
}

describe("the JSON API under hostile input", () => {
  it.each([
    ["a NUL character in a claim's text", { type: "text", text: "before\u0000after" }],
    ["a NUL character in a name", { type: "name", text: "Fictional\u0000Name" }],
  ])("refuses %s with 400 naming the field", async (_what, value) => {
    const res = await send("/api/claims", jsonInit("POST", { entityId: personId, property: "note", value, sources: [{ sourceId }] }));
    expect(await expectError(res, 400, "validation_failed")).toMatch(/^value\.text: /);
  });

  it("refuses an unpaired surrogate in a JSON string with 400", async () => {
    const body = `{"entityId":"${personId}","property":"note","value":{"type":"text","text":"a\\ud800b"},"sources":[{"sourceId":"${sourceId}"}]}`;
    expect(await expectError(await send("/api/claims", jsonInit("POST", body)), 400, "validation_failed")).toMatch(/^value\.text: /);
  });

  it("refuses a NUL character in an entity label and in a locator key with 400", async () => {
    await expectError(await send("/api/entities", jsonInit("POST", { type: "person", label: "Fictional\u0000" })), 400, "validation_failed");
    const res = await send(
      "/api/claims",
      jsonInit("POST", { entityId: personId, property: "note", value: { type: "text", text: "ok" }, sources: [{ sourceId, locator: { "p\u0000": 1 } }] }),
    );
    await expectError(res, 400, "validation_failed");
  });

  it.each(["/api/entities/%00", "/api/entities/%00/revisions", "/api/claims/%00", "/api/claims/a%00b/revisions", "/api/archive/items/%00", "/api/search?q=%00"])(
    "answers %s with 400, not 500",
    async (path) => {
      await expectError(await send(path, { headers: editor }), 400, "validation_failed");
    },
  );

  it("answers a body that is not JSON with 415 unsupported, as documented", async () => {
    const res = await send("/api/entities", { method: "POST", headers: { ...editor, "Content-Type": "text/plain" }, body: "{}" });
    await expectError(res, 415, "unsupported");
  });

  it.each([
    ["a misspelt top-level field", { type: "person", label: "Fictional Typo", visiblity: "public" }, "/api/entities"],
  ])("refuses %s instead of silently dropping it", async (_what, body, path) => {
    expect(await expectError(await send(path, jsonInit("POST", body)), 400, "validation_failed")).toMatch(/visiblity/);
  });

  it("refuses an unknown field in a claim's value and in an edit", async () => {
    const value = { type: "date", text: "1367", calender: "jalali" };
    await expectError(await send("/api/claims", jsonInit("POST", { entityId: personId, property: "birth_date", value, sources: [{ sourceId }] })), 400, "validation_failed");
    await expectError(await send(`/api/claims/${claimId}`, jsonInit("PATCH", { version: 1, staus: "retracted" })), 400, "validation_failed");
  });

  it("refuses a link that is not http or https", async () => {
    for (const url of ["javascript:alert(1)", "data:text/html,<b>x</b>"]) {
      const res = await send("/api/claims", jsonInit("POST", { entityId: personId, property: "website", value: { type: "url", url }, sources: [{ sourceId }] }));
      expect(await expectError(res, 400, "validation_failed")).toMatch(/^value\.url: /);
    }
  });

  it("names the field when a date claim cannot be read", async () => {
    const res = await send("/api/claims", jsonInit("POST", { entityId: personId, property: "birth_date", value: { type: "date", text: "31 Esfand 1367" }, sources: [{ sourceId }] }));
    expect(await expectError(res, 400, "validation_failed")).toMatch(/^value\.text: .*Esfand 1367/);
  });

  it("turns a database data exception into a 400, never a 500", async () => {
    const c = { req: { path: "/api/x" }, json: (b: unknown, s: number) => Response.json(b, { status: s }) };
    const err = Object.assign(new Error("invalid byte sequence for encoding \"UTF8\": 0x00"), { code: "22021" });
    const res = handleError(err, c as unknown as Parameters<typeof handleError>[1]);
    await expectError(res, 400, "validation_failed");
  });
});

describe("date interval queries over the API", () => {
  const ids = async (query: string) => {
    const res = await send(`/api/claims?${query}&property=death_date&limit=1000`, { headers: editor });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { id: string }[] }).items.map((c) => c.id);
  };

  it.each([
    ["from=1988-07-15&to=1988-09-30", true],
    ["from=1988-08-22&to=1988-08-22", true], // the last day of Mordad 1367
    ["from=1988-07-23&to=1988-07-23", true], // its first day
    ["from=1988-08-23&to=1988-09-30", false],
    ["from=1988-07-01&to=1988-07-22", false],
    ["from=1367&to=1367", true], // the Jalali year overlaps its month
    ["from=%DB%B1%DB%B3%DB%B6%DB%B7&to=%DB%B1%DB%B3%DB%B6%DB%B7", true], // ۱۳۶۷ in Persian digits
    ["from=1368&to=1370", false],
    ["from=Muharram%201409&to=Muharram%201409", true], // 14 Aug – 12 Sep 1988 overlaps Mordad's end
    ["from=Safar%201409&to=Safar%201409", false], // from 13 Sep 1988
    ["from=Dhu%20al-Hijjah%201408&to=Dhu%20al-Hijjah%201408", true],
  ])("%s finds a death dated مرداد ۱۳۶۷: %s", async (query, found) => {
    expect((await ids(query)).includes(claimId)).toBe(found);
  });

  it.each([
    ["from=1988-02-30&to=1988-09-30", /^from: /],
    ["from=1988-07-15&to=1988-13-01", /^to: /],
    ["from=0000-00-00&to=9999-99-99", /^from: /],
    ["from=1988-09-30&to=1988-07-15", /^to: .*before it starts/],
    ["from=abc&to=1988", /^from: /],
  ])("refuses %s with 400 naming the field", async (query, message) => {
    const res = await send(`/api/claims?${query}`, { headers: editor });
    expect(await expectError(res, 400, "validation_failed")).toMatch(message);
  });

  it("shows a date claim in both calendars", async () => {
    const res = await send(`/api/claims/${claimId}`, { headers: editor });
    const body = (await res.json()) as { value: { display: { en: string; fa: string } } };
    expect(body.value.display.en).toBe("Mordad 1367 (July–August 1988)");
    expect(body.value.display.fa).toContain("۱۹۸۸");
  });
});

describe("the OpenAPI document", () => {
  let doc: OpenApiDoc;
  beforeAll(async () => {
    doc = (await (await send("/api/openapi.json")).json()) as OpenApiDoc;
  });

  /** Every property of a response body is documented, and every required one is present. */
  function conforms(value: unknown, schema: JsonSchema, path: string): string[] {
    const s = schema.$ref ? doc.components.schemas[schema.$ref.split("/").pop()!]! : schema;
    if (Array.isArray(value)) return s.items ? value.flatMap((v, i) => conforms(v, s.items!, `${path}[${i}]`)) : [];
    if (value === null || typeof value !== "object" || !s.properties) return [];
    const problems: string[] = [];
    for (const k of s.required ?? []) if (!(k in value)) problems.push(`${path}.${k} is required but missing`);
    for (const [k, v] of Object.entries(value)) {
      const p = s.properties[k];
      if (!p) problems.push(`${path}.${k} is not documented`);
      else problems.push(...conforms(v, p, `${path}.${k}`));
    }
    return problems;
  }

  it("documents every field the server really answers with", async () => {
    const reads: [string, string][] = [
      [`/api/entities/${personId}`, "/api/entities/{id}"],
      ["/api/entities?limit=5", "/api/entities"],
      [`/api/claims/${claimId}`, "/api/claims/{id}"],
      [`/api/claims/${claimId}/revisions`, "/api/claims/{id}/revisions"],
      [`/api/entities/${personId}/revisions`, "/api/entities/{id}/revisions"],
      ["/api/claims?from=1367&to=1367", "/api/claims"],
      ["/api/search?q=Fictional", "/api/search"],
    ];
    for (const [url, route] of reads) {
      for (const headers of [editor, {}]) {
        const res = await send(url, { headers });
        if (res.status !== 200) continue; // history is for members only
        const schema = (doc.paths[route]!.get!.responses["200"] as { content: { "application/json": { schema: JsonSchema } } }).content["application/json"].schema;
        expect(conforms(await res.json(), schema, url)).toEqual([]);
      }
    }
  });

  it("answers malformed requests on every documented route with a documented 4xx JSON error", async () => {
    const problems: string[] = [];
    for (const [route, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const paths = route.includes("{id}")
          ? ["nope", "%00", "x".repeat(300), "00000000-0000-0000-0000-000000000000", "%27%3B--"].map((id) => route.replace("{id}", id))
          : [route];
        const bodies = op.requestBody ? ["{not json", "[]", "null", '{"extra":1}', JSON.stringify({ version: -1, toVersion: "x", reason: 5 })] : [undefined];
        const queries = method === "get" && !route.includes("{id}") ? ["", "?limit=-1", "?limit=NaN&offset=NaN", "?q=%00&from=%00&to=x", "?type=alien&q=x"] : [""];
        const cases = paths.flatMap((path) => bodies.flatMap((body) => queries.flatMap((query) => [editor, {}].map((headers) => ({ path, body, query, headers })))));
        for (const { path, body, query, headers } of cases) {
          const res = await send(path + query, {
            method: method.toUpperCase(),
            headers: body === undefined ? headers : { ...headers, "Content-Type": "application/json" },
            ...(body === undefined ? {} : { body }),
          });
          const text = await res.text();
          const label = `${method.toUpperCase()} ${path}${query} ${body ?? ""} → ${res.status}`;
          if (res.status === 200) continue; // a lenient read (an unknown query parameter, an empty page)
          if (res.status >= 500) problems.push(`${label} (server error)`);
          if (!(String(res.status) in op.responses)) problems.push(`${label} (undocumented status)`);
          let id: unknown;
          try {
            id = (JSON.parse(text) as { error?: { id?: unknown } }).error?.id;
          } catch {
            id = undefined;
          }
          if (typeof id !== "string") problems.push(`${label} (no error id)`);
          if (/\bat .*\.ts:\d+/.test(text)) problems.push(`${label} (stack trace)`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
