/**
 * The evidence pages' browser files, all served by Sabt itself (the CSP allows only 'self'): the
 * pdf.js build and its worker from the `pdfjs-dist` package, at versioned addresses cached for a
 * year; the text-layer stylesheet; and our own small module that drives pdf.js, shows upload
 * progress and fills the citation form from a selection. Every page works without them.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { App } from "../http/index.ts";

const require = createRequire(import.meta.url);
const PDFJS_VERSION = (require("pdfjs-dist/package.json") as { version: string }).version;

/** Where the pdf.js library is served (versioned, so a year of caching is safe). */
export const PDFJS_LIB = `/team/assets/pdfjs/${PDFJS_VERSION}/pdf.min.mjs`;
/** Where the pdf.js worker is served. */
export const PDFJS_WORKER = `/team/assets/pdfjs/${PDFJS_VERSION}/pdf.worker.min.mjs`;
/** Our own module for the evidence pages. */
export const EVIDENCE_JS = "/team/assets/evidence.js";
/** The text-layer and page styles of the PDF viewer. */
export const EVIDENCE_CSS = "/team/assets/evidence.css";

/**
 * The rules pdf.js's text layer needs (after its `web/pdf_viewer.css`): transparent text laid
 * exactly over the canvas so that it can be selected, sized by `--scale-factor` (set by our script).
 */
const CSS = `
.pdf-pages{display:flex;flex-direction:column;gap:1rem;align-items:flex-start;overflow-x:auto}
.pdf-page{position:relative;border:1px solid var(--line,#c8c8c8);direction:ltr;--user-unit:1;--total-scale-factor:calc(var(--scale-factor) * var(--user-unit));--scale-round-x:1px;--scale-round-y:1px}
.pdf-page canvas{display:block}
.textLayer{position:absolute;text-align:initial;inset:0;overflow:clip;opacity:1;line-height:1;text-size-adjust:none;forced-color-adjust:none;transform-origin:0 0;caret-color:CanvasText;z-index:0}
.textLayer :is(span,br){color:transparent;position:absolute;white-space:pre;cursor:text;transform-origin:0% 0%}
.textLayer > :not(.markedContent),.textLayer .markedContent span:not(.markedContent){z-index:1}
.textLayer span.markedContent{top:0;height:0}
.textLayer ::selection{background:rgba(0 0 255 / .25)}
.textLayer br::selection{background:transparent}
.textLayer .endOfContent{display:block;position:absolute;inset:100% 0 0;z-index:0;cursor:default;user-select:none}
.textLayer.selecting .endOfContent{top:0}
.hiddenCanvasElement{position:absolute;top:0;left:0;width:0;height:0;display:none}
.page-text{margin-block-end:1rem}
.cite-form textarea{min-height:5rem}
`;

/**
 * Our module. Upload: names a file over the limit at once, else posts the form with XMLHttpRequest so that a <progress> shows the bytes sent,
 * then follows the server's answer (the list, or the form again with its messages). Viewer: renders
 * each page with pdf.js (eval off) on a canvas with a selectable text layer. Citation: remembers the
 * last selection inside the document (with its page) and copies it into the citation form.
 */
const JS = `
const $ = (id) => document.getElementById(id);

function upload(form) {
  const bar = $("upload-progress"), status = $("upload-status"), button = form.querySelector("button[type=submit]");
  const failed = () => { status.textContent = form.dataset.failed; bar.hidden = true; button.disabled = false; };
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100); });
  xhr.addEventListener("load", () => {
    if (xhr.status === 200 && xhr.responseURL) { window.location.assign(xhr.responseURL); return; }
    if (xhr.status === 400) {
      const fresh = new DOMParser().parseFromString(xhr.responseText, "text/html").getElementById("upload-section");
      const old = $("upload-section");
      if (fresh && old) { old.replaceWith(document.importNode(fresh, true)); const f = $("upload-files"); if (f) f.focus(); return; }
    }
    failed();
  });
  xhr.addEventListener("error", failed);
  bar.hidden = false; bar.value = 0; status.textContent = form.dataset.uploading; button.disabled = true;
  xhr.send(new FormData(form));
}

document.addEventListener("submit", (ev) => {
  const form = ev.target;
  if (!(form instanceof HTMLFormElement) || form.id !== "upload-form" || !window.FormData) return;
  ev.preventDefault();
  // A file over the limit is named at once, before its bytes are sent (the server checks again).
  const max = Number(form.dataset.maxBytes);
  const big = Array.from($("upload-files").files || []).filter((f) => f.size > max);
  if (big.length > 0) { $("upload-status").textContent = big.map((f) => form.dataset.tooLarge.replace("{name}", f.name)).join(" "); return; }
  upload(form);
});

async function renderPdf(box) {
  const status = box.querySelector(".pdf-status"), pages = box.querySelector(".pdf-pages");
  status.hidden = false;
  try {
    const pdfjs = await import(box.dataset.lib);
    pdfjs.GlobalWorkerOptions.workerSrc = box.dataset.worker;
    const doc = await pdfjs.getDocument({ url: box.dataset.src, isEvalSupported: false, enableXfa: false }).promise;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const scale = Math.max(0.5, Math.min(2, ((box.clientWidth || 800) - 4) / base.width));
      const viewport = page.getViewport({ scale });
      const wrap = document.createElement("div");
      wrap.className = "pdf-page";
      wrap.dataset.page = String(n);
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", box.dataset.pageLabel.replace("{page}", String(n)));
      wrap.style.setProperty("--scale-factor", String(scale));
      wrap.style.width = viewport.width + "px";
      wrap.style.height = viewport.height + "px";
      const ratio = window.devicePixelRatio || 1;
      const canvas = document.createElement("canvas");
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = viewport.width + "px";
      canvas.style.height = viewport.height + "px";
      canvas.setAttribute("aria-hidden", "true");
      const text = document.createElement("div");
      text.className = "textLayer";
      wrap.append(canvas, text);
      pages.append(wrap);
      await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;
      await new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
    }
    // The text layer measures glyphs on a canvas it adds to <body>: removed once every page is laid out.
    if (pdfjs.TextLayer.cleanup) pdfjs.TextLayer.cleanup();
    status.hidden = true;
    box.dataset.rendered = String(doc.numPages);
  } catch (e) {
    status.textContent = box.dataset.failed;
  }
}

const box = $("pdf-viewer");
if (box) renderPdf(box);

let chosen = null;
document.addEventListener("selectionchange", () => {
  const sel = window.getSelection();
  const text = sel ? sel.toString().replace(/\\s+/g, " ").trim() : "";
  if (!text || !sel.anchorNode) return;
  const el = sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement;
  const page = el && el.closest("[data-page]");
  if (!page || !el.closest("#document")) return;
  chosen = { text: text.slice(0, 2000), page: page.dataset.page };
});

const cite = $("cite-selection");
if (cite) {
  cite.hidden = false;
  cite.addEventListener("click", () => {
    const note = $("cite-selection-status");
    if (!chosen) { note.textContent = cite.dataset.empty; return; }
    $("cite-quote").value = chosen.text;
    $("cite-page").value = chosen.page;
    note.textContent = "";
    $("cite-entity").focus();
  });
}
`;

let pdfjsFiles: Map<string, string> | undefined;

/** The two pdf.js files, read once from the installed package on first use. */
function pdfjsFile(name: string): string | undefined {
  pdfjsFiles ??= new Map(
    ["pdf.min.mjs", "pdf.worker.min.mjs"].map((f) => [f, fs.readFileSync(require.resolve(`pdfjs-dist/build/${f}`), "utf8")]),
  );
  return pdfjsFiles.get(name);
}

/** Registers the routes of the evidence pages' files. */
export function registerEvidenceAssets(app: App): void {
  app.get(EVIDENCE_JS, (c) => c.body(JS, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" }));
  app.get(EVIDENCE_CSS, (c) => c.body(CSS, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "no-cache" }));
  app.get("/team/assets/pdfjs/:version/:file", (c) => {
    const body = c.req.param("version") === PDFJS_VERSION ? pdfjsFile(c.req.param("file")) : undefined;
    if (body === undefined) return c.notFound();
    // The address names the version: the file never changes, so browsers keep it for a year.
    return c.body(body, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable" });
  });
}
