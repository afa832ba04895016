/**
 * API keys: each maps to exactly one organization. Only the SHA-256 of a key is stored (keys are 256-bit random, so
 * a fast hash is enough); the key itself is shown once, when it is created. A presented key is found by its hash, so
 * lookup time says nothing about any stored key beyond what SHA-256 preimage resistance already hides.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

interface StoredKey {
  hash: string;
  orgId: string;
  createdAt: string;
}

export class ApiKeys {
  private readonly file: string;
  private readonly keys: StoredKey[];
  /** orgId by key hash: the lookup every authenticated request makes. */
  private readonly orgIdsByHash: Map<string, string>;

  constructor(file: string) {
    this.file = file;
    mkdirSync(path.dirname(file), { recursive: true });
    this.keys = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StoredKey[]) : [];
    this.orgIdsByHash = new Map(this.keys.map((k) => [k.hash, k.orgId]));
  }

  /** Issues a new key for an organization and returns it; only its hash is kept. */
  issue(orgId: string): string {
    const key = `pp_${randomBytes(32).toString("base64url")}`;
    const stored = { hash: hash(key), orgId, createdAt: new Date().toISOString() };
    this.keys.push(stored);
    this.save();
    this.orgIdsByHash.set(stored.hash, orgId);
    return key;
  }

  /** The organization a key belongs to, or undefined. */
  orgIdOf(key: string): string | undefined {
    return this.orgIdsByHash.get(hash(key));
  }

  private save(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.keys, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

function hash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
