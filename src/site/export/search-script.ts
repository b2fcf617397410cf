/**
 * The mirror's search script as one browser file: `search-client.ts` with the pure name functions
 * it uses, bundled by esbuild. `npm run build` writes it beside the CLI bundle
 * (`dist/mirror-search.js`, read when `sabt` runs from the bundle); run from the sources, it is
 * bundled on the spot, so it is never older than the code.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";

/** The esbuild options of the browser bundle (`scripts/build.mjs` uses the same). */
export const MIRROR_SEARCH_BUILD = {
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: true,
  legalComments: "none",
} as const;

let cached: Promise<string> | undefined;

/** The bundled search script's text. */
export function mirrorSearchScript(): Promise<string> {
  cached ??= (async () => {
    // Bundled CLI: this module is inside dist/sabt.mjs, and the build put the script beside it.
    const prebuilt = new URL("./mirror-search.js", import.meta.url);
    if (fs.existsSync(prebuilt)) return fs.readFileSync(prebuilt, "utf8");
    const { build } = await import("esbuild");
    const r = await build({
      ...MIRROR_SEARCH_BUILD,
      entryPoints: [fileURLToPath(new URL("./search-client.ts", import.meta.url))],
      write: false,
      logLevel: "silent",
    });
    return r.outputFiles[0]!.text;
  })();
  return cached;
}
