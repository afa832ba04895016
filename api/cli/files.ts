/**
 * Local input: DCSA JSON files, and what a batch issue reads — a folder of transport documents, or a manifest:
 *
 *   { "issueTo": "<orgId>", "consignee": "<orgId>",
 *     "billsOfLading": [ { "file": "bl-001.json", "issueTo": "<orgId>", "consignee": "<orgId>" }, … ] }
 *
 * Each entry names a DCSA transport document file (relative to the manifest); its `issueTo` and `consignee` default
 * to the manifest's, which default to the command's `--issue-to` and `--consignee`.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { CliError, EXIT } from "./output.ts";

const badInput = (detail: string) => new CliError(EXIT.usage, "Bad local input", detail);

/** The JSON in `file`, or a bad-input failure (exit 2) that says what is wrong with it. */
export async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw badInput(`${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badInput(`${file} is not JSON: ${(error as Error).message}.`);
  }
}

/** A DCSA transport document from `file`: a JSON object. */
export async function readTransportDocument(file: string): Promise<Record<string, unknown>> {
  const document = await readJson(file);
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw badInput(`${file} does not hold a DCSA transport document (a JSON object).`);
  }
  return document as Record<string, unknown>;
}

/** One B/L to issue in a batch. */
export interface BatchEntry {
  file: string;
  issueTo: string;
  consignee?: string;
}

const text = (value: unknown, where: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !value) throw badInput(`${where} must be a non-empty string.`);
  return value;
};

/** The B/Ls a batch issue reads from a folder (every *.json, by name) or a manifest file. */
export async function readBatch(
  source: string,
  defaults: { issueTo?: string; consignee?: string },
): Promise<BatchEntry[]> {
  const info = await stat(source).catch(() => {
    throw badInput(`${source} is neither a folder nor a manifest file.`);
  });
  let entries: { file: string; issueTo?: string; consignee?: string }[];
  if (info.isDirectory()) {
    const names = (await readdir(source)).filter((n) => n.endsWith(".json")).sort();
    entries = names.map((n) => ({ file: path.join(source, n), ...defaults }));
  } else {
    const manifest = (await readJson(source)) as Record<string, unknown>;
    const list = manifest?.billsOfLading;
    if (!Array.isArray(list)) throw badInput(`${source}: a manifest is a JSON object with a 'billsOfLading' array.`);
    const issueTo = text(manifest.issueTo, `${source}: issueTo`) ?? defaults.issueTo;
    const consignee = text(manifest.consignee, `${source}: consignee`) ?? defaults.consignee;
    entries = list.map((item: unknown, i: number) => {
      const where = `${source}: billsOfLading[${i}]`;
      if (typeof item !== "object" || item === null) throw badInput(`${where} must be an object with a 'file'.`);
      const entry = item as Record<string, unknown>;
      const file = text(entry.file, `${where}.file`);
      if (!file) throw badInput(`${where} names no 'file'.`);
      return {
        file: path.resolve(path.dirname(source), file),
        issueTo: text(entry.issueTo, `${where}.issueTo`) ?? issueTo,
        consignee: text(entry.consignee, `${where}.consignee`) ?? consignee,
      };
    });
  }
  if (entries.length === 0) throw badInput(`${source} names no B/L to issue (no *.json file, or an empty list).`);
  return entries.map((e) => {
    if (!e.issueTo) throw badInput(`${e.file}: no first holder: give --issue-to, or issueTo in the manifest.`);
    return { file: e.file, issueTo: e.issueTo, consignee: e.consignee };
  });
}
