/**
 * `npm run build:console`: builds the web console (api/console/web) with Vite into dist/console, which every node
 * serves at /console. `--if-stale` builds only when the sources changed since the last build (a hash of them is kept
 * beside the bundle), so `npm start`, `npm run serve` and `npm test` can call it every time.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CONSOLE_DIST } from "../api/console/dist.ts";

const root = path.join(import.meta.dirname, "..");
const web = path.join(root, "api/console/web");
/** What the bundle is made of: the web folder, the gateway's files it imports, and the tools' versions. */
const SOURCES = [
  web,
  "api/client/index.ts",
  "api/client/openapiTypes.ts",
  "api/release/containerNumber.ts",
  "api/domain.ts",
];
const stamp = path.join(CONSOLE_DIST, ".sources.sha256");

function files(entry: string): string[] {
  const full = path.resolve(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

function sourcesHash(): string {
  const hash = createHash("sha256");
  for (const file of SOURCES.flatMap(files))
    hash.update(path.relative(root, file)).update("\0").update(readFileSync(file));
  for (const pkg of ["vite", "preact", "i18next", "openapi-fetch", "ethers", "jsqr", "echarts"])
    hash.update(JSON.parse(readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")).version);
  return hash.digest("hex");
}

const current = sourcesHash();
if (process.argv.includes("--if-stale") && existsSync(stamp) && readFileSync(stamp, "utf8") === current)
  process.exit(0);

// Vite is loaded only when there is something to build: the check above is all an up-to-date start costs.
const { build } = await import("vite");
await build({
  root: web,
  base: "/console/",
  configFile: false,
  logLevel: "warn",
  // JSX through Vite's own transform (oxc), as Preact's runtime: no framework plugin needed.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: CONSOLE_DIST,
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    modulePreload: { polyfill: false },
    // The dashboard's chart chunk is ECharts' core (about 500 kB, 170 kB gzipped), loaded by that page alone.
    chunkSizeWarningLimit: 600,
  },
});
writeFileSync(stamp, current);
console.log(`Built the web console into ${path.relative(root, CONSOLE_DIST)}`);
