import fs from "node:fs";
import type { Command } from "commander";
import type { BlobStore } from "../../archive/index.ts";
import type { Config } from "../../config/index.ts";
import { validationError } from "../../shared/errors.ts";
import { actorName } from "../../shared/viewer.ts";
import { withDatabase } from "../context.ts";
import { print, printJson, progress } from "../output.ts";

// The archive (Chromium driver, pdf.js, PKI) loads only when an archive command runs, so that
// every other `sabt` command starts fast.
const archiveModule = () => import("../../archive/index.ts");

/** The configured blob store (filesystem under SABT_DATA_DIR/blobs, or S3 per SABT_BLOB_BACKEND). */
export async function cliBlobStore(config: Config): Promise<BlobStore> {
  const { openBlobStore } = await archiveModule();
  return openBlobStore(config.blobStore);
}

/** Registers `sabt archive add|capture|timestamp|wacz|verify`. */
export function register(program: Command): void {
  const archive = program
    .command("archive")
    .description("The evidence archive: files, web captures, fixity and custody");

  registerAddCommand(archive);

  registerCaptureCommand(archive);

  registerTimestampCommand(archive);

  registerWaczCommand(archive);

  registerVerifyCommand(archive);
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
