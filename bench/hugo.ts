/**
 * The static-site-generator reference for the export row of `npm run bench`: Debian's `hugo`
 * building the same number of simple pages on the same machine in the same run. Absent Hugo, the
 * reference is reported as not measured rather than taken from elsewhere.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Hugo's pages per second for `pages` simple pages, or undefined when `hugo` is not installed. */
export function hugoPagesPerSecond(pages: number): { pagesPerSecond: number; seconds: number; version: string } | undefined {
  const version = spawnSync("hugo", ["version"], { encoding: "utf8" });
  if (version.status !== 0) return undefined;
  const site = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-bench-hugo-"));
  try {
    fs.writeFileSync(path.join(site, "hugo.toml"), 'baseURL = "https://mirror.example.org/"\ntitle = "Bench (fictional)"\ndisableKinds = ["taxonomy", "term"]\n');
    const layouts = path.join(site, "layouts", "_default");
    fs.mkdirSync(layouts, { recursive: true });
    const page = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n';
    fs.writeFileSync(path.join(layouts, "single.html"), page);
    fs.writeFileSync(path.join(layouts, "list.html"), '<!doctype html><html><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n');
    const content = path.join(site, "content", "people");
    fs.mkdirSync(content, { recursive: true });
    for (let i = 0; i < pages; i++) {
      fs.writeFileSync(path.join(content, `p${i}.md`), `---\ntitle: "Fictional person ${i}"\n---\nBorn 1330 (Solar Hijri), held in a prison, executed in the summer of 1367. A fictional record.\n`);
    }
    const started = performance.now();
    const r = spawnSync("hugo", ["--quiet", "--source", site, "--destination", path.join(site, "public")], { encoding: "utf8" });
    const seconds = (performance.now() - started) / 1000;
    if (r.status !== 0) throw new Error(`hugo failed: ${r.stderr}`);
    return { pagesPerSecond: pages / seconds, seconds, version: version.stdout.trim().split(" ")[1] ?? "hugo" };
  } finally {
    fs.rmSync(site, { recursive: true, force: true });
  }
}
