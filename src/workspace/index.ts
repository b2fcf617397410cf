export { workspaceRoutes } from "./workspace.routes.tsx";
export { type Lang } from "./i18n.ts";
export { listsRoutes } from "./lists.routes.tsx";
