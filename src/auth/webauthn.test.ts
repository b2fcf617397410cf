/**
 * The WebAuthn ceremonies end to end against a software authenticator written here with
 * node:crypto P-256 keys: registration, sign-in as second factor, and a phishing origin refused.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { loadConfig } from "../config/index.ts";
import { createApp } from "../server/index.ts";
import { routeModules } from "../server/index.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";

const ORIGIN = "http://localhost:3000";
const RP_ID = "localhost";

// Just enough CBOR (RFC 8949) for an attestation object and a COSE key.
function cbor(v: unknown): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof v === "number") return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === "string") return Buffer.concat([head(3, Buffer.byteLength(v)), Buffer.from(v)]);
  if (Buffer.isBuffer(v)) return Buffer.concat([head(2, v.length), v]);
  if (v instanceof Map) return Buffer.concat([head(5, v.size), ...[...v].flatMap(([k, x]) => [cbor(k), cbor(x)])]);
  throw new Error("unsupported");
}

const b64u = (b: Buffer) => b.toString("base64url");
const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest();

class SoftAuthenticator {
  readonly credId = randomBytes(16);
  readonly keys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  counter = 0;

  register(challenge: string, origin = ORIGIN) {
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    const cose = cbor(new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, "base64url")], [-3, Buffer.from(jwk.y!, "base64url")]]));
    const len = Buffer.alloc(2);
    len.writeUInt16BE(this.credId.length);
    const authData = Buffer.concat([sha256(RP_ID), Buffer.from([0x41]), Buffer.alloc(4), Buffer.alloc(16), len, this.credId, cose]);
    const attestationObject = cbor(new Map<string, unknown>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]));
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.create", challenge, origin, crossOrigin: false }));
    return {
      id: b64u(this.credId),
      rawId: b64u(this.credId),
      type: "public-key",
      clientExtensionResults: {},
      response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(attestationObject), transports: ["usb"] },
    };
  }

  assert(challenge: string, origin = ORIGIN) {
    this.counter += 1;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    const authData = Buffer.concat([sha256(RP_ID), Buffer.from([0x01]), count]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin, crossOrigin: false }));
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.keys.privateKey as KeyObject);
    return {
      id: b64u(this.credId),
      rawId: b64u(this.credId),
      type: "public-key",
      clientExtensionResults: {},
      response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authData), signature: b64u(signature) },
    };
  }
}

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_PUBLIC_URL: ORIGIN }) }, routeModules());
});
afterAll(async () => {
  await t.close();
});

async function postJson(b: TestBrowser, path: string, body: unknown) {
  const r = await b.request(path, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", "X-CSRF-Token": b.lastCsrf, "Sec-Fetch-Site": "same-origin" },
  });
  return { status: r.status, json: JSON.parse(r.text) as Record<string, unknown> };
}

describe("WebAuthn", () => {
  it("registers a security key, then signs in with it as the second factor; a phishing origin is refused", async () => {
    const m = await buildMember(t.db, "editor");
    const key = new SoftAuthenticator();
    const b = new TestBrowser(app);
    await b.signIn(m.email, m.password);
    await b.get("/team/en/account");
    const opts = await postJson(b, "/team/en/account/webauthn/options", {});
    expect(opts.status).toBe(200);
    expect((opts.json.rp as { id: string }).id).toBe(RP_ID);
    const reg = await postJson(b, "/team/en/account/webauthn/verify", { name: "Fictional key", response: key.register(String(opts.json.challenge)) });
    expect(reg.status).toBe(200);
    const stored = await t.db.selectFrom("webauthn_credential").selectAll().where("user_id", "=", m.id).execute();
    expect(stored.map((s) => s.id)).toEqual([b64u(key.credId)]);

    // A look-alike site relays the challenge: the origin signed into the response gives it away.
    const phished = new TestBrowser(app);
    await phished.get("/team/en/sign-in");
    expect((await phished.post("/team/en/sign-in", { email: m.email, password: m.password })).location).toBe("/team/en/sign-in/second-factor");
    await phished.get("/team/en/sign-in/second-factor");
    const o1 = await postJson(phished, "/team/en/sign-in/webauthn/options", {});
    const bad = await postJson(phished, "/team/en/sign-in/webauthn/verify", { response: key.assert(String(o1.json.challenge), "https://sabt-login.example") });
    expect(bad.status).toBe(401);
    expect((await phished.get("/team/en/")).status).toBe(302);

    const b2 = new TestBrowser(app);
    await b2.get("/team/en/sign-in");
    await b2.post("/team/en/sign-in", { email: m.email, password: m.password });
    const page = await b2.get("/team/en/sign-in/second-factor");
    expect(page.text).toContain('data-webauthn="authenticate"');
    const pending = b2.cookies.get("sabt_session");
    const o2 = await postJson(b2, "/team/en/sign-in/webauthn/options", {});
    const ok = await postJson(b2, "/team/en/sign-in/webauthn/verify", { response: key.assert(String(o2.json.challenge)) });
    expect(ok.status).toBe(200);
    expect(ok.json.next).toBe("/team/en/");
    expect(b2.cookies.get("sabt_session")).not.toBe(pending);
    expect((await b2.get("/team/en/")).status).toBe(200);
    // The challenge is single-use: replaying the same assertion does nothing.
    const row = await t.db.selectFrom("webauthn_credential").select("counter").where("id", "=", b64u(key.credId)).executeTakeFirstOrThrow();
    expect(Number(row.counter)).toBe(key.counter);
  });
});
