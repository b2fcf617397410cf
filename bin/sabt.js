#!/usr/bin/env node
// Entry point of the `sabt` command. It runs the bundle that `npm install` builds
// (scripts/build.mjs) while that bundle is newer than every source file; otherwise — while you are
// editing — it runs the TypeScript sources directly through tsx, so it is never out of date.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(root, "dist", "sabt.mjs");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

let fresh = false;
try {
  fresh = fs.statSync(bundle).mtimeMs >= newestMtime(path.join(root, "src"));
} catch {
  fresh = false;
}

let main;
if (fresh) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
await main(process.argv);
