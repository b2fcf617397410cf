import type { MiddlewareHandler } from "hono";
import { viewerForToken } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import { SabtError } from "../shared/errors.ts";
import { ANONYMOUS } from "../shared/viewer.ts";
import type { AppEnv } from "./env.ts";

/**
 * Resolves who is asking: a bearer API token becomes its user (limited by its scopes); no
 * credentials means the anonymous public viewer, who only ever sees the public projection.
 */
export function viewerMiddleware(db: Db): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.req.header("Authorization");
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const viewer = m ? await viewerForToken(db, m[1]!) : undefined;
      if (!viewer) throw new SabtError("unauthorized", "The API token is missing, malformed, expired or revoked");
      c.set("viewer", viewer);
    } else if (!c.get("viewer")) {
      c.set("viewer", ANONYMOUS);
    }
    await next();
  };
}
