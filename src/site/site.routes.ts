/**
 * The public site's routes: pages per language, machine-readable files (sitemaps, feeds,
 * robots.txt, share images), the stylesheet, and signed-in article previews. Public routes read
 * only the public projection and go through the response cache; previews never do.
 */
import path from "node:path";
import type { Context } from "hono";
import type { AppDeps, AppEnv, App } from "../http/index.ts";
import type { RouteModule } from "../http/index.ts";
import { publicView, type Db, type PublicDb } from "../db/index.ts";
import { resolveOldSlug } from "../entities/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { CSS_PATH, SITE_CSS } from "./assets.ts";
import { isLang, type Lang } from "../i18n/index.ts";
import {
  IMMUTABLE_CACHE_CONTROL,
  PAGE_CACHE_CONTROL,
  PRIVATE_CACHE_CONTROL,
  ResponseCache,
  sendOnce,
  type Produced,
} from "./http-cache.ts";
import { buildAtom, buildRss } from "./machine/feeds.ts";
import { buildRobots, buildSitemap, buildSitemapIndex } from "./machine/sitemap.ts";
import { buildArticlePage } from "./pages/article.tsx";
import { buildEntityPage } from "./pages/entity.tsx";
import { buildHomePage, buildSectionIndex, buildTagArchive } from "./pages/indexes.tsx";
import { buildCorrectionsPage, buildLandingPage, buildNotFoundPage } from "./pages/misc.tsx";
import { buildFindPage, loadFindChoices, type FindChoices } from "./pages/find.tsx";
import { parseFindQuery } from "./model/filters.ts";
import { indexLetter } from "./model/letters.ts";
import { buildLetterPage, buildListNamesPage, buildOfficialsPage } from "./pages/people-index.tsx";
import type { PageCtx, PageResult } from "./pages/page.ts";
import { buildStatsPage, type PublishedEstimate } from "./pages/stats.tsx";
import { entityPath, typeOfSection } from "./paths.ts";
import { loadArticlePreview } from "./preview.ts";
import { findFoldedInto, findPublicEntityById, hasPublicFictionalEntity } from "./public.repository.ts";
import { renderDocument } from "./render.tsx";
import { entityCard, siteCard } from "./share/share-card.ts";
import { SharePngPool } from "./share/png-pool.ts";
import { shareSvg } from "./share/share-image.ts";
import { publicReader, type SiteReader } from "./site.reader.ts";
import { registerSubmitRoutes, type SubmitOptions } from "./submit.routes.ts";

/** Options of the public site. */
export interface SiteOptions {
  /** How long rendered responses are reused (ms); 0 renders every request. Default 5 s. */
  cacheTtlMs?: number;
  /** Published estimates for the statistics page (none until the team publishes some). */
  estimates?: () => Promise<readonly PublishedEstimate[]>;
  /** The clock, for scheduled publication (tests move it). */
  now?: () => Date;
  /** The public form's limits (tests lower them). */
  submit?: SubmitOptions;
  /** The reader of every request (the static export's read-ahead reader); default: the public reader of the day. */
  reader?: (today: string) => SiteReader;
  /** Wraps the database handle for what the site reads around its reader (the static export notes such reads). */
  watch?: (db: Db) => Db;
}

const HTML = "text/html; charset=utf-8";
const LANG = ":lang{(?:fa|en)}";

type C = Context<AppEnv>;

/** Builds the public site's route module. */
export function createSiteRoutes(opts: SiteOptions = {}): RouteModule {
  return (app: App, deps: AppDeps) => {
    const site = new SiteResponder(deps, opts);
    registerMachineRoutes(app, site);
    registerShareRoutes(app, site);
    // Before the pages: `/{lang}/submit` would otherwise be read as a section's index.
    registerSubmitRoutes(app, deps, opts.submit);
    registerFindRoutes(app, site);
    registerPageRoutes(app, site);
    app.get(`/preview/${LANG}/articles/:id`, (c) => site.preview(c));
    app.get(`/${LANG}/*`, (c) => site.notFoundPage(c, site.langOf(c)));
  };
}

/**
 * What every public route shares: the response caches, the public reader of the day, and the ways
 * to answer (a cached page, a cached file, the 404 page).
 */
class SiteResponder {
  readonly cache: ResponseCache;
  // Share images are costly to draw and change rarely: a separate, longer-lived cache.
  readonly images: ResponseCache;
  readonly base: string;
  readonly pdb: PublicDb;
  /** The database, for what is read around the reader (redirects, the search page). */
  readonly db: Db;

  constructor(
    readonly deps: AppDeps,
    private readonly opts: SiteOptions,
  ) {
    this.cache = new ResponseCache(opts.cacheTtlMs ?? 5000);
    this.images = new ResponseCache(Math.max(opts.cacheTtlMs ?? 5000, 60_000), 500);
    this.base = deps.config.publicUrl;
    this.db = opts.watch?.(deps.db) ?? deps.db;
    this.pdb = publicView(this.db);
    // An edit (through this server or another on the same database) shows at once.
    deps.changes?.subscribe(() => {
      this.cache.clear();
      this.images.clear();
      this.choices = undefined;
    });
  }

  // The search form's choices (prisons, cities, lists), reused as long as rendered pages are.
  private choices: { at: number; value: Promise<FindChoices> } | undefined;

  /** The search form's choices, read again when older than the page cache's lifetime. */
  findChoices(ctx: PageCtx): Promise<FindChoices> {
    const now = Date.now();
    if (this.choices && now - this.choices.at < (this.opts.cacheTtlMs ?? 5000)) return this.choices.value;
    const value = loadFindChoices(ctx.reader);
    const entry = { at: now, value };
    this.choices = entry;
    value.catch(() => {
      if (this.choices === entry) this.choices = undefined;
    });
    return value;
  }

  /** The page context of a language, reading the public projection as of today. */
  ctxOf(lang: Lang): PageCtx {
    const today = (this.opts.now?.() ?? new Date()).toISOString().slice(0, 10);
    return { lang, reader: this.opts.reader?.(today) ?? publicReader(this.pdb, today), base: this.base };
  }

  /** The language of a request's path (English where the path has none). */
  langOf(c: C): Lang {
    const l = c.req.param("lang");
    return isLang(l) ? l : "en";
  }

  /** The 404 page in a language. */
  async notFoundPage(c: C, lang: Lang): Promise<Response> {
    const body = await renderDocument(buildNotFoundPage(this.ctxOf(lang), c.req.path), this.base);
    return sendOnce(c.req.raw, { status: 404, type: HTML, body, cacheControl: PAGE_CACHE_CONTROL });
  }

  /**
   * A cached page; everything, including looking the entity up, happens only on a cache miss, so a
   * warm page costs no database work. `otherwise` answers when the builder finds nothing.
   */
  async page(
    c: C,
    build: (ctx: PageCtx) => Promise<PageResult | undefined>,
    otherwise?: () => Promise<Response>,
  ): Promise<Response> {
    const lang = this.langOf(c);
    const res = await this.cache.respond(c.req.raw, c.req.path, async () => {
      const p = await build(this.ctxOf(lang));
      return p
        ? {
            status: 200,
            type: HTML,
            body: await renderDocument(p, this.base),
            cacheControl: PAGE_CACHE_CONTROL,
          }
        : undefined;
    });
    return res ?? (otherwise ? otherwise() : this.notFoundPage(c, lang));
  }

  /** A cached file (stylesheet, sitemap, feed, image); the 404 page when the builder finds nothing. */
  async file(
    c: C,
    type: string,
    build: () => Promise<string | Uint8Array | undefined>,
    store = this.cache,
    cacheControl = PAGE_CACHE_CONTROL,
  ): Promise<Response> {
    const res = await store.respond(c.req.raw, c.req.path, async (): Promise<Produced | undefined> => {
      const body = await build();
      return body === undefined ? undefined : { status: 200, type, body, cacheControl };
    });
    return res ?? this.notFoundPage(c, this.langOf(c));
  }

  /** A share card as PNG (for link previews) or SVG (to read what it says), by the path's extension. */
  shareImage(c: C, card: () => Promise<Parameters<typeof shareSvg>[0] | undefined>): Promise<Response> {
    const png = c.req.path.endsWith(".png");
    const draw = async () => {
      const k = await card();
      if (!k) return undefined;
      const svg = shareSvg(k);
      return png ? this.pngPool().render(svg) : svg;
    };
    return this.file(c, png ? "image/png" : "image/svg+xml; charset=utf-8", draw, this.images);
  }

  // Drawn in a thread, never in the request's: resvg keeps each card's pixmaps (about 3 MB) until
  // V8 collects them, and drawing blocks for tens of milliseconds. Cards are kept on disk by
  // content (shared with the static export); the thread ends when idle.
  private pool: SharePngPool | undefined;

  private pngPool(): SharePngPool {
    this.pool ??= new SharePngPool({ threads: 1, cacheDir: path.join(this.deps.config.dataDir, "cache", "share-png"), idleMs: 30_000, unref: true });
    return this.pool;
  }

  /** The statistics page with the estimates the team published. */
  async statsPage(ctx: PageCtx): Promise<PageResult | undefined> {
    return buildStatsPage(ctx, (await this.opts.estimates?.()) ?? []);
  }

  /** A section's index page n (page 1 has no /page/1 address). */
  sectionIndex(c: C, n: number): Promise<Response> {
    const type = typeOfSection(c.req.param("section") ?? "");
    if (!type || n < 1 || (n === 1 && c.req.path.includes("/page/")))
      {return this.notFoundPage(c, this.langOf(c));}
    return this.page(c, (ctx) => buildSectionIndex(ctx, type, n));
  }

  /** An entity's page (page n of a tag's archive), or a redirect from a slug it no longer has. */
  entityPage(c: C, type: string, n: number): Promise<Response> {
    const lang = this.langOf(c);
    const slug = c.req.param("slug") ?? "";
    const build = async (ctx: PageCtx) => {
      const entity = await ctx.reader.entityBySlug(type, slug);
      if (!entity || (n > 1 && type !== "tag")) return undefined;
      if (type === "article") return buildArticlePage(ctx, entity);
      return type === "tag" ? buildTagArchive(ctx, entity, n) : buildEntityPage(ctx, entity);
    };
    const moved = async () => {
      // A slug that changed: permanent redirect to the current address, if still public.
      const id = await resolveOldSlug(this.db, slug);
      const current = id ? await findPublicEntityById(this.pdb, id) : undefined;
      const to =
        current && current.type === type && n === 1 ? entityPath(lang, type, current.slug) : undefined;
      if (to) return c.redirect(to, 301);
      // A list row linked to others is shown as their one person. Temporary: an unmerge gives the
      // row its own page back at this address.
      const person = n === 1 ? await findFoldedInto(this.pdb, type, slug, id) : undefined;
      const into = person ? entityPath(lang, person.type, person.slug) : undefined;
      return into ? c.redirect(into, 302) : this.notFoundPage(c, lang);
    };
    return this.page(c, build, moved);
  }

  /** The search page with its filters; results are not cached: the query space is unbounded. */
  async search(c: C): Promise<Response> {
    const ctx = this.ctxOf(this.langOf(c));
    const q = parseFindQuery((name) => c.req.query(name), ctx.lang);
    const p = await buildFindPage(ctx, this.db, q, await this.findChoices(ctx));
    return sendOnce(c.req.raw, {
      status: 200,
      type: HTML,
      body: await renderDocument(p, this.base),
      cacheControl: PAGE_CACHE_CONTROL,
    });
  }

  /** Signed-in preview of an article that is not public yet: never cached, never indexed. */
  async preview(c: C): Promise<Response> {
    const lang = this.langOf(c);
    try {
      const pv = await loadArticlePreview(
        this.deps.db,
        c.get("viewer"),
        this.ctxOf(lang).reader,
        c.req.param("id") ?? "",
      );
      const p = await buildArticlePage(
        { lang, reader: pv.reader, base: this.base, preview: true },
        pv.entity,
      );
      if (!p) return this.notFoundPage(c, lang);
      const body = await renderDocument(p, this.base);
      const res = sendOnce(c.req.raw, { status: 200, type: HTML, body, cacheControl: PRIVATE_CACHE_CONTROL });
      res.headers.set("X-Robots-Tag", "noindex, nofollow");
      res.headers.set("X-Sabt-Revisions", String(pv.revisions));
      return res;
    } catch (e) {
      if (isSabtError(e) && (e.id === "not_found" || e.id === "forbidden")) {
        const res = await this.notFoundPage(c, lang);
        res.headers.set("Cache-Control", PRIVATE_CACHE_CONTROL);
        return res;
      }
      throw e;
    }
  }
}

const RSS = "application/rss+xml; charset=utf-8";
const ATOM = "application/atom+xml; charset=utf-8";
const XML = "application/xml; charset=utf-8";

/** The stylesheet, robots.txt, sitemaps and feeds (the site's, per language, and each tag's). */
function registerMachineRoutes(app: App, site: SiteResponder): void {
  const { base } = site;
  const reader = (lang: Lang) => site.ctxOf(lang).reader;
  app.get(CSS_PATH, (c) =>
    site.file(c, "text/css; charset=utf-8", async () => SITE_CSS, site.cache, IMMUTABLE_CACHE_CONTROL),
  );
  app.get("/robots.txt", (c) => site.file(c, "text/plain; charset=utf-8", async () => buildRobots(base)));
  app.get("/sitemap.xml", (c) => site.file(c, XML, () => buildSitemapIndex(reader("en"), base)));
  app.get("/sitemaps/:name{[a-z_]+-[0-9]+\\.xml}", (c) =>
    site.file(c, XML, () => buildSitemap(reader("en"), base, c.req.param("name").replace(/\.xml$/, ""))),
  );
  app.get("/rss.xml", (c) =>
    site.file(c, RSS, () => buildRss(reader("en"), base, { lang: "en" }, c.req.path)),
  );
  app.get("/atom.xml", (c) =>
    site.file(c, ATOM, () => buildAtom(reader("en"), base, { lang: "en" }, c.req.path)),
  );
  app.get(`/${LANG}/rss.xml`, (c) =>
    site.file(c, RSS, () => buildRss(reader(site.langOf(c)), base, { lang: site.langOf(c) }, c.req.path)),
  );
  app.get(`/${LANG}/atom.xml`, (c) =>
    site.file(c, ATOM, () => buildAtom(reader(site.langOf(c)), base, { lang: site.langOf(c) }, c.req.path)),
  );
  const tagFeed = (c: C, lang: Lang) =>
    site.file(c, RSS, async () => {
      const tag = await reader(lang).entityBySlug("tag", c.req.param("slug") ?? "");
      return tag ? buildRss(reader(lang), base, { lang, tag }, c.req.path) : undefined;
    });
  app.get("/tag/:slug/rss.xml", (c) => tagFeed(c, "en"));
  app.get(`/${LANG}/tags/:slug/rss.xml`, (c) => tagFeed(c, site.langOf(c)));
}

/**
 * Share images: PNG for cards, SVG to read what they say. Hono reads a parameter only at the start
 * of a path segment (`site.:ext` would match only its own literal text), so the whole file name is
 * the parameter.
 */
function registerShareRoutes(app: App, site: SiteResponder): void {
  app.get(`/share/${LANG}/:file{site\\.(?:png|svg)}`, (c) =>
    // The pages mark fictional records with a notice; the site's card says so too, as long as
    // any public record is fictional (a link preview shows no page around it).
    site.shareImage(c, async () =>
      siteCard(site.langOf(c), { fictional: await hasPublicFictionalEntity(site.pdb) }),
    ),
  );
  app.get(`/share/${LANG}/:kind/:file{.+\\.(?:png|svg)}`, (c) => {
    const lang = site.langOf(c);
    const name = c.req.param("file").replace(/\.(png|svg)$/, "");
    return site.shareImage(c, () => entityCard(site.ctxOf(lang).reader, lang, c.req.param("kind"), name));
  });
}

/**
 * Ways into the people (issue 12): letter pages, officials, a list's names. Registered before the
 * section routes, which would take `/officials` for an unknown section.
 */
function registerFindRoutes(app: App, site: SiteResponder): void {
  const paged = (c: C) => Number(c.req.param("n") ?? "1");
  const letter = (c: C) => {
    const l = indexLetter(c.req.param("letter") ?? "");
    const n = paged(c);
    return l && n >= 1 ? site.page(c, (ctx) => buildLetterPage(ctx, l, n)) : site.notFoundPage(c, site.langOf(c));
  };
  app.get(`/${LANG}/people/letter/:letter`, letter);
  app.get(`/${LANG}/people/letter/:letter/page/:n{[2-9]|[1-9][0-9]+}`, letter);
  app.get(`/${LANG}/officials`, (c) => site.page(c, (ctx) => buildOfficialsPage(ctx, 1)));
  app.get(`/${LANG}/officials/page/:n{[2-9]|[1-9][0-9]+}`, (c) => site.page(c, (ctx) => buildOfficialsPage(ctx, paged(c))));
  const names = (c: C) => site.page(c, (ctx) => buildListNamesPage(ctx, c.req.param("slug") ?? "", paged(c)));
  app.get(`/${LANG}/lists/:slug/names`, names);
  app.get(`/${LANG}/lists/:slug/names/page/:n{[2-9]|[1-9][0-9]+}`, names);
}

/** The pages: landing, home, statistics, corrections, search, section indexes, entity pages. */
function registerPageRoutes(app: App, site: SiteResponder): void {
  app.get("/", (c) => site.page(c, async (ctx) => buildLandingPage(ctx)));
  app.get(`/${LANG}`, (c) => c.redirect(`/${site.langOf(c)}/`, 301));
  app.get(`/${LANG}/`, (c) => site.page(c, buildHomePage));
  app.get(`/${LANG}/statistics`, (c) => site.page(c, (ctx) => site.statsPage(ctx)));
  app.get(`/${LANG}/corrections`, (c) => site.page(c, async (ctx) => buildCorrectionsPage(ctx)));
  app.get(`/${LANG}/search`, (c) => site.search(c));
  app.get(`/${LANG}/:section/page/:n{[0-9]+}`, (c) => site.sectionIndex(c, Number(c.req.param("n"))));
  app.get(`/${LANG}/:section`, (c) => site.sectionIndex(c, 1));
  app.get(`/${LANG}/tags/:slug/page/:n{[0-9]+}`, (c) => site.entityPage(c, "tag", Number(c.req.param("n"))));
  app.get(`/${LANG}/:section/:slug`, (c) => {
    const type = typeOfSection(c.req.param("section") ?? "");
    return type ? site.entityPage(c, type, 1) : site.notFoundPage(c, site.langOf(c));
  });
}

/** The public site with default options, as mounted by `sabt serve`. */
export const siteRoutes: RouteModule = createSiteRoutes();
