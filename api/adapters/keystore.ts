/**
 * Organizations' signing keys, each in an encrypted JSON keystore (scrypt + AES-128-CTR, the Ethereum keystore v3
 * format) under `$DATA_DIR/keystore/`, mode 0600 in a 0700 folder. Keys are never written in plain text; decrypted keys
 * live only in memory. The password is kept elsewhere (`KEYSTORE_PASSWORD`, or for the embedded demo
 * `$DATA_DIR/secrets/keystore-password`), never in this folder.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { encryptKeystoreJson, Wallet } from "ethers";
import { privateFile, privateFolder, writePrivateFile } from "./secrets.ts";

const SCRYPT_N = 1 << 14;

/** A decrypted signing key, as the chain adapter takes it. */
export type Signer = Wallet;

export class Keystore {
  private readonly directory: string;
  private readonly password: string;
  private readonly unlocked = new Map<string, Wallet>();

  constructor(directory: string, password: string) {
    this.directory = directory;
    this.password = password;
    privateFolder(directory);
    for (const entry of readdirSync(directory)) privateFile(path.join(directory, entry));
  }

  /** Creates and stores a new key under `name`; returns its address. */
  async create(name: string, privateKey?: string): Promise<string> {
    const wallet = privateKey ? new Wallet(privateKey) : Wallet.createRandom();
    const json = await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, this.password, {
      scrypt: { N: SCRYPT_N },
    });
    writePrivateFile(this.file(name), json);
    this.unlocked.set(name, new Wallet(wallet.privateKey));
    return wallet.address;
  }

  has(name: string): boolean {
    return this.unlocked.has(name) || existsSync(this.file(name));
  }

  /** The key stored under `name`, decrypted once and kept in memory. */
  async wallet(name: string): Promise<Wallet> {
    let wallet = this.unlocked.get(name);
    if (!wallet) {
      const json = readFileSync(this.file(name), "utf8");
      const decrypted = await Wallet.fromEncryptedJson(json, this.password);
      wallet = new Wallet(decrypted.privateKey);
      this.unlocked.set(name, wallet);
    }
    return wallet;
  }

  /** Deletes the key stored under `name`. */
  remove(name: string): void {
    this.unlocked.delete(name);
    rmSync(this.file(name), { force: true });
  }

  private file(name: string): string {
    return path.join(this.directory, `${encodeURIComponent(name)}.json`);
  }
}
