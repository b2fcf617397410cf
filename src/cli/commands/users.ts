import type { Command } from "commander";
import { createApiToken, createUser, TokenCreateSchema, UserCreateSchema } from "../../auth/index.ts";
import { validationError } from "../../shared/errors.ts";
import { withDatabase } from "../context.ts";
import { print, printJson } from "../output.ts";
import type { z } from "zod";

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw validationError(`${i?.path.join(".") ?? ""}: ${i?.message ?? "invalid"}`);
  }
  return r.data;
}

/** Registers `sabt user add` and `sabt token create`. */
export function register(program: Command): void {
  program
    .command("user")
    .description("Manage team accounts")
    .command("add")
    .requiredOption("--email <email>")
    .requiredOption("--name <name>")
    .requiredOption("--role <role>", "admin | editor | researcher | reviewer | viewer")
    .option("--json")
    .action(async (opts: { email: string; name: string; role: string; json?: boolean }) => {
      const input = parse(UserCreateSchema, opts);
      await withDatabase(async ({ handle, viewer }) => {
        const u = await handle.db.transaction().execute((trx) => createUser(trx, viewer, input));
        if (opts.json) printJson(u);
        else print(`added ${input.email} (${input.role}), id ${u.id}`);
      });
    });
  program
    .command("token")
    .description("Manage API tokens")
    .command("create")
    .requiredOption("--email <email>", "the account the token acts as")
    .requiredOption("--name <name>", "what the token is for")
    .option("--scopes <list>", "comma-separated: read, write, admin", "read")
    .option("--expires-in-days <n>")
    .option("--json")
    .action(async (opts: { email: string; name: string; scopes: string; expiresInDays?: string; json?: boolean }) => {
      const input = parse(TokenCreateSchema, {
        email: opts.email,
        name: opts.name,
        scopes: opts.scopes.split(",").map((s) => s.trim()).filter(Boolean),
        ...(opts.expiresInDays ? { expiresInDays: Number(opts.expiresInDays) } : {}),
      });
      await withDatabase(async ({ handle, viewer }) => {
        const t = await handle.db.transaction().execute((trx) => createApiToken(trx, viewer, input));
        if (opts.json) printJson(t);
        else print(`token (shown once, store it safely): ${t.token}`);
      });
    });
}
