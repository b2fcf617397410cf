import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { App, AppDeps } from "../http/index.ts";
import { csrfProtection } from "../http/index.ts";
import { SabtError } from "../shared/errors.ts";
import { registerAccountPages } from "./account.routes.tsx";
import { registerAuditPages } from "./audit.routes.tsx";
import { ASSET_CSS, ASSET_JS, TEAM_CSS, TEAM_JS } from "./assets.ts";
import { registerAuthRoutes } from "./auth.routes.tsx";
import { registerAuthoringPages } from "./authoring.routes.tsx";
import { registerCapturePages } from "./capture.routes.tsx";
import { registerClaimPages } from "./claim.routes.tsx";
import { registerEntityPages } from "./entity.routes.tsx";
import { registerEvidenceAssets } from "./evidence.assets.ts";
import { MAX_UPLOAD_REQUEST_BYTES, registerEvidenceListPages } from "./evidence-list.routes.tsx";
import { registerEvidencePages } from "./evidence.routes.tsx";
import { registerHistoryPages } from "./history.routes.tsx";
import { MAX_IMPORT_BYTES, registerImportPages } from "./import.routes.tsx";
import { registerInvitePages } from "./invite.routes.tsx";
import { registerJobPages } from "./jobs.routes.tsx";
import { registerReviewPages } from "./review.routes.tsx";
import { registerSubmissionPages } from "./submissions.routes.tsx";
import { registerTeamPages } from "./team.routes.tsx";
import { registerTotpQr } from "./totp-qr.routes.tsx";
import { registerUnparsedPages } from "./unparsed.routes.tsx";
import { langOf } from "./workspace.context.ts";

/**
 * The team workspace under `/team/fa/…` and `/team/en/…`: server-rendered pages (Hono JSX, escaping by
 * default), every form protected against CSRF, every page behind sign-in and every action
 * checked again by the services' policy. A route module for `routeModules()`.
 */
export function workspaceRoutes(app: App, deps: AppDeps): void {
  const formLimit = bodyLimit({
    maxSize: MAX_IMPORT_BYTES + 1024 * 1024,
    onError: () => {
      throw new SabtError("payload_too_large", "The upload is larger than 20 MiB");
    },
  });
  // Evidence uploads carry several files at once: their own, larger limit (each file is checked again).
  const uploadLimit = bodyLimit({
    maxSize: MAX_UPLOAD_REQUEST_BYTES + 1024 * 1024,
    onError: () => {
      throw new SabtError("payload_too_large", "The upload is larger than 256 MiB; add larger files with sabt archive add");
    },
  });
  const limit: MiddlewareHandler = (c, next) => (/^\/team\/(?:fa|en)\/evidence\/upload$/.test(c.req.path) ? uploadLimit(c, next) : formLimit(c, next));
  app.use("/team/*", limit);
  app.use("/team/*", csrfProtection(deps.config.publicUrl));
  app.get(ASSET_CSS, (c) =>
    c.body(TEAM_CSS, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "no-cache" }),
  );
  app.get(ASSET_JS, (c) =>
    c.body(TEAM_JS, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" }),
  );
  app.get("/team", (c) =>
    c.redirect(/^fa\b/i.test(c.req.header("Accept-Language") ?? "") ? "/team/fa/" : "/team/en/", 302),
  );
  app.get("/team/:lang{(?:fa|en)}", (c) => c.redirect(`/team/${langOf(c)}/`, 301));

  registerAuthRoutes(app, deps);
  // Before the record page, so that /entities/new and /entities/lookup are not read as record ids.
  registerAuthoringPages(app, deps);
  registerEntityPages(app, deps);
  registerClaimPages(app, deps);
  registerHistoryPages(app, deps);
  registerImportPages(app, deps);
  registerEvidenceAssets(app);
  registerEvidenceListPages(app, deps);
  registerCapturePages(app, deps);
  registerEvidencePages(app, deps);
  registerAccountPages(app, deps);
  registerJobPages(app, deps);
  registerReviewPages(app, deps);
  registerSubmissionPages(app, deps);
  registerTeamPages(app, deps);
  registerInvitePages(app, deps);
  registerAuditPages(app, deps);
  registerTotpQr(app, deps);
  registerUnparsedPages(app, deps);
  // The linkage and estimation pages come from src/lists (mounted before this module).
}
