/**
 * The public memorial site: server-rendered pages in Persian and English over the public
 * projection only, feeds, sitemaps, share images, previews, and the static export.
 */
export { siteRoutes, createSiteRoutes, type SiteOptions } from "./site.routes.ts";
export { exportSite, type ExportReport, type ExportPhase } from "./export/export-site.ts";
export { exportSiteRoutes, type ExportSiteRoutes } from "./export/export-routes.ts";
export { checkExportDir, EXPORT_META_DIR } from "./export/export-target.ts";
