/**
 * The site's Markdown renderer lives in the HTTP kit (`src/http/markdown.ts`) so that the team
 * workspace's article preview renders with exactly the same rules as the public article page.
 */
export { renderMarkdown } from "../http/index.ts";
