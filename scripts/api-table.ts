/**
 * Rewrites the README's API table from the OpenAPI document (built without a chain), formatted by Prettier:
 *   npm run api-table
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { apiDocument } from "../api/app.ts";
import { withApiTable } from "./apiTable.ts";

const file = join(import.meta.dirname, "../README.md");
const before = readFileSync(file, "utf8");
const options = { ...(await prettier.resolveConfig(file)), filepath: file, plugins: [] };
const after = await prettier.format(withApiTable(before, apiDocument()), options);
if (after === before) console.log("README.md: the API table is up to date.");
else {
  writeFileSync(file, after);
  console.log("README.md: the API table was rewritten from the document.");
}
