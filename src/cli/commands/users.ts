import type { Command } from "commander";
import {
  createApiToken,
  createInvitation,
  createUser,
  InvitationCreateSchema,
  listApiTokens,
  resetSecondFactors,
  revokeToken,
  setPassword,
  setRequireSecondFactor,
  setUserDisabled,
  TokenCreateSchema,
  UserCreateSchema,
} from "../../auth/index.ts";
import { parseInput } from "../../shared/validate.ts";
import { withDatabase } from "../context.ts";
import { print, printJson } from "../output.ts";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/**
 * Registers `sabt user add|invite|set-password|require-2fa|disable|enable|reset-2fa` and
 * `sabt token create|list|revoke`.
 */
export function register(program: Command): void {
  const user = program.command("user").description("Manage team accounts");
  registerSetPasswordCommand(user);
  registerRequire2faCommand(user);
  for (const [name, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    user
      .command(name)
      .description(`${name === "disable" ? "Disable" : "Re-enable"} an account`)
      .requiredOption("--email <email>")
      .action(async (opts: { email: string }) => {
        await withDatabase(async ({ handle, viewer }) => {
          await handle.db.transaction().execute((trx) => setUserDisabled(trx, viewer, opts.email, disabled));
          print(`${opts.email}: ${name}d`);
        });
      });
  }
  registerReset2faCommand(user);
  registerAddCommand(user);
  registerInviteCommand(user);
  const token = program.command("token").description("Manage API tokens");
  registerListCommand(token);
  registerRevokeCommand(token);
  registerCreateCommand(token);
}

/** Registers `set-password`. */
function registerSetPasswordCommand(user: Command): void {
  user
    .command("set-password")
    .description(
      "Set an account's password, read from standard input (never from the command line, which other users can see)",
    )
    .requiredOption("--email <email>")
    .action(async (opts: { email: string }) => {
      const password = await readStdin();
      await withDatabase(async ({ handle, viewer }) => {
        await handle.db.transaction().execute((trx) => setPassword(trx, viewer, opts.email, password));
        print(`password set for ${opts.email}; its sessions were ended`);
      });
    });
}

/** Registers `require-2fa`. */
function registerRequire2faCommand(user: Command): void {
  user
    .command("require-2fa")
    .description("Require (or with --off, stop requiring) a second factor for an account")
    .requiredOption("--email <email>")
    .option("--off")
    .action(async (opts: { email: string; off?: boolean }) => {
      await withDatabase(async ({ handle, viewer }) => {
        await handle.db
          .transaction()
          .execute((trx) => setRequireSecondFactor(trx, viewer, opts.email, !opts.off));
        print(`${opts.email}: second factor ${opts.off ? "optional" : "required"}`);
      });
    });
}

/** Registers `reset-2fa`. */
function registerReset2faCommand(user: Command): void {
  user
    .command("reset-2fa")
    .description("Remove an account's authenticator app and recovery codes (lost phone)")
    .requiredOption("--email <email>")
    .action(async (opts: { email: string }) => {
      await withDatabase(async ({ handle, viewer }) => {
        await handle.db.transaction().execute((trx) => resetSecondFactors(trx, viewer, opts.email));
        print(`${opts.email}: second factors removed`);
      });
    });
}

/** Registers `add`. */
function registerAddCommand(user: Command): void {
  user
    .command("add")
    .requiredOption("--email <email>")
    .requiredOption("--name <name>")
    .requiredOption("--role <role>", "admin | editor | researcher | reviewer | viewer")
    .option("--json")
    .action(async (opts: { email: string; name: string; role: string; json?: boolean }) => {
      const input = parseInput(UserCreateSchema, opts);
      await withDatabase(async ({ handle, viewer }) => {
        const u = await handle.db.transaction().execute((trx) => createUser(trx, viewer, input));
        if (opts.json) printJson(u);
        else print(`added ${input.email} (${input.role}), id ${u.id}`);
      });
    });
}

/** Registers `invite`: prints the one-time link (shown once; only its hash is stored). */
function registerInviteCommand(user: Command): void {
  user
    .command("invite")
    .description("Invite someone: prints a one-time link where they set their name and password")
    .requiredOption("--email <email>")
    .requiredOption("--name <name>")
    .requiredOption("--role <role>", "admin | editor | researcher | reviewer | viewer")
    .option("--days <n>", "how many days the link works (1-30)", "7")
    .option("--lang <lang>", "the language of the page the link opens: fa | en", "fa")
    .action(async (opts: { email: string; name: string; role: string; days: string; lang: string }) => {
      const input = parseInput(InvitationCreateSchema, { email: opts.email, name: opts.name, role: opts.role, expiresInDays: opts.days });
      const lang = opts.lang === "en" ? "en" : "fa";
      await withDatabase(async ({ config, handle, viewer }) => {
        const inv = await handle.db.transaction().execute((trx) => createInvitation(trx, viewer, input));
        print(`invitation link (shown once, expires ${inv.expiresAt.toISOString()}): ${config.publicUrl}/team/${lang}/invite/${inv.token}`);
      });
    });
}

/** Registers `list`. */
function registerListCommand(token: Command): void {
  token
    .command("list")
    .option("--json")
    .action(async (opts: { json?: boolean }) => {
      await withDatabase(async ({ handle, viewer }) => {
        const items = await listApiTokens(handle.db, viewer);
        if (opts.json) printJson(items);
        else
          {for (const t of items)
            {print(`${t.id}  ${t.email}  ${t.name}  [${t.scopes.join(",")}]${t.revokedAt ? "  revoked" : ""}`);}}
      });
    });
}

/** Registers `revoke`. */
function registerRevokeCommand(token: Command): void {
  token
    .command("revoke")
    .argument("<id>")
    .action(async (id: string) => {
      await withDatabase(async ({ handle, viewer }) => {
        await handle.db.transaction().execute((trx) => revokeToken(trx, viewer, id));
        print(`token ${id} revoked`);
      });
    });
}

/** Registers `create`. */
function registerCreateCommand(token: Command): void {
  token
    .command("create")
    .requiredOption("--email <email>", "the account the token acts as")
    .requiredOption("--name <name>", "what the token is for")
    .option("--scopes <list>", "comma-separated: read, write, admin", "read")
    .option("--expires-in-days <n>")
    .option("--json")
    .action(
      async (opts: {
        email: string;
        name: string;
        scopes: string;
        expiresInDays?: string;
        json?: boolean;
      }) => {
        const input = parseInput(TokenCreateSchema, {
          email: opts.email,
          name: opts.name,
          scopes: opts.scopes
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
          ...(opts.expiresInDays ? { expiresInDays: Number(opts.expiresInDays) } : {}),
        });
        await withDatabase(async ({ handle, viewer }) => {
          const t = await handle.db.transaction().execute((trx) => createApiToken(trx, viewer, input));
          if (opts.json) printJson(t);
          else print(`token (shown once, store it safely): ${t.token}`);
        });
      },
    );
}
