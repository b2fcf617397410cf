import type http from "node:http";
import zlib from "node:zlib";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { FrontCache, startHttpServer } from "./server.ts";

/** A tiny app that counts how often it is asked, with one public, one private and one cookie-setting page. */
function countingApp() {
  const calls = { n: 0 };
  const app = new Hono();
  app.use("*", async (c, next) => {
    calls.n++;
    await next();
    c.res.headers.set("Content-Security-Policy", "default-src 'self'");
  });
  app.get("/public", (c) => {
    const br = /\bbr\b/.test(c.req.header("Accept-Encoding") ?? "");
    const body = br ? zlib.brotliCompressSync(`page ${calls.n}`) : `page ${calls.n}`;
    const headers: Record<string, string> = { "Cache-Control": "public, max-age=60", ETag: `W/"v${br ? "b" : "i"}"`, Vary: "Accept-Encoding", "Content-Type": "text/html" };
    if (br) headers["Content-Encoding"] = "br";
    return c.body(body, 200, headers);
  });
  app.get("/private", (c) => c.body(`private ${calls.n}`, 200, { "Cache-Control": "no-store", ETag: '"p"' }));
  app.get("/cookie", (c) => c.body(`cookie ${calls.n}`, 200, { "Cache-Control": "public", ETag: '"c"', "Set-Cookie": "a=b" }));
  app.get("/vary", (c) => c.body(`vary ${calls.n}`, 200, { "Cache-Control": "public", ETag: '"v"', Vary: "Cookie" }));
  return { app, calls };
}

let servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

async function start(ttlMs = 60_000) {
  const { app, calls } = countingApp();
  const server = await startHttpServer(app, { port: 0, hostname: "127.0.0.1", frontCache: { ttlMs } });
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { calls, get: (path: string, headers: Record<string, string> = {}, method = "GET") => fetch(base + path, { headers, method }) };
}

describe("the front cache of anonymous reads", () => {
  it("answers a warm public page without asking the app, with the same bytes and headers", async () => {
    const { calls, get } = await start();
    const first = await get("/public");
    const firstText = await first.text();
    const second = await get("/public");
    expect(await second.text()).toBe(firstText);
    expect(calls.n).toBe(1);
    expect(second.headers.get("content-security-policy")).toBe("default-src 'self'");
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(second.headers.get("cache-control")).toBe("public, max-age=60");
  });

  it("never answers from the cache when the request carries a cookie or a bearer token", async () => {
    const { calls, get } = await start();
    await get("/public");
    await get("/public", { Cookie: "sabt_session=x" });
    await get("/public", { Authorization: "Bearer t" });
    expect(calls.n).toBe(3);
  });

  it("does not keep private responses, responses that set a cookie, or responses varying on more than the encoding", async () => {
    const { calls, get } = await start();
    for (const path of ["/private", "/cookie", "/vary"]) {
      await get(path);
      await get(path);
    }
    expect(calls.n).toBe(6);
  });

  it("keeps each content encoding apart", async () => {
    const { calls, get } = await start();
    const plain = await (await get("/public", { "Accept-Encoding": "identity" })).text();
    const br = await get("/public", { "Accept-Encoding": "br" });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(await br.text()).toBe("page 2");
    expect(plain).toBe("page 1");
    await get("/public", { "Accept-Encoding": "br" });
    expect(calls.n).toBe(2);
  });

  it("answers If-None-Match with 304 on a miss and on a hit", async () => {
    const { get } = await start();
    const miss = await get("/public", { "If-None-Match": 'W/"vi"', "Accept-Encoding": "identity" });
    expect(miss.status).toBe(304);
    const hit = await get("/public", { "If-None-Match": 'W/"vi"', "Accept-Encoding": "identity" });
    expect(hit.status).toBe(304);
    const other = await get("/public", { "If-None-Match": '"other"', "Accept-Encoding": "identity" });
    expect(other.status).toBe(200);
  });

  it("asks the app again once an entry has expired", async () => {
    const { calls, get } = await start(30);
    await get("/public");
    await new Promise((r) => setTimeout(r, 60));
    expect(await (await get("/public")).text()).toBe("page 2");
    expect(calls.n).toBe(2);
  });

  it("answers HEAD from a warm entry without a body", async () => {
    const { calls, get } = await start();
    await get("/public");
    const head = await get("/public", {}, "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(calls.n).toBe(1);
  });

  it("is off when its time to live is zero", async () => {
    const { calls, get } = await start(0);
    await get("/public");
    await get("/public");
    expect(calls.n).toBe(2);
  });

  it("drops the oldest entry when full", () => {
    const cache = new FrontCache({ maxEntries: 2 });
    const res = () => new Response("x", { headers: { "Cache-Control": "public", ETag: '"e"' } });
    cache.put("a", res(), Buffer.from("a"));
    cache.put("b", res(), Buffer.from("b"));
    cache.put("c", res(), Buffer.from("c"));
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")?.body.toString()).toBe("c");
  });
});
