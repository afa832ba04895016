/**
 * API keys: each maps to exactly one organization. Only the SHA-256 of a key is stored (keys are 256-bit random, so
 * a fast hash is enough), in a file of mode 0600; the key itself is shown once, when it is created. A presented key is
 * found by its hash, so lookup time says nothing about any stored key beyond what SHA-256 preimage resistance already
 * hides. A revoked key is deleted from the file and from memory at once: the next request with it is refused.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { privateFile, privateFolder, writePrivateFile } from "../adapters/secrets.ts";

interface StoredKey {
  /** Names the key in lists and revocations; says nothing about the key itself. */
  keyId: string;
  hash: string;
  orgId: string;
  createdAt: string;
}

/** A key as its organization and the operator see it: never the key, nor its hash. */
export interface ApiKeyView {
  keyId: string;
  orgId: string;
  createdAt: string;
}

export class ApiKeys {
  private readonly file: string;
  private keys: StoredKey[];
  /** orgId by key hash: the lookup every authenticated request makes. */
  private orgIdsByHash: Map<string, string>;

  constructor(file: string) {
    this.file = file;
    privateFolder(path.dirname(file));
    privateFile(file);
    const stored = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<StoredKey>[]) : [];
    // Keys issued before key ids existed get one now, written back once.
    this.keys = stored.map((k) => ({ ...k, keyId: k.keyId ?? newKeyId() }) as StoredKey);
    this.orgIdsByHash = new Map(this.keys.map((k) => [k.hash, k.orgId]));
    if (stored.some((k) => !k.keyId)) this.save();
  }

  /** Issues a new key for an organization and returns it; only its hash is kept. */
  issue(orgId: string): string {
    return this.create(orgId).apiKey;
  }

  /**
   * Issues a new key and returns it with its id and creation time; the key is never shown again. The organization's
   * keys named in `revoking` are revoked in the same write, so a rotation never leaves both or neither.
   */
  create(orgId: string, revoking: readonly string[] = []): ApiKeyView & { apiKey: string } {
    const apiKey = `pp_${randomBytes(32).toString("base64url")}`;
    const stored: StoredKey = { keyId: newKeyId(), hash: hash(apiKey), orgId, createdAt: new Date().toISOString() };
    this.replace([...this.keys.filter((k) => !(k.orgId === orgId && revoking.includes(k.keyId))), stored]);
    return { keyId: stored.keyId, orgId, createdAt: stored.createdAt, apiKey };
  }

  /** The organization a key belongs to, or undefined. */
  orgIdOf(key: string): string | undefined {
    return this.orgIdsByHash.get(hash(key));
  }

  /** The id and organization of a key, or undefined: what a console session remembers instead of the key. */
  keyOf(key: string): { keyId: string; orgId: string } | undefined {
    const h = hash(key);
    const stored = this.keys.find((k) => k.hash === h);
    return stored ? { keyId: stored.keyId, orgId: stored.orgId } : undefined;
  }

  /** The organization whose key has this id, or undefined once the key is revoked. */
  orgIdOfKeyId(keyId: string): string | undefined {
    return this.keys.find((k) => k.keyId === keyId)?.orgId;
  }

  /** An organization's keys, oldest first. */
  keysOf(orgId: string): ApiKeyView[] {
    return this.keys.filter((k) => k.orgId === orgId).map(({ keyId, createdAt }) => ({ keyId, orgId, createdAt }));
  }

  /** Deletes keys of one organization; those it names that are not that organization's are left alone. */
  revoke(orgId: string, keyIds: readonly string[]): void {
    this.replace(this.keys.filter((k) => !(k.orgId === orgId && keyIds.includes(k.keyId))));
  }

  /** Written to disk first: a key is usable (or revoked) only once the file says so. */
  private replace(keys: StoredKey[]): void {
    writePrivateFile(this.file, JSON.stringify(keys, null, 2));
    this.keys = keys;
    this.orgIdsByHash = new Map(keys.map((k) => [k.hash, k.orgId]));
  }

  private save(): void {
    writePrivateFile(this.file, JSON.stringify(this.keys, null, 2));
  }
}

function newKeyId(): string {
  return `key_${randomBytes(9).toString("base64url")}`;
}

function hash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
