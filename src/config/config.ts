import path from "node:path";
import { z } from "zod";
import type { BlobStoreConfig, S3Options } from "./blob-store.ts";

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
  /** Where stored files live: `fs` (under SABT_DATA_DIR/blobs) or `s3` (an S3-compatible bucket). */
  SABT_BLOB_BACKEND: z.enum(["fs", "s3"]).default("fs"),
  /** S3-compatible endpoint URL (with SABT_BLOB_BACKEND=s3). */
  SABT_S3_ENDPOINT: z.string().url().optional(),
  /** S3 bucket name. */
  SABT_S3_BUCKET: z.string().min(1).optional(),
  /** S3 region. */
  SABT_S3_REGION: z.string().min(1).default("us-east-1"),
  /** S3 access key id. */
  SABT_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  /** S3 secret access key. */
  SABT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Key prefix inside the bucket. */
  SABT_S3_PREFIX: z.string().optional(),
  /**
   * Keys for confidential values at rest: `id:base64key,id2:…` (first is primary) or one base64
   * key. When unset, the key file is used (created on first start).
   */
  SABT_ENCRYPTION_KEY: z.string().min(1).optional(),
  /** The key file (default `$SABT_DATA_DIR/keys/sabt.key`, outside the database directory). */
  SABT_KEY_FILE: z.string().min(1).optional(),
  /** Hours between scheduled re-verifications of every stored file while the server runs (0 = off). */
  SABT_REVERIFY_HOURS: z.coerce.number().min(0).default(0),
  /**
   * Seconds a process holds a claimed job without renewing it (it renews every third of that): a
   * job whose process died is taken up again by another one after at most this long.
   */
  SABT_JOB_LEASE_SECONDS: z.coerce.number().min(1).max(86_400).default(60),
  /**
   * Addresses of reverse proxies in front of Sabt, comma-separated. Only a request arriving from
   * one of them may name the client in `X-Forwarded-For` (for sign-in throttling per address).
   */
  SABT_TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((a) => a.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.ipv4(), z.ipv6()], { error: "expected IP addresses separated by commas" }))),
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
  readonly blobStore: BlobStoreConfig;
  /**
   * The S3 bucket whenever SABT_S3_* name one, also while the files are still on disk
   * (SABT_BLOB_BACKEND=fs), so that `sabt archive copy-store --to s3` can fill it before the switch.
   */
  readonly s3: S3Options | undefined;
  readonly reverifyHours: number;
  readonly jobLeaseSeconds: number;
  readonly encryptionKey: string | undefined;
  readonly keyFile: string | undefined;
  readonly trustedProxies: readonly string[];
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
  const problems: string[] = [];
  if (e.SABT_BLOB_BACKEND === "s3") {
    for (const k of ["SABT_S3_ENDPOINT", "SABT_S3_BUCKET", "SABT_S3_ACCESS_KEY_ID", "SABT_S3_SECRET_ACCESS_KEY"] as const) {
      if (!e[k]) problems.push(`${k}: required when SABT_BLOB_BACKEND=s3`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const dataDir = path.resolve(e.SABT_DATA_DIR);
  const s3: S3Options | undefined =
    e.SABT_S3_ENDPOINT && e.SABT_S3_BUCKET && e.SABT_S3_ACCESS_KEY_ID && e.SABT_S3_SECRET_ACCESS_KEY
      ? Object.freeze({
          endpoint: e.SABT_S3_ENDPOINT,
          bucket: e.SABT_S3_BUCKET,
          region: e.SABT_S3_REGION,
          accessKeyId: e.SABT_S3_ACCESS_KEY_ID,
          secretAccessKey: e.SABT_S3_SECRET_ACCESS_KEY,
          prefix: e.SABT_S3_PREFIX,
          stagingDir: path.join(dataDir, "staging"),
        })
      : undefined;
  // With SABT_BLOB_BACKEND=s3 every SABT_S3_* variable was checked above, so s3 is set.
  const blobStore: BlobStoreConfig = e.SABT_BLOB_BACKEND === "s3" && s3 ? { backend: "s3", ...s3 } : { backend: "fs", dataDir };
  return Object.freeze({
    dataDir,
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    backupKeep: e.SABT_BACKUP_KEEP,
    backupIntervalMin: e.SABT_BACKUP_INTERVAL_MIN,
    logLevel: e.SABT_LOG_LEVEL,
    publicUrl: e.SABT_PUBLIC_URL.replace(/\/$/, ""),
    blobStore: Object.freeze(blobStore),
    s3,
    reverifyHours: e.SABT_REVERIFY_HOURS,
    jobLeaseSeconds: e.SABT_JOB_LEASE_SECONDS,
    encryptionKey: e.SABT_ENCRYPTION_KEY,
    keyFile: e.SABT_KEY_FILE ? path.resolve(e.SABT_KEY_FILE) : undefined,
    trustedProxies: Object.freeze(e.SABT_TRUSTED_PROXIES),
  });
}
