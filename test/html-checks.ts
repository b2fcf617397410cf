/** Assertions on rendered public pages, shared by the site's tests (no test framework inside). */

/** Every `src`/`href`/`action` URL of a page that points to another origin, except plain share links and cited sources' own URLs. */
export function externalRequests(html: string, base: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<(\w+)\b([^>]*)>/g)) {
    const tag = m[1]!;
    const attrs = m[2]!;
    for (const a of attrs.matchAll(/\b(src|href|action|srcset|poster|data)="([^"]*)"/g)) {
      const url = a[2]!.replace(/&amp;/g, "&");
      if (!/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) continue; // relative: same origin
      if (url.startsWith(base + "/") || url === base) continue;
      if (url.startsWith("mailto:")) continue;
      // Plain links the reader may follow; nothing is requested unless clicked.
      if (tag === "a" && /class="(share-link|cite-url)"/.test(attrs)) continue;
      out.push(`${tag} ${a[1]}=${url}`);
    }
  }
  return out;
}

/** The parsed JSON-LD blocks of a page (throws when one does not parse). */
export function jsonLdBlocks(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
}

/** Scripts that are not JSON-LD data blocks, and inline style attributes (both forbidden by the CSP). */
export function inlineCode(html: string): string[] {
  const bad: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/g)) if (!/type="application\/ld\+json"/.test(m[1]!)) bad.push(m[0]);
  for (const m of html.matchAll(/<[^>]+\sstyle="/g)) bad.push(m[0]);
  for (const m of html.matchAll(/<[^>]+\son[a-z]+="/g)) bad.push(m[0]);
  return bad;
}

/** The hreflang alternates and canonical link of a page. */
export function headLinks(html: string): { canonical: string | undefined; hreflang: Record<string, string> } {
  const canonical = /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];
  const hreflang: Record<string, string> = {};
  for (const m of html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)) hreflang[m[1]!] = m[2]!;
  return { canonical, hreflang };
}

/**
 * The same-site paths a page names for a browser or a link preview to fetch: `og:image` and
 * `twitter:image`, and the `<link href>`, `<img src>` and `<script src>` URLs, root-relative or on `base`.
 */
export function namedResources(html: string, base: string): string[] {
  const urls = [
    ...[...html.matchAll(/<meta (?:property="og:image"|name="twitter:image") content="([^"]*)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<(?:img|script)\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]!),
  ];
  const paths = urls
    .map((u) => u.replace(/&amp;/g, "&"))
    .map((u) => (u.startsWith(base + "/") ? u.slice(base.length) : u))
    .filter((u) => u.startsWith("/") && !u.startsWith("//"));
  return [...new Set(paths)];
}
