export { workspaceRoutes } from "./workspace.routes.tsx";
export { listsRoutes } from "./lists.routes.tsx";
