export { createUser, createApiToken, viewerForToken, hashToken } from "./auth.service.ts";
export { UserCreateSchema, TokenCreateSchema, RoleSchema, TokenScopeSchema, type UserCreateReq, type TokenCreateReq } from "./auth.schema.ts";
