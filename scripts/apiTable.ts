/**
 * The README's API table, one row per operation of the OpenAPI document, between two marker comments. Written by
 * `npm run api-table` (scripts/api-table.ts); a test fails when the README's table differs from the document.
 */

export const TABLE_START = "<!-- api-table: generated from /openapi.json by `npm run api-table`; do not edit -->";
export const TABLE_END = "<!-- api-table: end -->";
export const TABLE_HEADER = ["method and path", "key", "what", "operationId"];

type Schema = { properties?: Record<string, unknown>; required?: string[] };
type Operation = {
  operationId: string;
  summary: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
};
type Document = { paths: Record<string, Record<string, unknown>>; tags?: { name: string }[] };

const code = (text: string) => "`" + text + "`";

/** A JSON body's fields: the required ones, then `…` when there are optional ones too. */
function fields(schema: Schema | undefined): string {
  const names = Object.keys(schema?.properties ?? {});
  if (!names.length) return "";
  const required = names.filter((name) => schema?.required?.includes(name));
  const shown = [...required, ...(required.length < names.length ? ["…"] : [])];
  return " " + code(`{${shown.join(", ")}}`);
}

/**
 * One row per operation, by tag in the document's order of tags: method, path and query parameters, the body's
 * fields, whether a key is needed, the summary and the operationId.
 */
export function apiTableRows(doc: Document): string[][] {
  const order = (doc.tags ?? []).map((t) => t.name);
  const rank = (op: Operation) => {
    const i = order.indexOf(op.tags?.[0] ?? "");
    return i < 0 ? order.length : i;
  };
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op: op as Operation })),
  );
  const rows: string[][] = [];
  for (const { path, method, op } of operations.sort((a, b) => rank(a.op) - rank(b.op))) {
    const query = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
    const content = op.requestBody?.content ?? {};
    const json = content["application/json"]?.schema;
    const body = json ? fields(json) : Object.keys(content).length ? " (raw body)" : "";
    const target = `${method.toUpperCase()} ${path}${query.length ? "?" + query.join("&") : ""}`;
    rows.push([
      code(target) + body,
      op.security?.length ? "API key" : "none",
      op.summary.replace(/\|/g, "\\|"),
      code(op.operationId),
    ]);
  }
  return rows;
}

/** A Markdown table (Prettier aligns it when the README is formatted). */
export function markdownTable(rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(TABLE_HEADER), line(TABLE_HEADER.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The rows of the table between the markers of a README, cells trimmed; throws when the markers are missing. */
export function readmeTableRows(readme: string): string[][] {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error("The README has no API table markers.");
  return readme
    .slice(start + TABLE_START.length, end)
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    )
    .slice(2);
}

/** The README with its table between the markers replaced by the document's. */
export function withApiTable(readme: string, doc: Document): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error("The README has no API table markers.");
  return (
    readme.slice(0, start + TABLE_START.length) + "\n\n" + markdownTable(apiTableRows(doc)) + "\n\n" + readme.slice(end)
  );
}
