/**
 * Response headers for serving an archived file from Sabt's origin. Evidence is hostile input:
 * an uploaded HTML or SVG page rendered inline would run its script with the team's session.
 */

// Types a browser renders passively; everything else is only offered as a download.
const INLINE_SAFE = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/bmp",
  "audio/mpeg",
  "audio/ogg",
  "audio/wav",
  "audio/flac",
  "audio/mp4",
  "video/mp4",
  "video/webm",
  "video/quicktime",
  "text/plain",
]);

/** The fields of an item that decide how it may be served. */
export interface ServableItem {
  id: string;
  mediaType: string;
  filename?: string | null | undefined;
  hazards: readonly string[];
}

/**
 * Returns the headers to serve an item with: `nosniff`, a sandboxing CSP that forbids script,
 * and `Content-Disposition: attachment` for anything active, hazardous or not passively
 * renderable. Set `download` to force an attachment.
 * @example safeServeHeaders({ id, mediaType: "image/svg+xml", hazards: ["active_content"] })["Content-Disposition"] // "attachment; …"
 */
export function safeServeHeaders(
  item: ServableItem,
  options: { download?: boolean } = {},
): Record<string, string> {
  const inline = !options.download && item.hazards.length === 0 && INLINE_SAFE.has(item.mediaType);
  const name = (item.filename ?? item.id).replace(/[\r\n"\\]/g, "_");
  const asciiName = name.replace(/[^\x20-\x7e]/g, "_");
  return {
    // Active or unknown content is sent as opaque bytes so no browser tries to render it.
    "Content-Type": inline
      ? item.mediaType === "text/plain"
        ? "text/plain; charset=utf-8"
        : item.mediaType
      : "application/octet-stream",
    "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy":
      "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, no-store",
  };
}
