/**
 * The evidence page's web capture (`POST /team/{lang}/evidence/capture`): a web page captured by its
 * address, as a durable job run by the server or `sabt worker` (the browser never runs inside a
 * request). The page itself is the evidence list (evidence-list.routes.tsx).
 */
import { CAPTURE, requestCapture } from "../archive/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { enqueueJob } from "../jobs/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { evidenceListPage } from "./evidence-list.routes.tsx";
import { messages } from "./i18n.ts";
import { field, guarded, langOf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

/** POST /team/{lang}/evidence/capture: queues the capture; a bad address is shown beside the field. */
async function postCapture(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const url = field(await c.req.parseBody(), "url");
  let payload;
  try {
    payload = requestCapture(viewer, url);
  } catch (e) {
    if (isSabtError(e) && e.id === "validation_failed") {
      return evidenceListPage(c, deps, { capture: { url, error: messages(langOf(c)).captureBadUrl } }, 400);
    }
    throw e;
  }
  await enqueueJob(deps.db, CAPTURE, payload, viewer.kind === "user" ? { createdBy: `user:${viewer.userId}` } : {});
  return c.redirect(`/team/${langOf(c)}/evidence`, 303);
}

/** Registers the capture form's action. */
export function registerCapturePages(app: App, deps: AppDeps): void {
  app.post(
    `${L}/evidence/capture`,
    guarded(deps, (c) => postCapture(c, deps)),
  );
}
