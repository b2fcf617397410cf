/**
 * One structured logger (STYLE.md §14). Categories are typed; fields carry ids, never claim text
 * or personal data, because logs leave the protected database and are read by more people.
 */
export type LogCategory = "db" | "http" | "cli" | "import" | "backup" | "archive" | "audit" | "auth" | "site" | "jobs";
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

let threshold: number = ORDER.info;

/** Sets the minimum level that is written (from config). */
export function setLogLevel(level: Level | "silent"): void {
  threshold = ORDER[level];
}

function write(level: Level, category: LogCategory, message: string, fields?: Record<string, unknown>) {
  if (ORDER[level] < threshold) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, category, message, ...fields });
  process.stderr.write(line + "\n");
}

/** The application logger; writes JSON lines to stderr. */
export const Logger = {
  debug: (c: LogCategory, m: string, f?: Record<string, unknown>) => write("debug", c, m, f),
  info: (c: LogCategory, m: string, f?: Record<string, unknown>) => write("info", c, m, f),
  warn: (c: LogCategory, m: string, f?: Record<string, unknown>) => write("warn", c, m, f),
  error: (c: LogCategory, m: string, f?: Record<string, unknown>) => write("error", c, m, f),
};
