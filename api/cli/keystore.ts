/**
 * The organization's key on the user's machine: one standard Ethereum JSON keystore (scrypt, the format ethers,
 * geth and MetaMask read), `keystore.json` in `$PAPERLESS_HOME` (default `~/.paperless/`), the file 0600 in a 0700
 * folder. The password comes from `PAPERLESS_KEYSTORE_PASSWORD` (scripts) or a hidden prompt on the terminal.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { encryptKeystoreJson, getAddress, isKeystoreJson, Wallet } from "ethers";
import { CliError, EXIT } from "./output.ts";

/** scrypt's cost with `--light-kdf`: unlocks in milliseconds, for test and throw-away keys only. */
const LIGHT_SCRYPT_N = 1 << 12;
/** ethers' (and geth's) standard scrypt cost, 2^17: about a second to unlock, which is what guards a stolen file. */
const STANDARD_SCRYPT_N = 1 << 17;
const MIN_PASSWORD_LENGTH = 8;

export const paperlessHome = () => process.env.PAPERLESS_HOME || path.join(os.homedir(), ".paperless");
export const keystoreFile = () => path.join(paperlessHome(), "keystore.json");

const keystoreProblem = (detail: string) => new CliError(EXIT.keystore, "Keystore problem", detail);

/** Reads a password from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    throw keystoreProblem(
      "No keystore password: set PAPERLESS_KEYSTORE_PASSWORD, or run the command in a terminal to be asked for it.",
    );
  }
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = "";
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === "\r" || ch === "\n") {
            stdin.off("data", onData);
            return resolve(typed);
          }
          if (ch === "\u0003") {
            stdin.off("data", onData);
            return reject(keystoreProblem("Interrupted: no password given."));
          }
          if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      stdin.on("data", onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write("\n");
  }
}

async function password(purpose: "unlock" | "new"): Promise<string> {
  const fromEnv = process.env.PAPERLESS_KEYSTORE_PASSWORD;
  const given = fromEnv ?? (await promptHidden(purpose === "new" ? "New keystore password: " : "Keystore password: "));
  if (purpose === "new") {
    if (given.length < MIN_PASSWORD_LENGTH) {
      throw keystoreProblem(`The keystore password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
    }
    if (fromEnv === undefined && (await promptHidden("Repeat the password: ")) !== given) {
      throw keystoreProblem("The two passwords differ: nothing was written.");
    }
  }
  return given;
}

/** Never over an existing keystore: a key the operator registered must not be lost by a typo. */
function refuseIfKept(): void {
  const file = keystoreFile();
  if (existsSync(file)) {
    throw keystoreProblem(
      `A key is already kept in ${file}; move that file away first, or set PAPERLESS_HOME to another folder.`,
    );
  }
}

async function store(json: string): Promise<void> {
  const home = paperlessHome();
  refuseIfKept();
  if (!existsSync(home)) {
    await mkdir(home, { recursive: true, mode: 0o700 });
    await chmod(home, 0o700); // mkdir's mode is narrowed by the umask, never widened; make it exact
  } else if (((await stat(home)).mode & 0o077) !== 0) {
    throw keystoreProblem(`${home} can be read by other users: run 'chmod 700 ${home}' first, then try again.`);
  }
  await writeFile(keystoreFile(), json, { mode: 0o600, flag: "wx" });
}

async function encrypt(privateKey: string, lightKdf: boolean): Promise<{ address: string; json: string }> {
  const wallet = new Wallet(privateKey);
  const json = await encryptKeystoreJson(
    { address: wallet.address, privateKey: wallet.privateKey },
    await password("new"),
    {
      scrypt: { N: lightKdf ? LIGHT_SCRYPT_N : STANDARD_SCRYPT_N },
    },
  );
  return { address: wallet.address, json };
}

/** Makes a new key and keeps it encrypted; its address is what the operator registers as the signer. */
export async function newKey(options: { lightKdf: boolean }): Promise<string> {
  refuseIfKept(); // before asking for a password
  const { address, json } = await encrypt(Wallet.createRandom().privateKey, options.lightKdf);
  await store(json);
  return address;
}

/**
 * Keeps an existing key: a JSON keystore (kept as it is, once the password opens it) or a hex private key (encrypted
 * with the password).
 */
export async function importKey(text: string, options: { lightKdf: boolean }): Promise<string> {
  refuseIfKept();
  const content = text.trim();
  if (isKeystoreJson(content)) {
    const wallet = await decrypt(content, await password("unlock"));
    await store(content);
    return wallet.address;
  }
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(content)) {
    throw new CliError(
      EXIT.usage,
      "Bad local input",
      "The key to import is neither a JSON keystore nor a 32-byte hex private key.",
    );
  }
  const { address, json } = await encrypt(content.startsWith("0x") ? content : `0x${content}`, options.lightKdf);
  await store(json);
  return address;
}

async function readKeystore(): Promise<string> {
  const file = keystoreFile();
  try {
    return await readFile(file, "utf8");
  } catch {
    throw keystoreProblem(`No key is kept in ${file}: make one with 'paperless key new' or 'paperless key import'.`);
  }
}

async function decrypt(json: string, given: string): Promise<Wallet> {
  try {
    const wallet = await Wallet.fromEncryptedJson(json, given);
    return new Wallet(wallet.privateKey);
  } catch (error) {
    if (/incorrect password/i.test((error as Error).message)) {
      throw keystoreProblem("The keystore password is wrong: the key was not unlocked, and nothing was sent.");
    }
    throw keystoreProblem(`The keystore cannot be read: ${(error as Error).message}.`);
  }
}

/** The kept key's signer address, read from the keystore without its password. */
export async function keyAddress(): Promise<string> {
  const json = await readKeystore();
  try {
    return getAddress(`0x${String(JSON.parse(json).address).replace(/^0x/, "")}`);
  } catch {
    throw keystoreProblem(`${keystoreFile()} is not a JSON keystore with an address.`);
  }
}

/** The kept key, unlocked with its password. */
export async function unlock(): Promise<Wallet> {
  const json = await readKeystore();
  return decrypt(json, await password("unlock"));
}
