/**
 * Files that hold secrets — signing keys, the keystore password, API key hashes, webhook signing secrets — are
 * readable by the gateway's own user only: mode 0600, in folders of mode 0700. Modes found looser (a data folder
 * copied with `cp -r`, made by an older version, or under a loose umask) are tightened when the gateway opens them.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";

/** Creates `folder` (and its parents) if missing, and makes it 0700. */
export function privateFolder(folder: string): string {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  tighten(folder, 0o700);
  return folder;
}

/** Makes an existing file 0600 if its mode is looser; a missing file (or a folder) is left as it is. */
export function privateFile(file: string): void {
  if (existsSync(file) && statSync(file).isFile()) tighten(file, 0o600);
}

/** Writes `data` to `file` atomically (a temporary file, fsynced, renamed over it), mode 0600 in a 0700 folder. */
export function writePrivateFile(file: string, data: string): void {
  privateFolder(path.dirname(file));
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  tighten(tmp, 0o600); // the mode given to open applies only when the file is created
  renameSync(tmp, file);
  syncFolder(path.dirname(file));
}

/** Makes a rename durable: the folder entry is fsynced too. */
export function syncFolder(folder: string): void {
  const fd = openSync(folder, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function tighten(target: string, mode: number): void {
  if ((statSync(target).mode & 0o777 & ~mode) !== 0) chmodSync(target, mode);
}

/**
 * Seals short secrets (webhook signing secrets) with AES-256-GCM under a key derived by scrypt from the keystore
 * password, so the file that keeps them is no more use to a reader than the keystore is without its password. Each
 * sealed value is bound to a context (the subscription id): it cannot be moved to another record.
 */
export class SecretBox {
  private readonly key: Buffer;

  private constructor(key: Buffer) {
    this.key = key;
  }

  /** A box whose key is derived from `password` for one `purpose` (a distinct key per purpose). */
  static fromPassword(password: string, purpose: string): SecretBox {
    return new SecretBox(scryptSync(password, `paperless-port:${purpose}:v1`, 32, { N: 1 << 14, r: 8, p: 1 }));
  }

  /** `v1.<iv>.<ciphertext>.<tag>`, base64url. */
  seal(secret: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
    return ["v1", iv, ciphertext, cipher.getAuthTag()]
      .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
      .join(".");
  }

  /** The secret `seal` sealed for this context; throws if the password, the context or the bytes differ. */
  open(sealed: string, context: string): string {
    const [version, iv, ciphertext, tag] = sealed.split(".");
    if (version !== "v1" || !iv || !ciphertext || !tag) throw new Error("not a sealed secret");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  }
}
