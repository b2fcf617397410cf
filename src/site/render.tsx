/** Turns a built page into the HTML document string. */
import { Layout } from "./pages/layout.tsx";
import type { PageResult } from "./pages/page.ts";

/** Renders a page (frame and content) to a complete HTML document. */
export async function renderDocument(page: PageResult, base: string): Promise<string> {
  const el = (
    <Layout meta={page.meta} base={base}>
      {page.body}
    </Layout>
  );
  // A Hono JSX node renders to a string, or to a promise of one when a component is async.
  const html = await Promise.resolve((el as unknown as { toString(): string | Promise<string> }).toString());
  return `<!DOCTYPE html>${html}`;
}
