/** The response check that every API test goes through: it does refuse what the document does not describe. */
import { expect } from "chai";
import express from "express";
import request from "supertest";
import { createApp, routesOf } from "../../api/app.ts";
import type { GatewayContext } from "../../api/context.ts";
import { openApiDocument } from "../../api/openapi.ts";
import { organizationNumbersIn, PARTY_PROPERTIES } from "./responseValidation.ts";

/** An app that documents the gateway's routes but answers `body` with `status` (and `type`) on every request. */
function answering(status: number, body: unknown, type = "application/json") {
  const app = express();
  app.locals.routes = routesOf(createApp({} as GatewayContext));
  app.use((_req, res) => void res.status(status).type(type).send(JSON.stringify(body)));
  return app as unknown as ReturnType<typeof createApp>;
}

const healthy = {
  status: "ok",
  chain: { ok: true, block: 1, chainId: 31337 },
  ipfs: { ok: true, detail: "ok", backend: "helia" },
  index: { ok: true, block: 1 },
};

describe("the API tests' response check against the OpenAPI document", () => {
  it("when a response matches its operation's schema, then the request passes", async () => {
    await request(answering(200, healthy)).get("/health").expect(200);
  });

  it("when a body does not match the schema of its status, then the request fails with the path, status and errors", async () => {
    const error = await request(answering(200, { ...healthy, status: "fine" }))
      .get("/health")
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).to.match(/GET \/health answered 200 .*does not match its documented schema/s);
    expect(error?.message).to.include("/status");
  });

  it("when a 2xx status is not documented, or a problem lacks its shape, then the request fails", async () => {
    const undocumented = await request(answering(202, healthy))
      .get("/health")
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(undocumented?.message).to.match(/a status \/health does not document/);
    const badProblem = await request(answering(404, { status: "404" }, "application/problem+json"))
      .get("/v1/bills-of-lading/X")
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(badProblem?.message).to.match(/answered 404 .*does not match/s);
  });

  it("when a refusal names an organization by its registry number, then the request fails with where", async () => {
    const problem = {
      type: "https://paperless-port.dev/problems/BillOfLadingNotHolder",
      title: "Refused by the contract",
      status: 403,
      detail: "Only the holder may do this.",
      instance: "/v1/bills-of-lading/X/transfer",
      contractError: {
        name: "BillOfLadingNotHolder",
        args: { tokenId: "1", holder: { orgId: "X", name: "Y" }, org: 3 },
      },
    };
    const error = await request(answering(403, problem, "application/problem+json"))
      .post("/v1/bills-of-lading/X/transfer")
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).to.match(/naming organizations by registry number at \/contractError\/args\/org:/);
  });

  it("when a body names organizations by orgId and name, then the scan finds no registry number", () => {
    expect(
      organizationNumbersIn({ items: [{ holder: { orgId: "X", name: "Y" }, endorsee: null, version: 2 }] }),
    ).to.deep.equal([]);
    expect(organizationNumbersIn({ items: [{ history: [{ by: 4 }] }] })).to.deep.equal(["/items/0/history/0/by"]);
  });

  it("when the OpenAPI document describes an organization anywhere, then it is never a number", () => {
    const numeric: string[] = [];
    const walk = (schema: unknown, path: string): void => {
      if (!schema || typeof schema !== "object") return;
      for (const [key, value] of Object.entries(schema)) {
        if (key !== "properties" || !value || typeof value !== "object") {
          walk(value, `${path}/${key}`);
          continue;
        }
        for (const [name, property] of Object.entries(value as Record<string, unknown>)) {
          const types = JSON.stringify(property).match(/"type":"(integer|number)"/);
          if (PARTY_PROPERTIES.has(name) && types && !JSON.stringify(property).includes('"orgId"'))
            numeric.push(`${path}/${name}`);
          walk(property, `${path}/${name}`);
        }
      }
    };
    const document = openApiDocument(routesOf(createApp({} as GatewayContext)));
    walk(document, "");
    expect(numeric).to.deep.equal([]);
    expect(JSON.stringify(document)).to.include('"uploadedBy"');
  });
});
