import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

const BIN = path.resolve(import.meta.dirname, "../bin/sabt.js");

/** The result of one `sabt` run. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `sabt …` as a child process with the given environment additions; a variable given as
 * undefined is removed (a laptop's `sabt` must not see the DATABASE_URL of a CI run on a server).
 */
export function startSabt(args: string[], env: Record<string, string | undefined>): ChildProcess {
  const merged: Record<string, string | undefined> = { ...process.env, SABT_LOG_LEVEL: "error", ...env };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return spawn(process.execPath, [BIN, ...args], {
    env: merged,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs `sabt …` to completion and collects its output. */
export function runSabt(args: string[], env: Record<string, string | undefined>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = startSabt(args, env);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resolves when the child's stream has printed text matching the pattern. */
export function waitForOutput(child: ChildProcess, stream: "stdout" | "stderr", pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; saw: ${seen.slice(-500)}`)), timeoutMs);
    child[stream]!.on("data", (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
    child.on("close", () => {
      clearTimeout(timer);
      if (!pattern.test(seen)) reject(new Error(`exited before ${pattern}; saw: ${seen.slice(-500)}`));
    });
  });
}

/** A TCP port that is free right now (a server is started on it right after). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}
