export { createApp, type RouteModule } from "./app.ts";
export type { App, AppDeps, AppEnv } from "./env.ts";
export { startHttpServer, serverPort, FrontCache, frontCachedListener, isShareable } from "./server.ts";
