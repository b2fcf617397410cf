// Bundles the CLI and server into dist/sabt.mjs so that `sabt` starts in a fraction of a second
// (loading hundreds of TypeScript modules through tsx costs seconds). Runs on `npm install`
// (prepare). bin/sabt.js uses the bundle only while it is newer than every source file.
import fs from "node:fs";
import { build } from "esbuild";

// Pure-JavaScript libraries every command loads are bundled in: Node reads and links each file of
// an ESM package separately, and Kysely's and zod's hundreds of files cost about 0.3 s at every
// start. Everything else stays external (native addons, WebAssembly, files read at run time).
const BUNDLED = new Set(["kysely", "zod", "hono", "@hono/zod-openapi", "@hono/node-server"]);
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
const external = Object.keys(pkg.dependencies).filter((d) => !BUNDLED.has(d));

await build({
  // The linkage worker thread is its own entry: src/lists/link-runner.ts starts it from beside the bundle.
  // So is the automatic backup's worker (src/backup/snapshot-runner.ts), and an LCMCR chain's (src/lists/lcmcr-runner.ts),
  // and the export's share-image threads (src/site/share/png-pool.ts).
  entryPoints: { sabt: "src/cli/main.ts", "batch-prepare-worker": "src/imports/batch-prepare-worker.ts", "link-worker": "src/lists/link-worker.ts", "backup-worker": "src/backup/snapshot-worker.ts", "lcmcr-worker": "src/lists/lcmcr-worker.ts", "share-png-worker": "src/site/share/png-worker.ts" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // A package's subpaths ("@electric-sql/pglite/contrib/pg_trgm") follow the package.
  external: external.flatMap((d) => [d, `${d}/*`]),
  sourcemap: true,
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  logLevel: "warning",
  jsx: "automatic",
  jsxImportSource: "hono/jsx",
});
// The static mirror's search script, for browsers (src/site/export/search-script.ts reads it beside
// the bundle; its options there and here are the same).
await build({
  entryPoints: { "mirror-search": "src/site/export/search-client.ts" },
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: true,
  legalComments: "none",
  outdir: "dist",
  logLevel: "warning",
});
// Files read at run time relative to their module (import.meta.url) must sit beside the bundle.
if (fs.existsSync("src/site/assets")) fs.cpSync("src/site/assets", "dist/assets", { recursive: true });
