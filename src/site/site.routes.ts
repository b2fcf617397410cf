/**
 * The public site's routes: pages per language, machine-readable files (sitemaps, feeds,
 * robots.txt, share images), the stylesheet, and signed-in article previews. Public routes read
 * only the public projection and go through the response cache; previews never do.
 */
import type { Context } from "hono";
import type { AppDeps, AppEnv, App } from "../http/index.ts";
import type { RouteModule } from "../server/index.ts";
import { publicView } from "../db/index.ts";
import { resolveOldSlug } from "../entities/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { CSS_PATH, SITE_CSS } from "./assets.ts";
import { isLang, type Lang } from "../i18n/index.ts";
import { IMMUTABLE_CACHE_CONTROL, PAGE_CACHE_CONTROL, PRIVATE_CACHE_CONTROL, ResponseCache, sendOnce, type Produced } from "./http-cache.ts";
import { buildAtom, buildRss } from "./machine/feeds.ts";
import { buildRobots, buildSitemap, buildSitemapIndex } from "./machine/sitemap.ts";
import { buildArticlePage } from "./pages/article.tsx";
import { buildEntityPage } from "./pages/entity.tsx";
import { buildHomePage, buildSectionIndex, buildTagArchive } from "./pages/indexes.tsx";
import { buildCorrectionsPage, buildLandingPage, buildNotFoundPage, buildSearchPage } from "./pages/misc.tsx";
import type { PageCtx, PageResult } from "./pages/page.ts";
import { buildStatsPage, type PublishedEstimate } from "./pages/stats.tsx";
import { entityPath, typeOfSection } from "./paths.ts";
import { loadArticlePreview } from "./preview.ts";
import { findPublicEntityById, hasPublicFictionalEntity } from "./public.repository.ts";
import { renderDocument } from "./render.tsx";
import { entityCard, siteCard } from "./share/share-card.ts";
import { renderPng, shareSvg } from "./share/share-image.ts";
import { publicReader } from "./site.reader.ts";

/** Options of the public site. */
export interface SiteOptions {
  /** How long rendered responses are reused (ms); 0 renders every request. Default 5 s. */
  cacheTtlMs?: number;
  /** Published estimates for the statistics page (none until the team publishes some). */
  estimates?: () => Promise<readonly PublishedEstimate[]>;
  /** The clock, for scheduled publication (tests move it). */
  now?: () => Date;
}

const HTML = "text/html; charset=utf-8";
const LANG = ":lang{(?:fa|en)}";

type C = Context<AppEnv>;

/** Builds the public site's route module. */
export function createSiteRoutes(opts: SiteOptions = {}): RouteModule {
  return (app: App, deps: AppDeps) => {
    const cache = new ResponseCache(opts.cacheTtlMs ?? 5000);
    // Share images are costly to draw and change rarely: a separate, longer-lived cache.
    const images = new ResponseCache(Math.max(opts.cacheTtlMs ?? 5000, 60_000), 500);
    const base = deps.config.publicUrl;
    const pdb = publicView(deps.db);
    const today = () => (opts.now?.() ?? new Date()).toISOString().slice(0, 10);
    const ctxOf = (lang: Lang): PageCtx => ({ lang, reader: publicReader(pdb, today()), base });
    const langOf = (c: C): Lang => {
      const l = c.req.param("lang");
      return isLang(l) ? l : "en";
    };

    const notFoundPage = async (c: C, lang: Lang) =>
      sendOnce(c.req.raw, { status: 404, type: HTML, body: await renderDocument(buildNotFoundPage(ctxOf(lang), c.req.path), base), cacheControl: PAGE_CACHE_CONTROL });

    // A cached page; everything, including looking the entity up, happens only on a cache miss,
    // so a warm page costs no database work. `otherwise` answers when the builder finds nothing.
    const page = async (c: C, build: (ctx: PageCtx) => Promise<PageResult | undefined>, otherwise?: () => Promise<Response>) => {
      const lang = langOf(c);
      const res = await cache.respond(c.req.raw, c.req.path, async () => {
        const p = await build(ctxOf(lang));
        return p ? { status: 200, type: HTML, body: await renderDocument(p, base), cacheControl: PAGE_CACHE_CONTROL } : undefined;
      });
      return res ?? (otherwise ? otherwise() : notFoundPage(c, lang));
    };

    const file = async (c: C, type: string, build: () => Promise<string | Uint8Array | undefined>, store = cache, cacheControl = PAGE_CACHE_CONTROL) => {
      const res = await store.respond(c.req.raw, c.req.path, async (): Promise<Produced | undefined> => {
        const body = await build();
        return body === undefined ? undefined : { status: 200, type, body, cacheControl };
      });
      return res ?? notFoundPage(c, langOf(c));
    };

    app.get(CSS_PATH, (c) => file(c, "text/css; charset=utf-8", async () => SITE_CSS, cache, IMMUTABLE_CACHE_CONTROL));
    app.get("/robots.txt", (c) => file(c, "text/plain; charset=utf-8", async () => buildRobots(base)));
    app.get("/sitemap.xml", (c) => file(c, "application/xml; charset=utf-8", () => buildSitemapIndex(ctxOf("en").reader, base)));
    app.get("/sitemaps/:name{[a-z_]+-[0-9]+\\.xml}", (c) =>
      file(c, "application/xml; charset=utf-8", () => buildSitemap(ctxOf("en").reader, base, c.req.param("name").replace(/\.xml$/, ""))),
    );

    // Feeds: the site's (English at the root, and per language) and each tag's.
    const rss = "application/rss+xml; charset=utf-8";
    const atom = "application/atom+xml; charset=utf-8";
    app.get("/rss.xml", (c) => file(c, rss, () => buildRss(ctxOf("en").reader, base, { lang: "en" }, c.req.path)));
    app.get("/atom.xml", (c) => file(c, atom, () => buildAtom(ctxOf("en").reader, base, { lang: "en" }, c.req.path)));
    app.get(`/${LANG}/rss.xml`, (c) => file(c, rss, () => buildRss(ctxOf(langOf(c)).reader, base, { lang: langOf(c) }, c.req.path)));
    app.get(`/${LANG}/atom.xml`, (c) => file(c, atom, () => buildAtom(ctxOf(langOf(c)).reader, base, { lang: langOf(c) }, c.req.path)));
    const tagFeed = (lang: Lang) => async (c: C) =>
      file(c, rss, async () => {
        const reader = ctxOf(lang).reader;
        const tag = await reader.entityBySlug("tag", c.req.param("slug") ?? "");
        return tag ? buildRss(reader, base, { lang, tag }, c.req.path) : undefined;
      });
    app.get("/tag/:slug/rss.xml", (c) => tagFeed("en")(c));
    app.get(`/${LANG}/tags/:slug/rss.xml`, (c) => tagFeed(langOf(c))(c));

    // Share images: PNG for cards, SVG to read what they say.
    // Hono reads a parameter only at the start of a path segment (`site.:ext` would match only its
    // own literal text), so the whole file name is the parameter.
    app.get(`/share/${LANG}/:file{site\\.(?:png|svg)}`, (c) =>
      // The pages mark fictional records with a notice; the site's card says so too, as long as
      // any public record is fictional (a link preview shows no page around it).
      shareImage(c, async () => siteCard(langOf(c), { fictional: await hasPublicFictionalEntity(pdb) })),
    );
    app.get(`/share/${LANG}/:kind/:file{.+\\.(?:png|svg)}`, (c) =>
      shareImage(c, () => entityCard(ctxOf(langOf(c)).reader, langOf(c), c.req.param("kind"), c.req.param("file").replace(/\.(png|svg)$/, ""))),
    );
    const shareImage = (c: C, card: () => Promise<Parameters<typeof shareSvg>[0] | undefined>) => {
      const png = c.req.path.endsWith(".png");
      return file(
        c,
        png ? "image/png" : "image/svg+xml; charset=utf-8",
        async () => {
          const k = await card();
          if (!k) return undefined;
          const svg = shareSvg(k);
          return png ? renderPng(svg) : svg;
        },
        images,
      );
    };

    // Pages.
    app.get("/", (c) => page(c, async (ctx) => buildLandingPage(ctx)));
    app.get(`/${LANG}`, (c) => c.redirect(`/${langOf(c)}/`, 301));
    app.get(`/${LANG}/`, (c) => page(c, buildHomePage));
    app.get(`/${LANG}/statistics`, (c) => page(c, async (ctx) => buildStatsPage(ctx, (await opts.estimates?.()) ?? [])));
    app.get(`/${LANG}/corrections`, (c) => page(c, async (ctx) => buildCorrectionsPage(ctx)));
    app.get(`/${LANG}/search`, async (c) => {
      const p = await buildSearchPage(ctxOf(langOf(c)), deps.db, c.req.query("q") ?? "");
      // Results are not cached: the query space is unbounded.
      return sendOnce(c.req.raw, { status: 200, type: HTML, body: await renderDocument(p, base), cacheControl: PAGE_CACHE_CONTROL });
    });
    app.get(`/${LANG}/:section/page/:n{[0-9]+}`, (c) => sectionIndex(c, Number(c.req.param("n"))));
    app.get(`/${LANG}/:section`, (c) => sectionIndex(c, 1));
    const sectionIndex = (c: C, n: number) => {
      const type = typeOfSection(c.req.param("section") ?? "");
      if (!type || n < 1 || (n === 1 && c.req.path.includes("/page/"))) return notFoundPage(c, langOf(c));
      return page(c, (ctx) => buildSectionIndex(ctx, type, n));
    };
    app.get(`/${LANG}/tags/:slug/page/:n{[0-9]+}`, (c) => entityRoute(c, "tag", Number(c.req.param("n"))));
    app.get(`/${LANG}/:section/:slug`, (c) => {
      const type = typeOfSection(c.req.param("section") ?? "");
      return type ? entityRoute(c, type, 1) : notFoundPage(c, langOf(c));
    });
    const entityRoute = async (c: C, type: string, n: number) => {
      const lang = langOf(c);
      const slug = c.req.param("slug") ?? "";
      return page(
        c,
        async (ctx) => {
          const entity = await ctx.reader.entityBySlug(type, slug);
          if (!entity || (n > 1 && type !== "tag")) return undefined;
          return type === "article" ? buildArticlePage(ctx, entity) : type === "tag" ? buildTagArchive(ctx, entity, n) : buildEntityPage(ctx, entity);
        },
        async () => {
          // A slug that changed: permanent redirect to the current address, if still public.
          const id = await resolveOldSlug(deps.db, slug);
          const moved = id ? await findPublicEntityById(pdb, id) : undefined;
          const to = moved && moved.type === type && n === 1 ? entityPath(lang, type, moved.slug) : undefined;
          return to ? c.redirect(to, 301) : notFoundPage(c, lang);
        },
      );
    };

    // Signed-in preview of an article that is not public yet.
    app.get(`/preview/${LANG}/articles/:id`, async (c) => {
      const lang = langOf(c);
      try {
        const base0 = ctxOf(lang).reader;
        const pv = await loadArticlePreview(deps.db, c.get("viewer"), base0, c.req.param("id"));
        const p = await buildArticlePage({ lang, reader: pv.reader, base, preview: true }, pv.entity);
        if (!p) return notFoundPage(c, lang);
        const res = sendOnce(c.req.raw, { status: 200, type: HTML, body: await renderDocument(p, base), cacheControl: PRIVATE_CACHE_CONTROL });
        res.headers.set("X-Robots-Tag", "noindex, nofollow");
        res.headers.set("X-Sabt-Revisions", String(pv.revisions));
        return res;
      } catch (e) {
        if (isSabtError(e) && (e.id === "not_found" || e.id === "forbidden")) {
          const res = await notFoundPage(c, lang);
          res.headers.set("Cache-Control", PRIVATE_CACHE_CONTROL);
          return res;
        }
        throw e;
      }
    });

    app.get(`/${LANG}/*`, (c) => notFoundPage(c, langOf(c)));
  };
}

/** The public site with default options, as mounted by `sabt serve`. */
export const siteRoutes: RouteModule = createSiteRoutes();
