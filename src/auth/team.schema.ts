import { z } from "zod";
import { RoleSchema } from "./auth.schema.ts";

/** How long an invitation link works unless the admin says otherwise. */
export const INVITATION_DAYS = 7;

/** Input of "invite a team member": who, with which role, and how many days the link works. */
export const InvitationCreateSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(200),
  role: RoleSchema,
  expiresInDays: z.coerce.number().int().min(1).max(30).default(INVITATION_DAYS),
});
export type InvitationCreateReq = z.infer<typeof InvitationCreateSchema>;

/** Input of "accept an invitation": the invitee's own name and password. */
export const InvitationAcceptSchema = z.object({
  name: z.string().trim().min(1).max(200),
  password: z.string().max(1024),
});
export type InvitationAcceptReq = z.infer<typeof InvitationAcceptSchema>;
