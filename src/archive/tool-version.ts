import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

// Walks up from this module to Sabt's package.json, so that the lookup works from the sources
// and from the bundle in dist/ alike.
function ownVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "sabt" && pkg.version) return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return "unknown";
}

/** Sabt's own version, recorded in provenance as the tool that ingested an item. */
export const SABT_VERSION: string = ownVersion();

/** The installed version of an npm package (for provenance), or "unknown". */
export function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return "unknown";
  }
}
