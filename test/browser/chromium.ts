/**
 * Debian's headless Chromium for browser tests, driven by playwright-core (no browser download:
 * `apt-get install chromium`). Tests skip with a clear message only when it is absent.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import type { App } from "../../src/http/index.ts";

/** Where Debian installs Chromium. */
export const CHROMIUM = "/usr/bin/chromium";
/** True when Chromium is installed. */
export const hasChromium = fs.existsSync(CHROMIUM);
/** Why browser tests were skipped, printed by the suites. */
export const SKIP_REASON = `browser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`;

/** Launches headless Chromium with the flags that keep it from calling home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Serves an app on a free loopback port; returns its origin and a stop function. */
export async function serveApp(makeApp: (origin: string) => App): Promise<{ origin: string; stop(): Promise<void> }> {
  const holder: { app?: App } = {};
  const server = serve({ fetch: (req, env) => holder.app!.fetch(req, env), port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  holder.app = makeApp(origin);
  return { origin, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core in the page (evaluated over the DevTools protocol, so the page's strict CSP
 * neither blocks it nor reports it) and returns its violations as readable lines.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))})`);
  });
}

/**
 * Arms a page to record what an injection would do: CSP violation events and a flag that the
 * payloads set if any of them ever runs. Installed over DevTools, so CSP does not block it.
 */
export async function armInjectionProbes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[]; __pwned: number };
    w.__violations = [];
    w.__pwned = 0;
    document.addEventListener("securitypolicyviolation", (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

/** What the probes saw on the current page. */
export async function injectionEvidence(page: Page): Promise<{ violations: string[]; pwned: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { __violations: string[]; __pwned: number };
    return { violations: w.__violations, pwned: w.__pwned };
  });
}

/** Script-injection payloads: each would set `window.__pwned` (or open a dialog) if it ever ran. */
export const PAYLOADS = [
  `<script>window.__pwned=1</script>`,
  `"><img src=x onerror="window.__pwned=2">`,
  `'><svg onload=window.__pwned=3>`,
  `</textarea><script>alert(4)</script>`,
  `javascript:window.__pwned=5`,
  `<a href="javascript:alert(6)">x</a>`,
  `{{constructor.constructor('window.__pwned=7')()}}`,
  `<iframe srcdoc="<script>parent.__pwned=8</script>"></iframe>`,
  `<style>@import 'http://evil.example/x.css';</style>`,
  `<meta http-equiv="refresh" content="0;url=http://evil.example">`,
  `\u202E<b onmouseover=alert(9)>`,
];

/**
 * Adds what is wrong with the page now to `problems`: an injection payload that ran, a CSP
 * violation reported, an axe-core violation; each line starts with the page's label.
 */
export async function checkPage(page: Page, label: string, problems: string[]): Promise<void> {
  const ev = await injectionEvidence(page);
  if (ev.pwned) problems.push(`${label}: payload ran (${ev.pwned})`);
  if (ev.violations.length) problems.push(`${label}: CSP violations ${ev.violations.join(", ")}`);
  for (const v of await axeViolations(page)) problems.push(`${label}: axe ${v}`);
}
