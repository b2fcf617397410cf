export { loadConfig, ConfigError, type Config } from "./config.ts";
export type { BlobStoreConfig, S3Options } from "./blob-store.ts";
