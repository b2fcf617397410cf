/**
 * The one stylesheet, served by Sabt under a content-hashed name so that it can be cached
 * forever (`immutable`) and the page weight stays one small HTML file plus one small CSS file.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { SUBMIT_JS } from "./pow-script.ts";

/** The stylesheet text, minified by whitespace removal. */
export const SITE_CSS: string = fs
  .readFileSync(new URL("./assets/site.css", import.meta.url), "utf8")
  .replace(/\/\*[^*]*\*\//g, "")
  .replace(/\n+/g, "\n")
  .trim();

/** The stylesheet's URL path, which changes whenever its content does. */
export const CSS_PATH = `/assets/site-${createHash("sha256").update(SITE_CSS).digest("hex").slice(0, 12)}.css`;

export { SUBMIT_JS } from "./pow-script.ts";

/** The proof-of-work script's URL path, which changes whenever its content does. */
export const SUBMIT_JS_PATH = `/assets/submit-pow-${createHash("sha256").update(SUBMIT_JS).digest("hex").slice(0, 12)}.js`;
