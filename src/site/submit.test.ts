/**
 * The public form over HTTP, in-process, as a browser without JavaScript uses it: the form in both
 * languages, a post that arrives sealed with its files and returns a receipt, bad input refused
 * with nothing stored, the honeypot, the status page, the rate limits under a burst of 1,000 posts,
 * the proof-of-work under load, and logs that never carry the address or what was written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClaimCreateSchema, createClaims } from "../claims/index.ts";
import { createEntity } from "../entities/index.ts";
import { setLogLevel } from "../shared/logger.ts";
import { systemViewer } from "../shared/viewer.ts";
import { readSubmission } from "../submissions/index.ts";
import { solveChallenge } from "../../test/pow.ts";
import { BUILTIN_NAMES, LEAKED } from "../../test/builtin-names.ts";
import { createSiteFixture, TEST_BASE, type SiteFixture } from "../../test/site.ts";

const LIMITS = { perAddress: 3, powAbove: 20, global: 40, powBits: 8 };
let f: SiteFixture;
let slug = "";
let personId = "";
let n = 0;

beforeAll(async () => {
  f = await createSiteFixture({ demo: false, site: { submit: { limits: LIMITS, files: { maxFiles: 2, maxFileBytes: 64 * 1024 } } } });
  await f.t.db.transaction().execute(async (trx) => {
    const v = systemViewer("test-submit");
    const p = await createEntity(trx, v, { type: "person", label: "Fictional Parvin Submitson", visibility: "public", isFictional: true });
    personId = p.id;
    slug = p.slug;
    await createClaims(trx, v, [ClaimCreateSchema.parse({ entityId: p.id, property: "name", value: { type: "name", text: "Fictional Parvin Submitson" }, editorial: true, visibility: "public" })]);
  });
});
afterAll(async () => {
  await f?.t.close();
});


function post(path: string, body: FormData | URLSearchParams, address = `203.0.113.${(n++ % 250) + 1}`, headers: Record<string, string> = {}) {
  return f.app.request(
    `${TEST_BASE}${path}`,
    { method: "POST", body, headers: { Origin: TEST_BASE, "Sec-Fetch-Site": "same-origin", ...headers } },
    { incoming: { socket: { remoteAddress: address } } },
  );
}

function form(fields: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array<ArrayBuffer> }[] = []): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  for (const file of files) fd.append("files", new File([file.bytes], file.name, { type: file.type }));
  return fd;
}

const count = async (table: "submission" | "archive_item" | "submission_file") => Number((await f.t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
const receiptOf = (html: string) => /<output class="receipt"[^>]*>([0-9A-Z-]+)<\/output>/.exec(html)?.[1];
const resetCounters = () => f.t.db.deleteFrom("submission_throttle").execute();

describe("the public form", () => {
  it("is served in Persian and English, without script, with a honeypot and never cached", async () => {
    for (const lang of ["fa", "en"] as const) {
      const res = await f.app.request(`/${lang}/submit`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<html lang="${lang}" dir="${lang === "fa" ? "rtl" : "ltr"}"`);
      expect(html).toContain('enctype="multipart/form-data"');
      expect(html).toContain('name="website"');
      expect(html).not.toContain("<script src");
      expect(res.headers.get("Cache-Control")).toContain("no-store");
      expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    }
    expect(await (await f.app.request("/fa/submit")).text()).toContain("به ما بگویید");
  });

  it("names the person whose page it was opened from", async () => {
    const html = await (await f.app.request(`/en/submit?person=${encodeURIComponent(slug)}`)).text();
    expect(html).toContain("Fictional Parvin Submitson");
    expect(html).toContain(`name="person" value="${slug}"`);
  });

  it("is linked from every person page and from the corrections page", async () => {
    const person = await (await f.app.request(`/en/people/${encodeURIComponent(slug)}`)).text();
    expect(person).toContain(`/en/submit?person=${encodeURIComponent(slug)}`);
    expect(await (await f.app.request("/fa/corrections")).text()).toContain('href="/fa/submit"');
  });

  it("stores a post made without JavaScript, sealed, with its files confidential, and answers with a receipt", async () => {
    await resetCounters();
    const before = await count("archive_item");
    const pdf = new TextEncoder().encode("%PDF-1.4\n% a fictional letter\n");
    const res = await post("/fa/submit", form({ kind: "correction", person: slug, text: "QZXSEALEDTEXT Fictional: he was held in ward 3", name: "Fictional Sister", contact: "QZXCONTACT fictional@example.org", consent: "named", website: "" }, [{ name: "letter.pdf", type: "application/pdf", bytes: pdf }]));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const html = await res.text();
    const code = receiptOf(html);
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    const rows = await f.t.db.selectFrom("submission").selectAll().execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ kind: "correction", state: "received", lang: "fa", consent: "named", entity_id: personId });
    expect(JSON.stringify(row)).not.toMatch(/QZX|Fictional Sister|example\.org/);
    expect(row.receipt_hash).not.toContain(code!.replace(/-/g, ""));
    const items = await f.t.db.selectFrom("submission_file as s").innerJoin("archive_item as a", "a.id", "s.item_id").select(["a.visibility", "a.filename", "a.custody_count"]).where("s.submission_id", "=", row.id).execute();
    expect(items).toEqual([{ visibility: "confidential", filename: "letter.pdf", custody_count: 1 }]);
    expect(await count("archive_item")).toBe(before + 1);

    // The receipt shows the state, nothing else; typed in Persian digits and lower case it still matches.
    const typed = code!.toLowerCase().replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)]!);
    const status = await (await post("/fa/submit/status", new URLSearchParams({ code: typed }))).text();
    expect(status).toContain("دریافت شد");
    expect(status).not.toContain("QZX");
    await f.t.db.updateTable("submission").set({ state: "in_review" }).execute();
    expect(await (await post("/en/submit/status", new URLSearchParams({ code: code! }))).text()).toContain("In review");
    const unknown = await post("/en/submit/status", new URLSearchParams({ code: "00000-00000-00000-00000" }));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("No submission has this receipt code");
  });

  it("refuses bad input with a clear message beside the field and stores nothing", async () => {
    await resetCounters();
    const before = { s: await count("submission"), a: await count("archive_item") };
    const cases: [FormData, string][] = [
      [form({ kind: "testimony", text: "   " }), "Write what you want to tell us"],
      [form({ kind: "poem", text: "Fictional text" }), "Choose what you are sending"],
      [form({ kind: "testimony", text: "Fictional text", name: "x".repeat(201) }), "Too long"],
      [form({ kind: "testimony", text: "Fictional text" }, [{ name: "ok.txt", type: "text/plain", bytes: new TextEncoder().encode("fine") }, { name: "tool.exe", type: "application/octet-stream", bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]) }]), "tool.exe: programs are not accepted"],
      [form({ kind: "testimony", text: "Fictional text" }, [{ name: "big.pdf", type: "application/pdf", bytes: new Uint8Array(65 * 1024) }]), "big.pdf: larger than 64 KiB"],
      [form({ kind: "testimony", text: "Fictional text" }, [1, 2, 3].map((i) => ({ name: `${i}.txt`, type: "text/plain", bytes: new TextEncoder().encode("x") }))), "At most 2 files"],
      [form({ kind: "testimony", text: "Fictional \u0000 text" }), "characters that cannot be stored"],
      [form({ kind: "constructor", text: "Fictional text", consent: "__proto__" }), "Choose what you are sending"],
    ];
    for (const [body, message] of cases) {
      const res = await post("/en/submit", body);
      expect(res.status, message).toBe(400);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain("Nothing was stored");
    }
    const fa = await post("/fa/submit", form({ kind: "testimony", text: "" }));
    expect(await fa.text()).toContain("چیزی ذخیره نشد");
    expect({ s: await count("submission"), a: await count("archive_item") }).toEqual(before);
  });

  it("shows an error beside the field it concerns, not beside the text", async () => {
    await resetCounters();
    for (const name of ["name", "contact", "about"]) {
      const res = await post("/en/submit", form({ kind: "testimony", text: "Fictional text", [name]: "Fictional \u0000 sender" }));
      expect(res.status, name).toBe(400);
      const html = await res.text();
      expect(html, name).toMatch(new RegExp(`<p class="error">[^<]*characters that cannot be stored[^<]*</p><input id="${name}"`));
      expect(html, name).not.toMatch(/characters that cannot be stored[^<]*<\/p><textarea/);
    }
  });

  it("refuses a post from another site and a body above the size limit, storing nothing", async () => {
    await resetCounters();
    const before = await count("submission");
    const cross = await post("/en/submit", form({ kind: "testimony", text: "Fictional" }), undefined, { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" });
    expect(cross.status).toBe(403);
    const big = await post("/en/submit", form({ kind: "testimony", text: "x".repeat(3 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(await big.text()).toContain("too large");
    expect(await count("submission")).toBe(before);
  });

  it("accepts a filled honeypot silently and stores nothing", async () => {
    await resetCounters();
    const before = { s: await count("submission"), a: await count("archive_item") };
    const res = await post("/en/submit", form({ kind: "testimony", text: "Fictional spam", website: "http://spam.example" }, [{ name: "a.txt", type: "text/plain", bytes: new TextEncoder().encode("spam") }]));
    expect(res.status).toBe(200);
    const code = receiptOf(await res.text());
    expect(code).toBeDefined();
    expect({ s: await count("submission"), a: await count("archive_item") }).toEqual(before);
    expect((await post("/en/submit/status", new URLSearchParams({ code: code! }))).status).toBe(404);
  });
});

describe("built-in property names as what a visitor types (issue 13)", () => {
  it("are stored as written in every field, refused as a kind or a consent, and harmless as a field name, a person or a code", async () => {
    const admin = systemViewer("test-submit");
    for (const name of BUILTIN_NAMES) {
      await resetCounters();
      const fd = form({ kind: "testimony", text: `Fictional ${name}`, name, contact: name, about: name, person: name, consent: "named" });
      // A field of that name that the form does not have ("name" is one of its own).
      if (!fd.has(name)) fd.set(name, "an extra field");
      const ok = await post("/en/submit", fd);
      const html = await ok.text();
      expect(ok.status, name).toBe(200);
      expect(html).not.toMatch(LEAKED);
      const id = (await f.t.db.selectFrom("submission").select("id").orderBy("created_at", "desc").limit(1).executeTakeFirstOrThrow()).id;
      expect((await readSubmission(f.t.db, admin, id)).content, name).toEqual({ text: `Fictional ${name}`, name, contact: name, about: name });
      const badKind = await post("/en/submit", form({ kind: name, text: "Fictional" }));
      expect(badKind.status, name).toBe(400);
      expect(await badKind.text()).toContain("Choose what you are sending");
      const badConsent = await post("/fa/submit", form({ kind: "missing", text: "Fictional", consent: name }));
      expect(badConsent.status, name).toBe(400);
      expect(await badConsent.text()).toContain("برگزینید که آیا می‌توانیم نام شما را ببریم");
      const page = await f.app.request(`/en/submit?person=${encodeURIComponent(name)}`);
      expect(page.status, name).toBe(200);
      expect(await page.text()).not.toMatch(LEAKED);
      const code = await post("/en/submit/status", new URLSearchParams({ code: name }));
      expect(code.status, name).toBe(404);
      expect(await code.text()).not.toMatch(LEAKED);
    }
  }, 300_000);
});

describe("the form's limits", () => {
  const good = () => new URLSearchParams({ kind: "testimony", text: "Fictional burst testimony" });

  it("holds the per-address limit under a burst of 1,000 posts from one address", async () => {
    await resetCounters();
    const before = await count("submission");
    const res = await Promise.all(Array.from({ length: 1000 }, async () => post("/en/submit", good(), "192.0.2.77")));
    const ok = res.filter((r) => r.status === 200).length;
    expect(ok).toBe(LIMITS.perAddress);
    expect(res.filter((r) => r.status === 429)).toHaveLength(1000 - LIMITS.perAddress);
    expect(await res.find((r) => r.status === 429)!.text()).toContain("Too many submissions came from your network");
    expect((await count("submission")) - before).toBe(LIMITS.perAddress);
    // The table keeps only keyed hashes of addresses.
    expect(JSON.stringify(await f.t.db.selectFrom("submission_throttle").selectAll().execute())).not.toContain("192.0.2.77");
  }, 120_000);

  it("refuses a post over the limit before reading its body, so a large body during a burst is never buffered", async () => {
    await resetCounters();
    for (let i = 0; i < LIMITS.perAddress; i++) expect((await post("/en/submit", good(), "192.0.2.78")).status).toBe(200);
    // A body sent without a length (as a stream), near the form's size limit, that counts what is read of it.
    let read = 0;
    const chunk = new Uint8Array(64 * 1024);
    const big = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        read += chunk.length;
        if (read > 51 * 1024 * 1024) ctrl.close();
        else ctrl.enqueue(chunk);
      },
    });
    const init = { method: "POST", body: big, duplex: "half", headers: { Origin: TEST_BASE, "Sec-Fetch-Site": "same-origin", "Content-Type": "multipart/form-data; boundary=x" } };
    const res = await f.app.request(`${TEST_BASE}/en/submit`, init as RequestInit, { incoming: { socket: { remoteAddress: "192.0.2.78" } } });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain("Too many submissions came from your network");
    // Whatever a stream reads ahead before anyone asks, far less than the body.
    expect(read).toBeLessThanOrEqual(2 * chunk.length);
  });

  it("holds the global limit under a burst of 1,000 posts from 1,000 addresses: above the load threshold a proof-of-work is needed", async () => {
    await resetCounters();
    const before = await count("submission");
    const res = await Promise.all(Array.from({ length: 1000 }, async (_v, i) => post("/en/submit", good(), `10.${i >> 8}.${i & 255}.9`)));
    expect(res.filter((r) => r.status === 200)).toHaveLength(LIMITS.powAbove);
    expect((await count("submission")) - before).toBe(LIMITS.powAbove);
    const refused = await res.find((r) => r.status === 429)!.text();
    expect(refused).toMatch(/under heavy load|paused/);
  }, 120_000);

  it("under load serves its own proof-of-work script, accepts a solved challenge once, and says 'try again later' without one", async () => {
    await resetCounters();
    for (let i = 0; i < LIMITS.powAbove; i++) expect((await post("/en/submit", new URLSearchParams({ kind: "x", text: "" }), `10.9.9.${i}`)).status).toBe(400);
    const page = await (await f.app.request("/en/submit")).text();
    const script = /<script src="(\/assets\/submit-pow-[0-9a-f]{12}\.js)" defer/.exec(page)?.[1];
    expect(script).toBeDefined();
    const js = await f.app.request(script!);
    expect(js.headers.get("Content-Type")).toContain("javascript");
    expect(page).toContain("Without JavaScript, please try again later");
    const challenge = /name="pow_challenge" value="([^"]+)"/.exec(page)![1]!;

    const noJs = await post("/en/submit", good());
    expect(noJs.status).toBe(429);
    expect(await noJs.text()).toContain("try again in a while");
    const nonce = solveChallenge(challenge);
    const body = () => new URLSearchParams({ kind: "testimony", text: "Fictional solved", pow_challenge: challenge, pow_nonce: nonce });
    expect((await post("/en/submit", body())).status).toBe(200);
    expect((await post("/en/submit", body())).status).toBe(429);
    const forged = new URLSearchParams({ kind: "testimony", text: "Fictional forged", pow_challenge: challenge.replace(/\.8\./, ".1."), pow_nonce: "0" });
    expect((await post("/en/submit", forged)).status).toBe(429);
  });

  it("refuses everything above the global limit, even with a proof-of-work", async () => {
    await resetCounters();
    for (let i = 0; i < LIMITS.global; i++) await post("/en/submit", new URLSearchParams({ kind: "x" }), `10.8.8.${i}`);
    const page = await (await f.app.request("/en/submit")).text();
    const challenge = /name="pow_challenge" value="([^"]+)"/.exec(page)![1]!;
    const res = await post("/en/submit", new URLSearchParams({ kind: "testimony", text: "Fictional late", pow_challenge: challenge, pow_nonce: solveChallenge(challenge) }));
    expect(res.status).toBe(429);
    expect(await res.text()).toContain("paused");
  });
});

describe("the proof-of-work script", () => {
  it("computes SHA-256 as the server does (its first word, which decides up to 32 zero bits)", async () => {
    const { SUBMIT_JS } = await import("./assets.ts");
    const core = SUBMIT_JS.slice(SUBMIT_JS.indexOf("var K ="), SUBMIT_JS.indexOf("var form ="));
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the browser script's own code, run as the browser would
    const firstWord = new Function(`${core}; return firstWord;`)() as (s: string) => number;
    const { createHash } = await import("node:crypto");
    for (const s of ["", "abc", "x".repeat(55), "x".repeat(56), "x".repeat(120), "1765000000000.16.AbC_-9.mac:123456"]) {
      expect(firstWord(s)).toBe(createHash("sha256").update(s).digest().readUInt32BE(0));
    }
  });
});

describe("the logs of a submission", () => {
  it("carry ids only: never the address, the text or the sender's details", async () => {
    await resetCounters();
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    setLogLevel("debug");
    try {
      const ok = await post("/en/submit", form({ kind: "testimony", text: "QZXLOGTEXT fictional", name: "QZXLOGNAME", contact: "QZXLOGCONTACT" }, [{ name: "QZXLOGFILE.txt", type: "text/plain", bytes: new TextEncoder().encode("QZXLOGBYTES") }]), "192.0.2.199");
      expect(ok.status).toBe(200);
      await post("/en/submit", form({ kind: "bad", text: "QZXLOGTEXT2" }), "192.0.2.199");
    } finally {
      setLogLevel("silent");
      process.stderr.write = write;
    }
    const id = (await f.t.db.selectFrom("submission").select("id").orderBy("created_at", "desc").executeTakeFirstOrThrow()).id;
    const log = lines.join("");
    expect(log).toContain(id);
    expect(log).not.toMatch(/QZXLOG|192\.0\.2\.199/);
  });
});
