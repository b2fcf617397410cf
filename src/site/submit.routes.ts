/**
 * The public form's routes: `GET|POST /{lang}/submit`, `GET|POST /{lang}/submit/status` and the
 * proof-of-work script. Posts are refused from other sites, limited per address (a keyed hash,
 * never the address) and globally, and under load need a proof-of-work. Nothing here is cached,
 * and nothing here logs the address, the text or the sender's details.
 */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { openBlobStore, type UploadedFile, type UploadProblem } from "../archive/index.ts";
import { publicView, type PublicDb } from "../db/index.ts";
import { findUnstorableText, requestAddress, isCrossOrigin, type App, type AppDeps, type AppEnv } from "../http/index.ts";
import { formatBytes, isLang, type Lang } from "../i18n/index.ts";
import { isSabtError } from "../shared/errors.ts";
import {
  admitPost,
  challengeIfBusy,
  checkPow,
  newReceiptCode,
  submissionStatus,
  submit,
  SUBMISSION_FILE_LIMITS,
  SUBMIT_LIMITS,
  type Refusal,
  type SubmissionFileLimits,
  type SubmitLimits,
} from "../submissions/index.ts";
import { IMMUTABLE_CACHE_CONTROL, PRIVATE_CACHE_CONTROL } from "./http-cache.ts";
import { SUBMIT_JS, SUBMIT_JS_PATH } from "./assets.ts";
import { st, type SubmitKey } from "./i18n/submit-strings.ts";
import { loadNames } from "./model/names.ts";
import type { PageCtx, PageResult } from "./pages/page.ts";
import { buildReceiptPage, buildStatusPage, buildSubmitPage, type SubmitFormState } from "./pages/submit.tsx";
import { renderDocument } from "./render.tsx";
import { publicReader } from "./site.reader.ts";

/** Options of the form (tests lower the limits). */
export interface SubmitOptions {
  limits?: Partial<SubmitLimits>;
  files?: Partial<SubmissionFileLimits>;
}

type C = Context<AppEnv>;
const LANG = ":lang{(?:fa|en)}";
const FIELDS = ["kind", "about", "text", "name", "contact", "consent"] as const;
const REFUSED: Record<Refusal, SubmitKey> = { address: "refusedAddress", busy: "refusedBusy", closed: "refusedClosed" };

/** A size for people, whole (`64 KiB`), with the page's digits. */
const size = (lang: Lang, n: number) => formatBytes(lang, n, 0);

/** Registers the form, the status page and the script on the app (before the site's catch-all routes). */
export function registerSubmitRoutes(app: App, deps: AppDeps, opts: SubmitOptions = {}): void {
  const form = new SubmitForm(deps, { ...SUBMIT_LIMITS, ...opts.limits }, { ...SUBMISSION_FILE_LIMITS, ...opts.files });
  app.get(SUBMIT_JS_PATH, (c) => c.body(SUBMIT_JS, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": IMMUTABLE_CACHE_CONTROL }));
  const maxSize = form.files.maxFiles * form.files.maxFileBytes + 1024 * 1024;
  // The whole request is refused above the files' total: a clear page, nothing parsed or stored.
  const tooLarge = (c: C) => form.refused(c, st(form.langOf(c), "refusedTooLarge", { max: size(form.langOf(c), maxSize) }), 413);
  app.get(`/${LANG}/submit`, (c) => form.show(c));
  // Admitted (counted, refused when over a limit) before the body limit reads anything: the body
  // limit buffers a body sent without a length, and a refused post must never be buffered.
  app.post(`/${LANG}/submit`, (c, next) => form.admit(c as C, next), bodyLimit({ maxSize, onError: (c) => tooLarge(c as C) }), (c) => form.post(c));
  app.use(`/${LANG}/submit/status`, bodyLimit({ maxSize: 16 * 1024, onError: (c) => tooLarge(c as C) }));
  app.get(`/${LANG}/submit/status`, (c) => form.send(c, buildStatusPage(form.ctxOf(c), {})));
  app.post(`/${LANG}/submit/status`, (c) => form.status(c));
}

/** The form's handlers and what they share. */
class SubmitForm {
  private readonly pdb: PublicDb;
  /** The posts admitted under load, whose body must carry a proof-of-work. */
  private readonly powNeeded = new WeakSet<C>();

  constructor(
    readonly deps: AppDeps,
    readonly limits: SubmitLimits,
    readonly files: SubmissionFileLimits,
  ) {
    this.pdb = publicView(deps.db);
  }

  langOf(c: C): Lang {
    const l = c.req.param("lang");
    return isLang(l) ? l : "en";
  }

  ctxOf(c: C): PageCtx {
    return { lang: this.langOf(c), reader: publicReader(this.pdb, new Date().toISOString().slice(0, 10)), base: this.deps.config.publicUrl };
  }

  /** Sends a page that no cache may keep and no search engine may list. */
  async send(c: C, page: PageResult, status: 200 | 400 | 403 | 404 | 413 | 429 = 200): Promise<Response> {
    const body = await renderDocument(page, this.deps.config.publicUrl);
    return c.html(body, status, { "Cache-Control": PRIVATE_CACHE_CONTROL, "X-Robots-Tag": "noindex" });
  }

  /** The form's state with the values to show again. */
  async state(c: C, values: Map<string, string>, over: Partial<SubmitFormState> = {}): Promise<SubmitFormState> {
    const ctx = this.ctxOf(c);
    const slug = values.get("person") ?? "";
    const person = slug ? await ctx.reader.entityBySlug("person", slug) : undefined;
    const name = person ? (await loadNames(ctx.reader, [person.id])).name(person.id, ctx.lang) || person.label : "";
    return {
      values,
      errors: new Map(),
      fileErrors: [],
      challenge: await challengeIfBusy(this.deps.db, this.limits),
      person: person ? { slug: person.slug, name } : undefined,
      maxFiles: this.files.maxFiles,
      maxFileSize: size(ctx.lang, this.files.maxFileBytes),
      ...over,
    };
  }

  /** GET: the form, about a public person when opened from their page (`?person=<slug>`). */
  async show(c: C): Promise<Response> {
    const person = c.req.query("person");
    const values = new Map(person ? [["person", person.slice(0, 200)]] : []);
    return this.send(c, buildSubmitPage(this.ctxOf(c), await this.state(c, values)));
  }

  /** The form again with a message on top (a refusal that concerns no one field). */
  async refused(c: C, message: string, status: 403 | 413 | 429, values = new Map<string, string>()): Promise<Response> {
    return this.send(c, buildSubmitPage(this.ctxOf(c), await this.state(c, values, { notice: message })), status);
  }

  /** POST, before the body is read: refuses a post from another site or over a limit, else goes on. */
  async admit(c: C, next: () => Promise<void>): Promise<Response | void> {
    const lang = this.langOf(c);
    if (isCrossOrigin(c, this.deps.config.publicUrl)) return this.refused(c, st(lang, "refusedOrigin"), 403);
    const address = requestAddress(c, this.deps.config.trustedProxies);
    const refusal = await rateLimited(() => admitPost(this.deps.db, address, this.limits));
    if (typeof refusal === "string") return this.refused(c, st(lang, REFUSED[refusal]), 429);
    if (refusal.powNeeded) this.powNeeded.add(c);
    await next();
  }

  /** POST, once admitted: checks the proof-of-work under load, then the fields and files, and stores a submission; shows its receipt once. */
  async post(c: C): Promise<Response> {
    const lang = this.langOf(c);
    const body = await c.req.parseBody({ all: true });
    const values = new Map<string, string>([...FIELDS, "person"].map((k) => [k, one(body, k)]));
    if (this.powNeeded.has(c)) {
      const refusal = await rateLimited(() => checkPow(this.deps.db, { challenge: one(body, "pow_challenge"), nonce: one(body, "pow_nonce") }, this.limits));
      if (typeof refusal === "string") return this.refused(c, st(lang, REFUSED[refusal]), 429, values);
    }
    // A filled honeypot is a robot: it gets a receipt like anyone, and nothing is stored.
    if (one(body, "website") !== "") return this.send(c, buildReceiptPage(this.ctxOf(c), newReceiptCode()));
    const files = await filesOf(body);
    const fields = Object.fromEntries(FIELDS.map((k) => [k, values.get(k) ?? ""]));
    // Beside the field that holds them (its name is the path `findUnstorableText` gives).
    const unstorable = findUnstorableText(fields);
    if (unstorable !== undefined) return this.invalid(c, values, new Map([[unstorable, st(lang, "badCharacters")]]), []);
    const slug = values.get("person") ?? "";
    const person = slug ? await this.ctxOf(c).reader.entityBySlug("person", slug) : undefined;
    try {
      const { receipt } = await submit(this.deps.db, openBlobStore(this.deps.config.blobStore), { lang, fields, files, entityId: person?.id }, this.files);
      return this.send(c, buildReceiptPage(this.ctxOf(c), receipt));
    } catch (e) {
      if (!isSabtError(e) || e.id !== "validation_failed") throw e;
      const [errors, fileErrors] = this.explain(lang, e.message, (e.details?.problems ?? []) as UploadProblem[]);
      return this.invalid(c, values, errors, fileErrors, files.length > 0);
    }
  }

  /** The form again, 400, with each error beside its field and nothing stored. */
  async invalid(c: C, values: Map<string, string>, errors: Map<string, string>, fileErrors: string[], hadFiles = false): Promise<Response> {
    const lang = this.langOf(c);
    const notice = `${st(lang, "nothingStored")}${hadFiles ? ` ${st(lang, "filesAgain")}` : ""}`;
    return this.send(c, buildSubmitPage(this.ctxOf(c), await this.state(c, values, { errors, fileErrors, notice })), 400);
  }

  /** A validation message (`field: …`) as the sentence shown beside its field. */
  explain(lang: Lang, message: string, problems: readonly UploadProblem[]): [Map<string, string>, string[]] {
    const field = message.split(":")[0] ?? "";
    const max = size(lang, this.files.maxFileBytes);
    const fileErrors = problems.map((p) => st(lang, p.problem === "too_large" ? "fileTooLarge" : p.problem === "empty" ? "fileEmpty" : "fileProgram", { name: p.filename, max }));
    const text = field === "kind" ? st(lang, "badKind") : field === "consent" ? st(lang, "badConsent") : field === "text" ? st(lang, "badText") : field === "files" ? (problems.length > 0 ? "" : st(lang, "badFilesCount", { n: String(this.files.maxFiles) })) : st(lang, "badShort");
    const known = ["kind", "text", "files", "about", "name", "contact", "consent"].includes(field) ? field : "text";
    return [new Map(text ? [[known, text]] : []), fileErrors];
  }

  /** POST status: the state of the submission a receipt code names, and nothing else. */
  async status(c: C): Promise<Response> {
    const lang = this.langOf(c);
    if (isCrossOrigin(c, this.deps.config.publicUrl)) return this.refused(c, st(lang, "refusedOrigin"), 403);
    const body = await c.req.parseBody();
    const code = one(body, "code").slice(0, 64);
    const found = code ? await submissionStatus(this.deps.db, code) : undefined;
    return this.send(c, buildStatusPage(this.ctxOf(c), { code, found }), found || !code ? 200 : 404);
  }
}

type Body = Record<string, unknown>;

/** Runs a throttle step: its result, or the refusal it threw. */
async function rateLimited<T>(step: () => Promise<T>): Promise<T | Refusal> {
  try {
    return await step();
  } catch (e) {
    if (!isSabtError(e) || e.id !== "rate_limited") throw e;
    return (e.details?.refusal as Refusal | undefined) ?? "busy";
  }
}

/** One string value of a form field ("" when absent, a file, or sent more than once). */
function one(body: Body, name: string): string {
  const v = Object.hasOwn(body, name) ? body[name] : undefined;
  return typeof v === "string" ? v : "";
}

/** The files of the body; the empty part a browser sends when no file was chosen is left out. */
async function filesOf(body: Body): Promise<UploadedFile[]> {
  const raw = Object.hasOwn(body, "files") ? body.files : undefined;
  const parts = (Array.isArray(raw) ? raw : [raw]).filter((f): f is File => f instanceof File && !(f.name === "" && f.size === 0));
  return Promise.all(parts.map(async (f) => ({ name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) })));
}
