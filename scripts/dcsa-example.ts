/**
 * Prints one DCSA eBL 3.0.3 example transport document as JSON, e.g. as a request body for curl:
 *   node scripts/dcsa-example.ts --reference PPBL0001 --straight > bl.json
 */
import { parseArgs } from "node:util";
import { validateTransportDocument } from "../api/billsOfLading/transportDocument.ts";
import { dcsaExampleTransportDocument, dcsaExampleTransportDocuments } from "../test/fixtures/dcsaExamples.ts";
import type { BillOfLadingType } from "../api/billsOfLading/transportDocument.ts";

const USAGE = `Usage: node scripts/dcsa-example.ts [--reference <B/L number>] [--to-order | --straight | --waybill] [--example <n>]

Prints a DCSA eBL 3.0.3 example transport document (valid against the TransportDocument schema) to stdout.
  --reference <text>  set transportDocumentReference (at most 20 characters, no leading/trailing spaces)
  --to-order          negotiable bill of lading (BOL, isToOrder true)
  --straight          straight bill of lading (BOL, isToOrder false, named consignee)
  --waybill           sea waybill (SWB, isToOrder false, named consignee)
  --example <n>       which DCSA example to start from (0-based; default 0)
  --compact           print on one line instead of indented`;

function fail(message: string, showUsage = true): never {
  process.stderr.write(showUsage ? `${message}\n\n${USAGE}\n` : `${message}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      reference: { type: "string" },
      "to-order": { type: "boolean" },
      straight: { type: "boolean" },
      waybill: { type: "boolean" },
      example: { type: "string" },
      compact: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const types: BillOfLadingType[] = [];
if (values["to-order"]) types.push("toOrder");
if (values.straight) types.push("straight");
if (values.waybill) types.push("seaWaybill");
if (types.length > 1) fail("Choose at most one of --to-order, --straight and --waybill.");

const count = dcsaExampleTransportDocuments().length;
const index = values.example === undefined ? 0 : Number(values.example);
if (!Number.isInteger(index) || index < 0 || index >= count)
  fail(`--example must be a whole number from 0 to ${count - 1}.`);

const document = dcsaExampleTransportDocument({ index, reference: values.reference, blType: types[0] });
const validation = validateTransportDocument(document);
if (!validation.ok) fail(validation.errors.map((error) => `${error.pointer}: ${error.message}`).join("\n"), false);
process.stdout.write(`${JSON.stringify(document, null, values.compact ? undefined : 2)}\n`);
