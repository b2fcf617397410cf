import fs from "node:fs";
import type { Command } from "commander";
import { z } from "zod";
import type { BlobStore, StoreCopyResult } from "../../archive/index.ts";
import type { Config, S3Options } from "../../config/index.ts";
import { validationError } from "../../shared/errors.ts";
import { actorName } from "../../shared/viewer.ts";
import { commandConfig, withDatabase } from "../context.ts";
import { print, printError, printJson, progress } from "../output.ts";

// The archive (Chromium driver, pdf.js, PKI) loads only when an archive command runs, so that
// every other `sabt` command starts fast.
const archiveModule = () => import("../../archive/index.ts");

/** The configured blob store (filesystem under SABT_DATA_DIR/blobs, or S3 per SABT_BLOB_BACKEND). */
export async function cliBlobStore(config: Config): Promise<BlobStore> {
  const { openBlobStore } = await archiveModule();
  return openBlobStore(config.blobStore);
}

/** Registers `sabt archive add|capture|timestamp|timestamp-verify|wacz|verify|copy-store`. */
export function register(program: Command): void {
  const archive = program
    .command("archive")
    .description("The evidence archive: files, web captures, fixity and custody");

  registerAddCommand(archive);

  registerCaptureCommand(archive);

  registerTimestampCommand(archive);

  registerTimestampVerifyCommand(archive);

  registerWaczCommand(archive);

  registerVerifyCommand(archive);

  registerCopyStoreCommand(archive);
}

/** Registers `add`. */
function registerAddCommand(archive: Command): void {
  archive
    .command("add")
    .description(
      "Archive a file: stored unchanged by SHA-256, type sniffed from its bytes, custody log started",
    )
    .argument("<file>", "file to archive")
    .option("--title <title>", "a title for the item")
    .option("--source-url <url>", "where the file came from")
    .option("--source-person <name>", "who handed it over")
    .option("--source-device <device>", "the device it was recorded or collected on")
    .option("--json", "print the result as JSON")
    .action(
      async (
        file: string,
        opts: {
          title?: string;
          sourceUrl?: string;
          sourcePerson?: string;
          sourceDevice?: string;
          json?: boolean;
        },
      ) => {
        if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
          throw validationError(`file: ${file} is not a readable file`);
        }
        if (opts.sourceUrl !== undefined && !URL.canParse(opts.sourceUrl)) {
          throw validationError("--source-url: not a URL");
        }
        const { ingestFile, addPdfText } = await archiveModule();
        await withDatabase(async ({ config, handle, viewer }) => {
          const store = await cliBlobStore(config);
          const item = await ingestFile(
            handle.db,
            store,
            { path: file },
            {
              filename: file,
              title: opts.title,
              provenance: {
                sourceUrl: opts.sourceUrl,
                sourcePerson: opts.sourcePerson,
                sourceDevice: opts.sourceDevice,
              },
            },
            actorName(viewer),
          );
          if (item.mediaType === "application/pdf" && !item.hazards.includes("compression_bomb")) {
            await addPdfText(handle.db, store, item.id, actorName(viewer));
          }
          if (opts.json) {
            printJson({ id: item.id, sha256: item.sha256, size: item.size });
          } else {
            print(`archived ${item.id}`);
            print(`  sha256 ${item.sha256}  ${item.size} bytes  ${item.mediaType}`);
            if (item.hazards.length > 0) print(`  hazards: ${item.hazards.join(", ")} (never served inline)`);
          }
        });
      },
    );
}

/** Registers `capture`. */
function registerCaptureCommand(archive: Command): void {
  archive
    .command("capture")
    .description("Capture a web page with headless Chromium: WARC, screenshot, PDF, HTML, text and language")
    .argument("<url>", "http(s) URL to capture")
    .option("--chromium <path>", "Chromium executable", "/usr/bin/chromium")
    .option("--timeout <seconds>", "page load timeout", "60")
    .option(
      "--allow-private-network",
      "also capture loopback and private addresses (a page on your own network or a local test server); never possible from the web",
    )
    .option("--json", "print the result as JSON")
    .action(
      async (
        url: string,
        opts: { chromium: string; timeout: string; allowPrivateNetwork?: boolean; json?: boolean },
      ) => {
        if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw validationError("url: an http(s) URL");
        const timeoutMs = Number(opts.timeout) * 1000;
        if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
          throw validationError("--timeout: seconds, a positive number");
        }
        const { captureUrl, ingestCapture } = await archiveModule();
        await withDatabase(async ({ config, handle, viewer }) => {
          // Only an operator at the terminal may reach private addresses: the web capture never passes this.
          const capture = await captureUrl(url, {
            executablePath: opts.chromium,
            timeoutMs,
            allowPrivateNetwork: opts.allowPrivateNetwork === true,
          });
          const result = await ingestCapture(
            handle.db,
            await cliBlobStore(config),
            capture,
            actorName(viewer),
          );
          if (opts.json) {
            printJson({
              id: result.id,
              artifacts: result.artifacts.map((a) => ({ kind: a.kind, sha256: a.sha256 })),
            });
          } else {
            print(`captured ${url} as ${result.id} (language: ${capture.language.language})`);
            for (const a of result.artifacts) print(`  ${a.kind.padEnd(10)} ${a.sha256}  ${a.itemId}`);
          }
        });
      },
    );
}

/** Registers `timestamp`. */
function registerTimestampCommand(archive: Command): void {
  archive
    .command("timestamp")
    .description("Request RFC 3161 timestamps for items' SHA-256 from one or more timestamp authorities")
    .argument("<ids...>", "archive item ids")
    .requiredOption("--tsa <url...>", "timestamp authority URL(s)")
    .option("--json", "print the result as JSON")
    .action(async (ids: string[], opts: { tsa: string[]; json?: boolean }) => {
      const { timestampItem } = await archiveModule();
      await withDatabase(async ({ handle, viewer }) => {
        const out = [];
        for (const id of ids) out.push(...(await timestampItem(handle.db, id, opts.tsa, actorName(viewer))));
        if (opts.json) printJson(out);
        else for (const t of out) print(`${t.itemId}: ${t.tsaUrl} ${t.genTime} serial ${t.serial}`);
      });
    });
}

/** Reads the PEM trust anchors a `--trust` option names, refusing a missing or non-PEM file. */
function readTrustAnchors(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let pem: string;
  try {
    pem = fs.readFileSync(file, "utf8");
  } catch {
    throw validationError(`--trust: cannot read ${file}`);
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw validationError(`--trust: ${file} holds no PEM certificate`);
  return pem;
}

/**
 * Registers `timestamp-verify`: checks every stored RFC 3161 token of the items offline (the
 * token's signature, the hash it names against the item's SHA-256, and with `--trust` the
 * signer's chain to the given authorities), so that an archive's timestamps can be checked years
 * later without the authority being reachable.
 */
function registerTimestampVerifyCommand(archive: Command): void {
  archive
    .command("timestamp-verify")
    .description("Verify the stored RFC 3161 timestamps of items offline, against the items' SHA-256")
    .argument("<ids...>", "archive item ids")
    .option("--trust <file>", "PEM file of the timestamp authorities' CA certificates to trust")
    .option("--json", "print the result as JSON")
    .action(async (ids: string[], opts: { trust?: string; json?: boolean }) => {
      const trustedPem = readTrustAnchors(opts.trust);
      const { verifyItemTimestamps } = await archiveModule();
      await withDatabase(async ({ handle }) => {
        const out = [];
        for (const id of ids) out.push({ itemId: id, timestamps: await verifyItemTimestamps(handle.db, id, trustedPem) });
        const failed = out.filter((o) => o.timestamps.length === 0 || o.timestamps.some((t) => !t.ok));
        if (opts.json) printJson(out);
        else {
          for (const o of out) {
            if (o.timestamps.length === 0) print(`${o.itemId}: no stored timestamp`);
            for (const t of o.timestamps) {
              const when = t.genTime ? t.genTime.toISOString() : "?";
              const chain = trustedPem ? (t.chainTrusted ? ", chain trusted" : ", chain NOT trusted") : "";
              print(`${o.itemId}: ${t.tsaUrl} ${when} ${t.ok ? "verified" : "FAILED"}${chain}${t.problems.length ? ` (${t.problems.join("; ")})` : ""}`);
            }
          }
        }
        if (failed.length > 0) process.exitCode = 1;
      });
    });
}

/** Registers `wacz`. */
function registerWaczCommand(archive: Command): void {
  archive
    .command("wacz")
    .description("Export a web capture as a WACZ file")
    .argument("<id>", "web capture item id")
    .requiredOption("--out <file>", "WACZ file to write")
    .action(async (id: string, opts: { out: string }) => {
      const { writeWacz } = await archiveModule();
      await withDatabase(async ({ config, handle, viewer }) => {
        await writeWacz(handle.db, await cliBlobStore(config), id, opts.out, actorName(viewer));
        print(`wrote ${opts.out}`);
      });
    });
}

/** Registers `verify`. */
function registerVerifyCommand(archive: Command): void {
  archive
    .command("verify")
    .description("Re-hash every stored file and check every custody chain")
    .option("--json", "print the result as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { verifyArchive } = await archiveModule();
      await withDatabase(async ({ config, handle }) => {
        const bar = progress("verifying", 0, Boolean(opts.json));
        const result = await verifyArchive(handle.db, await cliBlobStore(config), (done) => bar.update(done));
        bar.done();
        if (opts.json) printJson(result);
        else {
          print(`${result.checked} items checked, ${result.problems.length} problems`);
          for (const p of result.problems) print(`  ${p.itemId} [${p.kind}] ${p.message}`);
        }
        if (!result.ok) process.exitCode = 1;
      });
    });
}

const CopyStoreOptions = z.object({
  to: z.enum(["s3"], { error: "the store to copy to: s3 (the only one besides the files on disk)" }),
  json: z.boolean().optional(),
});

/** How the audit entry and the summary name the bucket: address, bucket and prefix, no credentials. */
function s3Name(s3: S3Options): string {
  return `s3://${new URL(s3.endpoint).host}/${s3.bucket}/${s3.prefix ?? ""}`;
}

/** Registers `copy-store`. */
function registerCopyStoreCommand(archive: Command): void {
  archive
    .command("copy-store")
    .description(
      "Copy every stored file from SABT_DATA_DIR/blobs to the S3 bucket named by SABT_S3_*, verifying each copy by its SHA-256; run it again to resume",
    )
    .requiredOption("--to <store>", "where to copy: s3")
    .option("--json", "print the summary as JSON")
    .action(async (raw: { to: string; json?: boolean }) => {
      const parsed = CopyStoreOptions.safeParse(raw);
      if (!parsed.success) throw validationError(`--${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`);
      const opts = parsed.data;
      // Checked before the database is opened: a missing setting changes nothing anywhere.
      const config = commandConfig();
      const s3 = config.s3;
      if (!s3) {
        throw validationError(
          "--to s3: set SABT_S3_ENDPOINT, SABT_S3_BUCKET, SABT_S3_ACCESS_KEY_ID and SABT_S3_SECRET_ACCESS_KEY to the bucket to copy to",
        );
      }
      const { copyBlobStore, openBlobStore } = await archiveModule();
      await withDatabase(
        async ({ handle, viewer, signal }) => {
          const target = s3Name(s3);
          const bar = progress("copying stored files", 0, Boolean(opts.json) && !process.stderr.isTTY);
          const result = await copyBlobStore(
            handle.db,
            openBlobStore({ backend: "fs", dataDir: config.dataDir }),
            openBlobStore({ backend: "s3", ...s3 }),
            { actor: actorName(viewer), targetName: target, signal, onProgress: (done, total) => bar.update(done, total) },
          );
          bar.done();
          printCopySummary(result, target, Boolean(opts.json));
          if (result.interrupted) process.exitCode = 130;
          else if (result.failed.length > 0) process.exitCode = 3;
        },
        { config, open: { mustExist: true } },
      );
    });
}

/** The summary of a copy: counts on stdout (or JSON), each failed file on stderr. */
function printCopySummary(r: StoreCopyResult, target: string, json: boolean): void {
  if (json) printJson({ to: "s3", target, ...r });
  for (const f of r.failed) printError(`FAILED ${f.sha256}: ${f.reason}`);
  if (!json) {
    print(`${r.copied} copied (${r.bytes} bytes), ${r.alreadyPresent} already present, ${r.failed.length} failed, of ${r.total} stored files in ${target}`);
  }
  if (r.interrupted) {
    printError("Interrupted: run the same command again to continue (files already copied are verified, not sent again).");
  } else if (r.failed.length > 0) {
    printError(`${r.failed.length} stored file(s) are not in ${target} intact: keep SABT_BLOB_BACKEND=fs until they are.`);
  } else if (!json) {
    print("every stored file is in the bucket and verified: set SABT_BLOB_BACKEND=s3, then run `sabt verify`");
  }
}
