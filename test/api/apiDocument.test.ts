/** The OpenAPI document as a reader and a client generator see it: built without a chain, as `npm run lint` lints it. */
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { z } from "zod";
import { documentCidFromSha256 } from "../../api/adapters/ipfs/documentStore.ts";
import { apiDocument, createApp, routesOf } from "../../api/app.ts";
import {
  DOCUMENT_CHECKSUM_EXAMPLE,
  ISSUED_EXAMPLE,
  TRANSPORT_DOCUMENT_EXAMPLE,
} from "../../api/billsOfLading/examples.ts";
import { validateTransportDocument } from "../../api/billsOfLading/transportDocument.ts";
import { canonicalize, documentChecksum } from "../../api/billsOfLading/canonicalForm.ts";
import type { GatewayContext } from "../../api/context.ts";
import { clientSignable } from "../../api/openapi.ts";
import { apiTableRows, readmeTableRows } from "../../scripts/apiTable.ts";

type Parameter = { name: string; in: string; description?: string; required: boolean };
type Operation = { operationId: string; parameters?: Parameter[]; requestBody?: unknown; responses: object };

const API = join(import.meta.dirname, "../../api");
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );

describe("the API document", function () {
  const doc = apiDocument();
  const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops) as Operation[]);
  const nothing = new Proxy({} as GatewayContext, {
    get: () => {
      throw new Error("read");
    },
  });
  const routes = routesOf(createApp(nothing));

  it("when every route's parameters are listed, then each is documented with a description", () => {
    expect(operations.length).to.equal(routes.length);
    for (const route of routes) {
      const op = operations.find((o) => o.operationId === route.operationId)!;
      const shape = (s: z.ZodType | undefined) => (s instanceof z.ZodObject ? Object.keys(s.shape) : []);
      const expected = [
        ...[...route.path.matchAll(/:(\w+)/g)].map((m) => `path ${m[1]}`),
        ...shape(route.query).map((name) => `query ${name}`),
        ...shape(route.headers).map((name) => `header ${name}`),
        ...(clientSignable(route) ? ["header Prefer", "header X-Signer"] : []),
      ];
      const documented = (op.parameters ?? []).map((p) => `${p.in} ${p.name}`);
      expect(documented, route.operationId).to.have.members(expected);
      for (const p of op.parameters ?? [])
        expect(p.description, `${route.operationId}: ${p.in} ${p.name}`).to.be.a("string").and.not.empty;
    }
    const carrier = operations
      .filter((o) => o.parameters?.some((p) => p.name === "blNumber"))
      .filter((o) => !o.parameters!.some((p) => p.in === "query" && p.name === "carrier" && !p.required));
    expect(
      carrier.map((o) => o.operationId),
      "B/L routes without ?carrier=",
    ).to.deep.equal([]);
    const stream = operations.find((o) => o.operationId === "streamEvents")!;
    expect(stream.parameters!.find((p) => p.in === "header")).to.include({ name: "last-event-id", required: false });
  });

  it("when the gateway's sources are read, then handlers get their params, query and headers only from declarations", () => {
    const reads: string[] = [];
    for (const file of sources(API)) {
      const text = readFileSync(file, "utf8");
      const name = relative(API, file);
      for (const m of text.matchAll(/\breq\.(?:query|params|get\(|header\()/g))
        if (name !== "route.ts") reads.push(`${name}: ${m[0]}`);
      for (const m of text.matchAll(/\breq\.headers(?:\[\s*"([^"]+)"\s*\]|\.(\w+))?/g)) {
        const header = m[1] ?? m[2];
        // Content-Type and Content-Length describe the raw body (documented as its media type); Authorization is
        // the security scheme; Cookie and X-CSRF-Token are the console session's (the session security scheme).
        if (!["content-type", "content-length", "authorization", "cookie", "x-csrf-token"].includes(header ?? ""))
          if (name !== "route.ts") reads.push(`${name}: ${m[0]}`);
      }
    }
    expect(reads, "undeclared reads").to.deep.equal([]);
  });

  it("when its examples are read, then the transport document is a valid DCSA one with the documented checksum and CID", () => {
    expect(validateTransportDocument(TRANSPORT_DOCUMENT_EXAMPLE).ok).to.equal(true);
    expect(documentChecksum(canonicalize(TRANSPORT_DOCUMENT_EXAMPLE))).to.equal(DOCUMENT_CHECKSUM_EXAMPLE);
    expect(ISSUED_EXAMPLE.documentCid).to.equal(documentCidFromSha256(DOCUMENT_CHECKSUM_EXAMPLE).toString());
    const issue = doc.paths["/v1/bills-of-lading"].post as {
      requestBody: { content: Record<string, { example?: unknown }> };
      responses: Record<string, { content: Record<string, { example?: unknown }> }>;
    };
    expect(issue.requestBody.content["application/json"].example).to.have.property("transportDocument");
    expect(issue.responses["201"].content["application/json"].example).to.deep.equal(ISSUED_EXAMPLE);
    expect(issue.responses["409"].content["application/problem+json"].example).to.include({ status: 409 });
  });

  it("when the README's API table is read, then it lists every route of the document as npm run api-table writes it", () => {
    const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
    const listed = readmeTableRows(readme);
    const expected = apiTableRows(doc);
    const key = (row: string[]) => row[0].split("`")[1];
    const missing = expected.filter((row) => !listed.some((r) => key(r) === key(row))).map(key);
    expect(missing, "routes missing from the README's API table (run npm run api-table)").to.deep.equal([]);
    expect(listed, "the README's API table differs from the document (run npm run api-table)").to.deep.equal(expected);
    expect(listed.length).to.equal(routes.length);
  });
});
