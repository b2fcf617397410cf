/**
 * Article bodies: Markdown rendered by markdown-it with raw HTML disabled (any tag in the text is
 * shown as text), images disabled (an image would be a request to wherever it points), and
 * `[^n]` turned into a link to the page's numbered source note.
 */
import markdownIt, { type MarkdownIt } from "markdown-it";
import { digits, type Lang } from "../i18n/index.ts";

function create(lang: Lang): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, typographer: false });
  md.disable(["image"]);
  md.inline.ruler.before("link", "sabt_footnote_ref", (state, silent) => {
    const m = /^\[\^(\d{1,3})\]/.exec(state.src.slice(state.pos));
    if (!m) return false;
    if (!silent) {
      const token = state.push("sabt_footnote_ref", "", 0);
      token.meta = { n: Number(m[1]) };
    }
    state.pos += m[0].length;
    return true;
  });
  md.renderer.rules.sabt_footnote_ref = (tokens, idx) => {
    const n = Number((tokens[idx]?.meta as { n: number } | undefined)?.n ?? 0);
    return `<sup class="fn"><a href="#fn-${n}" id="fnref-${n}">${digits(lang, String(n))}</a></sup>`;
  };
  const defaultLink = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = String(tokens[idx]?.attrGet("href") ?? "");
    // External links stay plain links: no referrer, no opener, no endorsement.
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) tokens[idx]?.attrSet("rel", "nofollow noopener noreferrer");
    return defaultLink(tokens, idx, options, env, self);
  };
  return md;
}

const RENDERERS: Record<Lang, MarkdownIt> = { fa: create("fa"), en: create("en") };

/**
 * Renders Markdown to safe HTML: no raw HTML, no images, footnote markers linked to `#fn-n`.
 * @example renderMarkdown("**x**[^1]", "en") // '<p><strong>x</strong><sup class="fn">…</sup></p>\n'
 */
export function renderMarkdown(text: string, lang: Lang): string {
  return RENDERERS[lang].render(text);
}
