import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/template.ts";
import { lockDataDir } from "./lock.ts";

// The start time of a live process as the lock file records it (field 22 of /proc/PID/stat).
function startTime(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
}

describe.skipIf(process.platform !== "linux")("the data directory lock", () => {
  it("refuses a second holder while the first process is alive", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "sabt.lock"), `${process.ppid}\n${startTime(process.ppid)}\n`);
    expect(() => lockDataDir(dir)).toThrow(expect.objectContaining({ id: "data_dir_locked", message: expect.stringContaining(`pid ${process.ppid}`) }));
  });

  it("takes over a lock left by a process killed with kill -9", () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    fs.writeFileSync(path.join(dir, "sabt.lock"), `${dead}\n12345\n`);
    const lock = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, "sabt.lock"), "utf8").split("\n")[0]).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, "sabt.lock"))).toBe(false);
  });

  it("takes over a stale lock whose process id now belongs to another process", () => {
    const dir = tempDir();
    // A live pid with another start time: the crashed holder's pid was reused (common in containers).
    fs.writeFileSync(path.join(dir, "sabt.lock"), `${process.ppid}\n1\n`);
    const lock = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, "sabt.lock"), "utf8").split("\n")[0]).toBe(String(process.pid));
    lock.release();
  });
});
