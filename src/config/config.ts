import path from "node:path";
import { z } from "zod";

/** Environment variables Sabt reads, validated once at start-up. */
const EnvSchema = z.object({
  /** Folder that holds the embedded database, the blob store, backups and the lock file. */
  SABT_DATA_DIR: z.string().min(1).default("./data"),
  /** When set, a PostgreSQL server is used instead of the embedded PGlite database. */
  DATABASE_URL: z.string().url().optional(),
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Address the HTTP server binds to; loopback unless an operator opens it up deliberately. */
  HOST: z.string().default("127.0.0.1"),
  /** How many rolling automatic backups of the embedded database are kept. */
  SABT_BACKUP_KEEP: z.coerce.number().int().min(0).max(1000).default(7),
  /** Minutes between automatic backups of the embedded database while the server runs (0 = off). */
  SABT_BACKUP_INTERVAL_MIN: z.coerce.number().int().min(0).default(360),
  /** Log level of the structured logger. */
  SABT_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Public base URL used in sitemaps, feeds and canonical links. */
  SABT_PUBLIC_URL: z.string().url().default("http://localhost:3000"),
});

/** The frozen, typed configuration every module receives. */
export interface Config {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly backupKeep: number;
  readonly backupIntervalMin: number;
  readonly logLevel: "debug" | "info" | "warn" | "error" | "silent";
  readonly publicUrl: string;
}

/** Error raised when the environment is invalid; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses the environment into a frozen Config, failing fast with all problems listed.
 * @example loadConfig({ SABT_DATA_DIR: "/srv/sabt" })
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    dataDir: path.resolve(e.SABT_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    backupKeep: e.SABT_BACKUP_KEEP,
    backupIntervalMin: e.SABT_BACKUP_INTERVAL_MIN,
    logLevel: e.SABT_LOG_LEVEL,
    publicUrl: e.SABT_PUBLIC_URL.replace(/\/$/, ""),
  });
}
