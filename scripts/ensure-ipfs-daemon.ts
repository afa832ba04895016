/**
 * Makes sure the js-ipfs test daemon (~300 MB) is installed. Its package.json and lockfile live in
 * test/ipfs-daemon; it is installed into node_modules/.cache/ipfs-daemon (outside test/, so the test runner never
 * walks it), only when missing or stale (package.json / package-lock.json changed since the last install).
 * One line of progress on stderr. It is the `pretest` npm script.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "ipfs-daemon");
const DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", ".cache", "ipfs-daemon");
const STAMP = join(DIR, "node_modules", ".paperless-install-stamp");
const CLI = join(DIR, "node_modules", "ipfs", "src", "cli.js");

function fingerprint(): string {
  const hash = createHash("sha256");
  for (const file of ["package.json", "package-lock.json"]) {
    const path = join(SOURCE, file);
    hash
      .update(file)
      .update("\0")
      .update(existsSync(path) ? readFileSync(path) : "")
      .update("\0");
  }
  return hash.digest("hex");
}

function upToDate(): boolean {
  if (!existsSync(CLI) || !existsSync(STAMP)) return false;
  return readFileSync(STAMP, "utf8").trim() === fingerprint();
}

if (upToDate()) {
  process.stderr.write("ensure-ipfs-daemon: the js-ipfs test daemon is up to date\n");
} else {
  // one line: the start now, "done in N s" when finished
  process.stderr.write("ensure-ipfs-daemon: installing the js-ipfs test daemon (js-ipfs, ~300 MB, ~3 min)... ");
  const started = Date.now();
  mkdirSync(DIR, { recursive: true });
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(SOURCE, file), join(DIR, file));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: DIR,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    process.stderr.write(`failed\nensure-ipfs-daemon: npm install failed in ${DIR} (exit ${result.status})\n`);
    process.exit(result.status ?? 1);
  }
  if (!existsSync(CLI)) {
    process.stderr.write(`failed\nensure-ipfs-daemon: npm install finished but ${CLI} is missing\n`);
    process.exit(1);
  }
  writeFileSync(STAMP, fingerprint() + "\n");
  process.stderr.write(`done in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
