/**
 * Test helpers for the workspace: team members with passwords, and an in-process "browser" with
 * a cookie jar that reads the anti-CSRF token from the last page it saw.
 * @internal
 */
import { createUser, setPassword } from "../src/auth/index.ts";
import { setRequireSecondFactor } from "../src/auth/index.ts";
import type { Db } from "../src/db/index.ts";
import type { App } from "../src/http/index.ts";
import { systemViewer, type Role } from "../src/shared/viewer.ts";

const admin = systemViewer("test");
let n = 0;

/** A team member with a password (and optionally a required second factor). */
export async function buildMember(db: Db, role: Role, opts: { requireSecondFactor?: boolean } = {}) {
  const email = `${role}-${process.pid}-${++n}-${Math.random().toString(36).slice(2, 6)}@example.org`;
  const password = `correct horse ${n} battery staple`;
  const { id } = await db.transaction().execute(async (trx) => {
    const u = await createUser(trx, admin, { email, name: `Fictional ${role} ${n}`, role });
    await setPassword(trx, admin, email, password);
    if (opts.requireSecondFactor) await setRequireSecondFactor(trx, admin, email, true);
    return u;
  });
  return { id, email, password, role };
}

/** A response as the test browser saw it. */
export interface Seen {
  status: number;
  text: string;
  location: string | null;
  headers: Headers;
}

/** An in-process client with cookies, like a browser on http://localhost. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  lastCsrf = "";
  constructor(
    readonly app: App,
    readonly origin = "http://localhost",
    readonly address = "203.0.113.7",
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private take(res: Response): void {
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (!value || /max-age=0/i.test(sc) || /expires=Thu, 01 Jan 1970/i.test(sc)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Sends a request with the jar's cookies and same-origin browser headers. */
  async request(path: string, init: Omit<RequestInit, "headers"> & { headers?: Record<string, string> } = {}): Promise<Seen> {
    const headers: Record<string, string> = { Cookie: this.cookieHeader(), ...init.headers };
    const res = await this.app.request(`${this.origin}${path}`, { ...init, headers, redirect: "manual" }, {
      incoming: { socket: { remoteAddress: this.address } },
    });
    this.take(res);
    const text = await res.text();
    const m = /<meta name="csrf-token" content="([^"]*)"/.exec(text);
    if (m) this.lastCsrf = m[1]!;
    return { status: res.status, text, location: res.headers.get("Location"), headers: res.headers };
  }

  /** GET a page. */
  get(path: string): Promise<Seen> {
    return this.request(path);
  }

  /** POST a form, with the last page's anti-CSRF token unless told otherwise. */
  post(path: string, fields: Record<string, string>, opts: { csrf?: string | false; headers?: Record<string, string> } = {}): Promise<Seen> {
    const body = new URLSearchParams(fields);
    if (opts.csrf !== false) body.set("_csrf", opts.csrf ?? this.lastCsrf);
    return this.request(path, {
      method: "POST",
      body: body.toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: this.origin, "Sec-Fetch-Site": "same-origin", ...opts.headers },
    });
  }

  /** Signs in with a password (no second factor); throws when that does not end fully signed in. */
  async signIn(email: string, password: string, lang: "fa" | "en" = "en"): Promise<Seen> {
    await this.get(`/team/${lang}/sign-in`);
    const r = await this.post(`/team/${lang}/sign-in`, { email, password });
    if (r.status !== 303) throw new Error(`sign-in failed: ${r.status}`);
    return r;
  }
}
