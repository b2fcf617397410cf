import { z } from "zod";

/** The roles of team members, from most to least powerful. */
export const RoleSchema = z.enum(["admin", "editor", "researcher", "reviewer", "viewer"]);

/** Input of "add a team member". */
export const UserCreateSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(200),
  role: RoleSchema,
});
export type UserCreateReq = z.infer<typeof UserCreateSchema>;

/** What an API token may do. */
export const TokenScopeSchema = z.enum(["read", "write", "admin"]);

/** Input of "create an API token". */
export const TokenCreateSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  name: z.string().trim().min(1).max(100),
  scopes: z.array(TokenScopeSchema).min(1).default(["read"]),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type TokenCreateReq = z.infer<typeof TokenCreateSchema>;
