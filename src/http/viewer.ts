import type { MiddlewareHandler } from "hono";
import { viewerForToken } from "../auth/index.ts";
import { isSecureRequest, readSessionToken, setRequestSession } from "../auth/index.ts";
import { resolveSession, viewerForSession } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import { SabtError } from "../shared/errors.ts";
import { ANONYMOUS } from "../shared/viewer.ts";
import type { AppEnv } from "./env.ts";

/**
 * Resolves who is asking: a bearer API token becomes its user (limited by its scopes); outside
 * `/api/`, a session cookie of a fully signed-in team member becomes that member; no credentials
 * means the anonymous public viewer, who only ever sees the public projection.
 *
 * The JSON API deliberately ignores cookies: with no ambient credentials it cannot be the target
 * of cross-site request forgery (ASVS 5.0 V3.5.1), and the workspace uses server-rendered forms.
 */
export function viewerMiddleware(db: Db, publicUrl?: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.req.header("Authorization");
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const viewer = m ? await viewerForToken(db, m[1]!) : undefined;
      if (!viewer) throw new SabtError("unauthorized", "The API token is missing, malformed, expired or revoked");
      c.set("viewer", viewer);
    } else if (!c.get("viewer")) {
      c.set("viewer", ANONYMOUS);
      const token = c.req.path.startsWith("/api/") ? undefined : readSessionToken(c, isSecureRequest(c, publicUrl));
      const session = token ? await resolveSession(db, token) : undefined;
      if (session) {
        setRequestSession(c, session);
        const viewer = viewerForSession(session);
        if (viewer) c.set("viewer", viewer);
      }
    }
    await next();
  };
}
