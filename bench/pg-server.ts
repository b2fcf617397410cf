import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A throwaway PostgreSQL server for benchmarks, on loopback. */
export interface TempPg {
  url: string;
  stop(): void;
}

/**
 * Starts a temporary PostgreSQL cluster from Debian's binaries (as the `postgres` user when run
 * as root), or returns undefined when none is installed. Benchmarks only; CI starts its own.
 */
export function startTempPostgres(port = 55499): TempPg | undefined {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).sort((a, b) => Number(a) - Number(b));
  const bin = path.join(root, versions[versions.length - 1]!, "bin");
  if (!fs.existsSync(path.join(bin, "initdb"))) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-bench-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  const run = (cmd: string, args: string[]) =>
    asRoot ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args], { stdio: "ignore" }) : execFileSync(path.join(bin, cmd), args, { stdio: "ignore" });
  run("initdb", ["-D", `${dir}/data`, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  run("pg_ctl", ["-D", `${dir}/data`, "-l", `${dir}/log`, "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      const args = ["-D", `${dir}/data`, "-m", "fast", "stop"];
      if (asRoot) spawnSync("runuser", ["-u", "postgres", "--", path.join(bin, "pg_ctl"), ...args], { stdio: "ignore" });
      else spawnSync(path.join(bin, "pg_ctl"), args, { stdio: "ignore" });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
