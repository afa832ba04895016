/**
 * Writes the OpenAPI document the gateway serves at /openapi.json, built from the route declarations without a chain:
 *   node scripts/openapi.ts [file]     (stdout without a file)
 * `npm run lint` lints it with Redocly CLI.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { apiDocument } from "../api/app.ts";

const json = JSON.stringify(apiDocument(), null, 2) + "\n";
const file = process.argv[2];
if (file) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, json);
} else process.stdout.write(json);
