/**
 * The HTTP kit that route modules use: the app's types, OpenAPI helpers, security headers, the
 * viewer middleware, the error handler. Mounting the routes is the composition root's job
 * (src/server/).
 */
export type { App, AppDeps, AppEnv, RouteModule } from "./env.ts";
export { ErrorSchema, errorResponses, bodyErrorResponses, jsonResponse, jsonBody, IdParamSchema } from "./openapi-common.ts";
export { CONTENT_SECURITY_POLICY, securityHeaders, isCrossOrigin, csrfProtection } from "./security.ts";
export { viewerMiddleware } from "./viewer.ts";
export { errorBody, formatZodError, findUnstorableText, handleError } from "./errors.ts";
export { etagMatches } from "./etag.ts";
export { clientAddressOf, requestAddress } from "./client-address.ts";
export { renderMarkdown } from "./markdown.ts";
