import dns from "node:dns/promises";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { SabtError } from "../shared/errors.ts";
import { detectLanguage, type DetectedLanguage } from "./language.ts";
import { extractMainText } from "./main-text.ts";
import { buildCaptureWarc, type Exchange } from "./capture-warc.ts";

/** Options of a web capture (config: SABT_CHROMIUM_PATH, SABT_CAPTURE_TIMEOUT_S). */
export interface CaptureOptions {
  executablePath?: string;
  timeoutMs?: number;
  viewport?: { width: number; height: number };
  /** Allow loopback and private addresses (tests, intranet captures). Off by default: a capture
   * request must not become a way to read Sabt's own network. */
  allowPrivateNetwork?: boolean;
  /** Largest response body kept in the WARC; bigger bodies are recorded truncated and flagged. */
  maxResourceBytes?: number;
}

/** TLS details of the main document's connection, where the browser exposes them. */
export interface TlsDetails {
  protocol?: string | undefined;
  subjectName?: string | undefined;
  issuer?: string | undefined;
  validFrom?: string | undefined;
  validTo?: string | undefined;
}

/** Everything one capture produced, before it is archived. */
export interface CaptureResult {
  url: string;
  finalUrl: string;
  status: number | null;
  startedAt: Date;
  finishedAt: Date;
  title: string;
  warc: Buffer;
  screenshot: Buffer;
  pdf: Buffer;
  html: string;
  text: string;
  language: DetectedLanguage;
  headers: { name: string; value: string }[];
  remoteAddress: string | null;
  tls: TlsDetails | null;
  resources: number;
  browser: string;
  userAgent: string;
}

/** Debian's Chromium, and the flags that keep a capture from phoning home. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** True for loopback, private, link-local and other non-public addresses. */
export function isPrivateAddress(ip: string): boolean {
  if (net.isIPv4(ip)) {
    const [a = 0, b = 0] = ip.split(".").map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  const v = ip.toLowerCase();
  if (v.startsWith("::ffff:")) return isPrivateAddress(v.slice(7));
  return v === "::1" || v === "::" || v.startsWith("fc") || v.startsWith("fd") || v.startsWith("fe80");
}

async function hostIsPrivate(hostname: string): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) return isPrivateAddress(host);
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  try {
    return (await dns.lookup(host, { all: true })).some((a) => isPrivateAddress(a.address));
  } catch {
    return false;
  }
}

/**
 * Captures a URL with headless Chromium (a fresh profile each time): a WARC 1.1 of every request
 * and response the page made, a full-page PNG screenshot, a PDF print, the final HTML, the main
 * text (Readability) and its language, the main response's headers, server address and TLS details.
 * @throws SabtError validation_failed for a non-http(s) or (by default) private-network URL.
 * @example const c = await captureUrl("https://example.org/report", { timeoutMs: 60_000 });
 */
export async function captureUrl(url: string, options: CaptureOptions = {}): Promise<CaptureResult> {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new SabtError("validation_failed", "url: only http(s) pages can be captured");
  }
  if (!options.allowPrivateNetwork && (await hostIsPrivate(target.hostname))) {
    throw new SabtError("validation_failed", "url: private and loopback addresses are not captured (an operator at the terminal can: sabt archive capture URL --allow-private-network)");
  }
  const timeout = options.timeoutMs ?? 60_000;
  const maxBody = options.maxResourceBytes ?? 100 * 1024 ** 2;
  // Loaded on first capture only: every other user of the archive module starts without the driver.
  const { chromium } = await import("playwright-core");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: options.executablePath ?? DEFAULT_CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    serviceWorkers: "block",
    acceptDownloads: false,
    ignoreHTTPSErrors: false,
    timeout,
  });
  const exchanges: Exchange[] = [];
  const pending: Promise<void>[] = [];
  try {
    // Every subresource is checked too: a public page must not pull Sabt's internal services into the archive.
    await context.route("**/*", async (route) => {
      const u = new URL(route.request().url());
      if (u.protocol === "data:" || u.protocol === "blob:") return route.continue();
      if (u.protocol !== "http:" && u.protocol !== "https:") return route.abort("blockedbyclient");
      if (!options.allowPrivateNetwork && (await hostIsPrivate(u.hostname))) {
        return route.abort("blockedbyclient");
      }
      return route.continue();
    });
    const record = (request: Exchange["request"], failed: boolean) => {
      const ex: Exchange = { request, response: null, at: new Date(), body: null, truncated: false };
      exchanges.push(ex);
      if (failed) return;
      pending.push(
        (async () => {
          ex.response = await request.response();
          if (!ex.response) return;
          try {
            const body = await ex.response.body();
            ex.truncated = body.length > maxBody;
            ex.body = ex.truncated ? body.subarray(0, maxBody) : body;
          } catch {
            ex.body = null; // Redirects and aborted loads have no body.
          }
        })(),
      );
    };
    context.on("requestfinished", (r) => record(r, false));
    context.on("requestfailed", (r) => record(r, true));

    const page = context.pages()[0] ?? (await context.newPage());
    const startedAt = new Date();
    const main = await page.goto(url, { waitUntil: "load", timeout });
    await page.waitForLoadState("networkidle", { timeout: Math.min(10_000, timeout) }).catch(() => undefined);
    await autoScroll(page);
    const html = await page.content();
    const title = await page.title();
    const screenshot = await page.screenshot({ fullPage: true, type: "png", timeout });
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ printBackground: true, format: "A4" });
    const finalUrl = page.url();
    await Promise.allSettled(pending);
    const finishedAt = new Date();

    const { text } = await extractMainText(html);
    const headers = main ? await main.headersArray() : [];
    const sec = main ? await main.securityDetails() : null;
    const addr = main ? await main.serverAddr() : null;
    const browser = `Chromium ${context.browser()?.version() ?? "unknown"}`;
    const userAgent = await page.evaluate(() => navigator.userAgent);
    const warc = await buildCaptureWarc(exchanges, { url, startedAt, browser, userAgent });
    return {
      url,
      finalUrl,
      status: main?.status() ?? null,
      startedAt,
      finishedAt,
      title,
      warc,
      screenshot,
      pdf,
      html,
      text,
      language: detectLanguage(text),
      headers,
      remoteAddress: addr ? `${addr.ipAddress}:${addr.port}` : null,
      tls: sec
        ? {
            protocol: sec.protocol,
            subjectName: sec.subjectName,
            issuer: sec.issuer,
            validFrom: iso(sec.validFrom),
            validTo: iso(sec.validTo),
          }
        : null,
      resources: exchanges.length,
      browser,
      userAgent,
    };
  } finally {
    await context.close().catch(() => undefined);
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

function iso(seconds: number | undefined): string | undefined {
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
}

async function autoScroll(page: Page): Promise<void> {
  // Lazy-loaded images appear only when scrolled into view; bounded so endless feeds end.
  await page
    .evaluate(async () => {
      for (let i = 0; i < 30 && window.scrollY + window.innerHeight < document.body.scrollHeight; i++) {
        window.scrollBy(0, window.innerHeight);
        await new Promise((r) => setTimeout(r, 100));
      }
      window.scrollTo(0, 0);
    })
    .catch(() => undefined);
}
