import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Config } from "../config/index.ts";
import type { Db } from "../db/index.ts";
import type { ChangeFeed } from "../shared/changes.ts";
import type { Viewer } from "../shared/viewer.ts";

/** What every request handler can reach: the viewer (set by the auth middleware). */
export interface AppEnv {
  Variables: { viewer: Viewer };
}

/** The server's dependencies, passed explicitly to every route module. */
export interface AppDeps {
  db: Db;
  config: Config;
  /** Signals that public data changed (in any process on this database); caches of public pages clear on it. */
  changes?: ChangeFeed;
}

/** The typed app every route module registers on. */
export type App = OpenAPIHono<AppEnv>;

/** A route module (the public site, the lists, the team workspace) that the composition root mounts. */
export type RouteModule = (app: App, deps: AppDeps) => void;
