import fs from "node:fs";
import path from "node:path";
import { SabtError } from "../shared/errors.ts";
import { generateKey, keyringFromEnv, keyringFromFile, type KeyFile, type Keyring } from "./keyring.ts";

/** Where the key comes from: SABT_ENCRYPTION_KEY, SABT_KEY_FILE, or the default file in the data directory. */
export interface KeySource {
  dataDir: string;
  /** Value of SABT_ENCRYPTION_KEY (takes precedence). */
  encryptionKey?: string | undefined;
  /** Value of SABT_KEY_FILE. */
  keyFile?: string | undefined;
}

/**
 * The key file path: SABT_KEY_FILE, else `<data dir>/keys/sabt.key`, which is outside `pgdata`
 * and outside the database dumps, so a stolen backup does not carry its own key.
 */
export function keyFilePath(src: KeySource): string {
  return src.keyFile ? path.resolve(src.keyFile) : path.join(src.dataDir, "keys", "sabt.key");
}

function writeKeyFile(file: string, content: KeyFile, exclusive: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = JSON.stringify(content, null, 2) + "\n";
  if (exclusive) {
    fs.writeFileSync(file, text, { mode: 0o600, flag: "wx" });
    return;
  }
  // Write then rename, so a crash mid-write never leaves a half key file (losing keys loses data).
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function readKeyFile(file: string): KeyFile {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as KeyFile;
  } catch (e) {
    throw new SabtError("integrity_failed", `key file ${file} could not be read (${(e as Error).message})`);
  }
}

/**
 * Loads the keyring: from SABT_ENCRYPTION_KEY when set; otherwise from the key file, which is
 * created (mode 0600) with a fresh key on first use.
 */
export function loadKeyring(src: KeySource): Keyring {
  if (src.encryptionKey) return keyringFromEnv(src.encryptionKey);
  const file = keyFilePath(src);
  if (!fs.existsSync(file)) {
    const k = generateKey();
    try {
      writeKeyFile(file, { version: 1, primary: k.id, keys: [k] }, true);
    } catch (e) {
      // Another process created it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return keyringFromFile(readKeyFile(file));
}

/**
 * Adds a new primary key to the key file, keeping the old ones (history revisions are
 * append-only and stay sealed with the key of their time).
 * @throws SabtError validation_failed when the keys come from SABT_ENCRYPTION_KEY (rotate there).
 */
export function addPrimaryKey(src: KeySource): { keyring: Keyring; newKeyId: string; file: string } {
  if (src.encryptionKey) {
    throw new SabtError("validation_failed", "SABT_ENCRYPTION_KEY is set: put a new `id:key` pair first in it, then run `sabt keys rotate`");
  }
  const file = keyFilePath(src);
  loadKeyring(src);
  const current = readKeyFile(file);
  const k = generateKey();
  const next: KeyFile = { version: 1, primary: k.id, keys: [...current.keys, k] };
  writeKeyFile(file, next, false);
  return { keyring: keyringFromFile(next), newKeyId: k.id, file };
}
