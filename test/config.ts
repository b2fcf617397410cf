import { loadConfig, type Config } from "../src/config/index.ts";

/** A configuration for in-process tests (no environment read). */
export function testConfig(over: Record<string, string> = {}): Config {
  return loadConfig({ SABT_DATA_DIR: "/tmp/sabt-unused", SABT_LOG_LEVEL: "silent", ...over });
}
