import type { Db } from "../db/index.ts";
import { addDerivedItem, storeItem } from "./archive.service.ts";
import type { BlobStore } from "./blob-store.ts";
import type { CaptureResult } from "./capture.ts";
import { inspectFile } from "./inspect.ts";
import { packageVersion, SABT_VERSION } from "./tool-version.ts";

/** The kinds of files a web capture produces. */
export type ArtifactKind = "warc" | "screenshot" | "pdf" | "html" | "text";

/** One archived artifact of a capture. */
export interface CaptureArtifact {
  kind: ArtifactKind;
  itemId: string;
  sha256: string;
  size: number;
}

/**
 * Archives a capture: the WARC is the web_capture item (the evidence as received from the
 * server); screenshot, PDF, final HTML and main text are derived items linked to it. Capture
 * facts (status, headers, TLS, server address, language, browser) go into its metadata, with the
 * id of the job that made it when a job did (so that the job's next attempt can find it).
 */
export async function ingestCapture(
  db: Db,
  store: BlobStore,
  c: CaptureResult,
  actor: string,
  options: { jobId?: string } = {},
): Promise<{ id: string; artifacts: CaptureArtifact[] }> {
  const host = new URL(c.url).hostname.replace(/[^a-z0-9.-]/gi, "_");
  const stamp = c.startedAt.toISOString().replace(/[-:]/g, "").slice(0, 15);
  const tool = `sabt-capture (playwright-core ${packageVersion("playwright-core")}, ${c.browser})`;
  const staged = await store.stage(c.warc);
  const inspection = await inspectFile(staged.path, staged.size, { declaredType: "application/warc" });
  const warcItem = await storeItem(
    db,
    store,
    staged,
    inspection,
    {
      filename: `${host}-${stamp}.warc`,
      declaredType: "application/warc",
      title: c.title || c.url,
      provenance: {
        sourceUrl: c.url,
        tool,
        toolVersion: SABT_VERSION,
        collectedAt: c.startedAt.toISOString(),
      },
      metadata: {
        capture: {
          url: c.url,
          finalUrl: c.finalUrl,
          status: c.status,
          startedAt: c.startedAt.toISOString(),
          finishedAt: c.finishedAt.toISOString(),
          title: c.title,
          headers: c.headers,
          remoteAddress: c.remoteAddress,
          tls: c.tls,
          language: c.language,
          resources: c.resources,
          browser: c.browser,
          userAgent: c.userAgent,
          ...(options.jobId ? { jobId: options.jobId } : {}),
        },
      },
    },
    actor,
    { kind: "web_capture" },
  );
  const artifacts: CaptureArtifact[] = [
    { kind: "warc", itemId: warcItem.id, sha256: warcItem.sha256, size: warcItem.size },
  ];
  const derived: [ArtifactKind, Buffer, string, string][] = [
    ["screenshot", c.screenshot, "png", "image/png"],
    ["pdf", c.pdf, "pdf", "application/pdf"],
    ["html", Buffer.from(c.html, "utf8"), "html", "text/html"],
    ["text", Buffer.from(c.text, "utf8"), "txt", "text/plain"],
  ];
  for (const [kind, bytes, ext, type] of derived) {
    const item = await addDerivedItem(
      db,
      store,
      warcItem.id,
      { bytes },
      {
        derivation: kind,
        filename: `${host}-${stamp}.${ext}`,
        declaredType: type,
        tool,
        toolVersion: SABT_VERSION,
        metadata: kind === "text" ? { language: c.language } : {},
        provenance: { sourceUrl: c.url, collectedAt: c.startedAt.toISOString() },
      },
      actor,
    );
    artifacts.push({ kind, itemId: item.id, sha256: item.sha256, size: item.size });
  }
  return { id: warcItem.id, artifacts };
}
