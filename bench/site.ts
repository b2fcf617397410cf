/**
 * Public site benchmark: requests/s and p99 latency of a warm article page beside a bare Node
 * `http` server sending the same bytes (same run, same machine, load from a separate autocannon
 * process), the article page's weight on the wire, the static export time of the demo, and the
 * time to bring that export up to date after one record changed (incremental, target < 2 s).
 *
 *   npm run bench:site [-- --victims N] [--duration S] [--with-images]
 */
import { hugoPagesPerSecond } from "./hugo.ts";
import { reportRow } from "./summary.ts";
import type { AddressInfo } from "node:net";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { ClaimCreateSchema, createClaims } from "../src/claims/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { openDatabase } from "../src/db/index.ts";
import { generateDemo } from "../src/demo/index.ts";
import { loadDemo } from "../src/demo-loader/index.ts";
import { createApp, startHttpServer } from "../src/server/index.ts";
import { routeModules } from "../src/server/index.ts";
import { setLogLevel } from "../src/shared/logger.ts";
import { systemViewer } from "../src/shared/viewer.ts";
import { exportSite, exportSiteRoutes } from "../src/site/index.ts";
import { CSS_PATH } from "../src/site/assets.ts";
import { SharePngPool } from "../src/site/share/png-pool.ts";
import { siteCard } from "../src/site/share/share-card.ts";
import { renderPng, shareSvg } from "../src/site/share/share-image.ts";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const victims = Number(arg("victims", "2000"));
const duration = Number(arg("duration", "5"));
const withImages = process.argv.includes("--with-images");

interface Load {
  rps: number;
  p99: number;
  p50: number;
  errors: number;
}

/** Runs autocannon in its own process (asynchronously: the servers under test live in this process). */
async function load(url: string): Promise<Load> {
  const bin = path.join(import.meta.dirname, "..", "node_modules", "autocannon", "autocannon.js");
  const child = spawn(process.execPath, [bin, "-j", "-c", "16", "-d", String(duration), url], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.on("close", r));
  if (code !== 0) throw new Error(`autocannon failed: ${stderr}`);
  const j = JSON.parse(stdout) as { requests: { average: number }; latency: { p99: number; p50: number }; errors: number; non2xx: number };
  return { rps: j.requests.average, p99: j.latency.p99, p50: j.latency.p50, errors: j.errors + j.non2xx };
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as { port: number }).port;
}

async function main() {
  setLogLevel("silent");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-bench-site-"));
  const config = loadConfig({ SABT_DATA_DIR: dataDir, SABT_PUBLIC_URL: "https://sabt.example.org", SABT_LOG_LEVEL: "silent" });
  const handle = await openDatabase(config);
  try {
    let t = Date.now();
    await loadDemo(handle.db, systemViewer("bench"), generateDemo({ victims }));
    console.log(`demo collection loaded (${victims} victims) in ${((Date.now() - t) / 1000).toFixed(1)} s; cores: ${os.availableParallelism()}`);

    const app = createApp({ db: handle.db, config }, routeModules());
    const articles = await (await app.request("/en/articles")).text();
    const articlePath = /href="(\/en\/articles\/[^"]+)"/.exec(articles)?.[1];
    if (!articlePath) throw new Error("no article found");

    // Page weight on the wire: the HTML and the one stylesheet, brotli as browsers ask for it.
    const br = { headers: { "Accept-Encoding": "br, gzip" } };
    const htmlBytes = (await (await app.request(articlePath, br)).arrayBuffer()).byteLength;
    const cssBytes = (await (await app.request(CSS_PATH, br)).arrayBuffer()).byteLength;
    const raw = new Uint8Array(await (await app.request(articlePath)).arrayBuffer());
    const weight = htmlBytes + cssBytes;
    console.log(`article page weight: ${weight} bytes (HTML ${htmlBytes} + CSS ${cssBytes}, brotli; ${raw.length} bytes uncompressed)   target ≤ 30720`);

    // In-process cost of a warm (cached) article page, without HTTP.
    t = performance.now();
    for (let i = 0; i < 500; i++) await (await app.request(articlePath)).arrayBuffer();
    console.log(`in-process warm article page: ${((performance.now() - t) / 500).toFixed(2)} ms per request`);

    // Throughput: Sabt's warm article page, then a bare Node server sending the same bytes.
    // Hono's own floor on this machine: the same server answering /healthz.
    // The same server `sabt serve` runs: Node http with the front cache for anonymous reads.
    const sabt = await startHttpServer(app, { port: 0, hostname: "127.0.0.1" });
    const sabtPort = (sabt.address() as AddressInfo).port;
    await fetch(`http://127.0.0.1:${sabtPort}${articlePath}`).then((r) => r.arrayBuffer());
    const s = await load(`http://127.0.0.1:${sabtPort}${articlePath}`);
    const floor = await load(`http://127.0.0.1:${sabtPort}/healthz`);
    sabt.close();
    const bare = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": raw.length });
      res.end(raw);
    });
    const barePort = await listen(bare);
    const b = await load(`http://127.0.0.1:${barePort}/`);
    bare.close();
    const ratio = s.rps / b.rps;
    console.log(`warm article page: ${Math.round(s.rps)} req/s, p50 ${s.p50} ms, p99 ${s.p99} ms, errors ${s.errors}`);
    console.log(`same server, GET /healthz (framework floor): ${Math.round(floor.rps)} req/s, p99 ${floor.p99} ms`);
    console.log(`bare Node http, same bytes: ${Math.round(b.rps)} req/s, p99 ${b.p99} ms`);
    console.log(`ratio: ${(ratio * 100).toFixed(0)} % of bare Node   target ≥ 50 %;  p99 ${s.p99} ms   target < 20 ms`);
    reportRow({
      work: "Warm article page over HTTP",
      sabt: `${Math.round(s.rps)} req/s, p99 ${s.p99} ms`,
      reference: `bare Node http, same bytes: ${Math.round(b.rps)} req/s`,
      ratio,
      target: "≥ 50 % of bare Node, p99 < 20 ms",
      holds: ratio >= 0.5 && s.p99 < 20,
    });

    // Static export of the whole public site, then again over it (nothing changed: files kept,
    // share images from the cache). Peak memory is the process's, demo load included.
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sabt-bench-export-")), "site");
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-bench-png-"));
    const peak = () => `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`;
    t = Date.now();
    // Mounted as `sabt export-site` mounts it: the site reading ahead in batches.
    // Each export records what its pages read (as `sabt export-site` does), so that the next renders only what changed.
    const stateFile = path.join(cacheDir, "export.graph");
    const exportOver = () => {
      const site = exportSiteRoutes(handle.db);
      const app = createApp({ db: handle.db, config }, routeModules(site.routes));
      return exportSite(app, out, config.publicUrl, { shareImages: withImages, imageCacheDir: cacheDir, db: handle.db, readAhead: site.readAhead, incremental: { ...site.tracking, stateFile } });
    };
    const rep = await exportOver();
    const exportS = (Date.now() - t) / 1000;
    const written = rep.files - rep.images.drawn - rep.images.cached;
    const hugo = hugoPagesPerSecond(10_000);
    reportRow({
      work: `sabt export-site of the demo (${victims} victims)`,
      sabt: `${written.toLocaleString("en")} files (no images) in ${exportS.toFixed(0)} s = ${Math.round(written / exportS)} files/s, ${peak()}`,
      reference: hugo ? `Hugo ${hugo.version}, 10,000 simple pages: ${Math.round(hugo.pagesPerSecond)} pages/s` : "Hugo not installed (apt install hugo)",
      ratio: hugo ? written / exportS / hugo.pagesPerSecond : undefined,
      target: "≥ Hugo's pages/s",
      holds: hugo ? written / exportS >= hugo.pagesPerSecond : undefined,
    });
    console.log(
      `static export${withImages ? ` with share images (${rep.images.drawn} drawn)` : " (pages, feeds, sitemaps; no PNG share images)"}: ${rep.files} files, ${Math.round(rep.bytes / 1024)} KiB in ${((Date.now() - t) / 1000).toFixed(1)} s, ${rep.missing.length} missing, ${peak()}`,
    );
    t = Date.now();
    const again = await exportOver();
    console.log(
      `static re-export over it, nothing changed: ${again.incremental?.pages ?? "all"} resources fetched, ${again.changes.changed.length} files changed, in ${((Date.now() - t) / 1000).toFixed(1)} s, ${peak()}`,
    );
    // One record edited (a birth date for a person), then the export brought up to date.
    const person = await handle.db.selectFrom("entity").select("id").where("type", "=", "person").where("visibility", "=", "public").orderBy("slug").offset(7).executeTakeFirstOrThrow();
    await handle.db.transaction().execute((trx) =>
      createClaims(trx, systemViewer("bench"), [
        ClaimCreateSchema.parse({ entityId: person.id, property: "birth_date", value: { type: "date", text: "1340", calendar: "jalali" }, sources: [], editorial: true, visibility: "public" }),
      ]),
    );
    t = Date.now();
    const edited = await exportOver();
    const editS = (Date.now() - t) / 1000;
    reportRow({
      work: "sabt export-site after one changed record (incremental)",
      sabt: `${editS.toFixed(2)} s: ${edited.incremental?.pages ?? "all"} of ${edited.incremental?.of ?? rep.files} pages and images rendered, ${edited.changes.changed.length} files changed, search index brought up to date`,
      reference: `the full export above: ${exportS.toFixed(0)} s`,
      ratio: exportS / editS,
      target: "< 2 s",
      holds: editS < 2,
    });
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
    t = Date.now();
    const n = 20;
    for (let i = 0; i < n; i++) renderPng(shareSvg({ ...siteCard(i % 2 ? "fa" : "en", { fictional: true }), title: `Share card ${i}` }));
    console.log(`share image (PNG) render: ${((Date.now() - t) / n).toFixed(0)} ms each (then cached)`);
    await poolFigures();
  } finally {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The export's drawing threads on a run of distinct cards: time per card and how far the process's
 * memory grows (each card's 3 MB pixmap must be freed as it is drawn, not kept per thread).
 */
async function poolFigures() {
  const cards = 400;
  const pool = new SharePngPool({ threads: os.availableParallelism() });
  const before = process.memoryUsage().rss;
  let peak = before;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t = Date.now();
  try {
    await Promise.all(Array.from({ length: cards }, (_, i) => pool.render(shareSvg({ ...siteCard(i % 2 ? "fa" : "en", { fictional: true }), title: `Pool card ${i}` }))));
  } finally {
    clearInterval(sample);
    await pool.close();
  }
  const grew = Math.round((peak - before) / 2 ** 20);
  console.log(`share images in the export's threads (${pool.threadsStarted} started): ${cards} cards in ${((Date.now() - t) / 1000).toFixed(1)} s = ${((Date.now() - t) / cards).toFixed(1)} ms each; memory grew by ${grew} MiB (it must not grow with their number: 80–90 MiB measured for 400 and for 1,200)`);
}

await main();
