/**
 * HTTP itself: a wrong method on a known path (405 with Allow), headers too large (431, written by the server before
 * Express), a body the route would not read (415), and JSON bodies that end with a newline. Every refusal is
 * application/problem+json and changes nothing.
 */
import { request as httpRequest, type Server } from "node:http";
import { connect } from "node:net";
import { expect } from "chai";
import request from "supertest";
import { listen, MAX_HEADER_BYTES } from "../../api/gateway.ts";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { act, as, blPath, expectProblem, expectRefused, expectStatus, issue, newBlNumber } from "./helpers.ts";

describe("HTTP: methods, header sizes, media types and newlines", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let held: string;
  let pending: string;

  before(async () => {
    t = await startTestCommunity();
    held = newBlNumber("HTTP");
    await issue(t, held);
    pending = newBlNumber("HTTPSURR");
    await issue(t, pending);
    await act(t, "shipper", pending, "surrender", { kind: "delivery" });
  });
  after(async () => t.close());

  const send = (method: string, path: string, who = "carrier") =>
    request(t.app)[method as "get"](path).set("Authorization", `Bearer ${t.keys[who]}`);

  describe("405: a known path asked with a method it does not take", function () {
    for (const [method, path, allow] of [
      ["delete", "/v1/me", "GET, HEAD"],
      ["put", "/v1/bills-of-lading", "GET, HEAD, POST"],
      ["delete", "/v1/bills-of-lading/HTTP0001", "GET, HEAD"],
      ["get", "/v1/bills-of-lading/HTTP0001/transfer", "POST"],
      ["put", "/v1/bills-of-lading/HTTP0001/accept-surrender", "POST"],
      ["get", "/v1/bills-of-lading/batch", "GET, HEAD"], // :blNumber answers GET: not a 405
      ["delete", "/v1/verify", "POST"],
      ["post", "/v1/verify/0x" + "ab".repeat(32), "GET, HEAD"],
      ["patch", "/v1/organizations/91120000CARRIERXXX/suspend", "POST"],
      ["get", "/v1/subscriptions/abc", "DELETE"],
      ["post", "/health", "GET, HEAD"],
      ["post", "/openapi.json", "GET, HEAD"],
      ["put", "/v1/delivery-orders/1", "GET, HEAD"],
      ["delete", "/v1/gate/gate-outs", "POST"],
    ] as const) {
      if (method === "get" && path.endsWith("/batch")) {
        it("when GET /v1/bills-of-lading/batch is asked, then :blNumber answers it (404), not 405", async () => {
          expectProblem(await send(method, path), 404, /batch/);
        });
        continue;
      }
      it(`when ${method.toUpperCase()} ${path} is asked, then 405 with Allow: ${allow}`, async () => {
        const res = await expectRefused(t, { status: 405, bls: [held, pending] }, async () => {
          const r = await send(method, path);
          expect(r.headers.allow).to.equal(allow);
          return r;
        });
        expect(res.detail).to.include(allow);
      });
    }

    it("when an unknown path is asked, then it is still 404 (no Allow)", async () => {
      const res = await send("delete", "/v1/no-such-thing");
      expectProblem(res, 404);
      expect(res.headers.allow).to.equal(undefined);
    });
  });

  describe("431: headers larger than the server reads", function () {
    let server: Server;
    let port: number;
    before(async () => {
      server = await listen(t.app, 0, "127.0.0.1");
      port = (server.address() as { port: number }).port;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    /** Sends a request with these headers through a real socket and reads status, headers and body. */
    const call = (method: string, path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port, method, path, headers }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        });
        req.on("error", reject);
        req.end();
      });

    for (const [label, method, path, headers] of [
      ["one header of 20 KiB on the open /health", "GET", "/health", { "X-Padding": "a".repeat(20 * 1024) }],
      [
        "a 20 KiB API key on a B/L action",
        "POST",
        `/v1/bills-of-lading/${held}/transfer`,
        { Authorization: `Bearer ${"k".repeat(20 * 1024)}` },
      ],
      [
        "200 headers of 100 bytes on a read",
        "GET",
        "/v1/bills-of-lading",
        Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`X-H${i}`, "v".repeat(100)])),
      ],
    ] as const) {
      it(`when a request sends ${label}, then 431 as problem+json and nothing changes`, async () => {
        const before = await t.community.ctx.chain.blockNumber();
        const res = await call(method, path, headers);
        expect(res.status).to.equal(431);
        expect(res.headers["content-type"]).to.match(/^application\/problem\+json/);
        expect(res.body.endsWith("\n")).to.equal(true);
        const problem = JSON.parse(res.body);
        expect(problem).to.include({ status: 431, title: "Request header fields too large" });
        expect(problem.detail).to.include(String(MAX_HEADER_BYTES));
        expect(await t.community.ctx.chain.blockNumber()).to.equal(before);
      });
    }

    it("when the request is not HTTP at all, then 400 as problem+json, written by the server", async () => {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () => socket.write("NOT HTTP AT ALL\r\n\r\n"));
        let text = "";
        socket.setEncoding("utf8");
        socket.on("data", (chunk) => (text += chunk));
        socket.on("end", () => resolve(text));
        socket.on("error", reject);
      });
      const [head, body] = answer.split("\r\n\r\n");
      expect(head.split("\r\n")[0]).to.equal("HTTP/1.1 400 Bad request");
      expect(head).to.match(/^Content-Type: application\/problem\+json/m);
      expect(JSON.parse(body)).to.include({ status: 400, title: "Bad request" });
    });

    it("when headers are just under the limit, then the request is served as usual", async () => {
      const res = await call("GET", "/health", { "X-Padding": "a".repeat(8 * 1024) });
      expect(res.status).to.equal(200);
      expect(JSON.parse(res.body).status).to.equal("ok");
    });
  });

  describe("415: a body the route would not read as JSON", function () {
    for (const [label, who, path, contentType, body] of [
      ["accept-surrender with text/plain bytes", "carrier", "accept", "text/plain", "please accept"],
      ["accept-surrender with a form", "carrier", "accept", "application/x-www-form-urlencoded", "ok=1"],
      ["accept-surrender with an octet stream", "carrier", "accept", "application/octet-stream", "\u0001\u0002"],
      ["reject-surrender with XML", "carrier", "reject", "application/xml", "<reject/>"],
      ["a transfer with JSON sent as text/plain", "shipper", "transfer", "text/plain", '{"to":"91120000BANKXXXXXX"}'],
      ["an issue sent as text/plain", "carrier", "/v1/bills-of-lading", "text/plain", "{}"],
      [
        "a registration sent as a form",
        "operator",
        "/v1/organizations",
        "application/x-www-form-urlencoded",
        "orgId=X",
      ],
      ["a verification sent as text/plain", "carrier", "/v1/verify", "text/plain", '{"documentChecksum":"0x00"}'],
      ["a delivery order sent as CSV", "carrier", "/v1/delivery-orders", "text/csv", "blNumber,containers"],
      [
        "replace-key (no body) with text/plain",
        "bank",
        "/v1/organizations/91120000NOSUCHORG1/replace-key",
        "text/plain",
        "x",
      ],
    ] as const) {
      it(`when ${label} is sent, then it is refused with 415`, async () => {
        const target =
          path === "accept"
            ? blPath(pending, "accept-surrender")
            : path === "reject"
              ? blPath(pending, "reject-surrender")
              : path === "transfer"
                ? blPath(held, "transfer")
                : path;
        const problem = await expectRefused(t, { status: 415, bls: [held, pending] }, () =>
          send("post", target, who).set("Content-Type", contentType).send(body),
        );
        expect(problem.detail).to.include(contentType);
      });
    }

    it("when a JSON body is sent without a Content-Type, then it is refused with 415", async () => {
      const problem = await expectRefused(t, { status: 415, bls: [held, pending] }, () =>
        send("post", blPath(held, "transfer"), "shipper")
          .set("Content-Type", "")
          .send(Buffer.from(JSON.stringify({ to: t.orgIds.bank }))),
      );
      expect(problem.detail).to.match(/no Content-Type|application\/json/);
    });

    it("when the JSON body is in a charset the gateway does not read, then it is refused with 415", async () => {
      await expectRefused(t, { status: 415, bls: [held, pending] }, () =>
        send("post", blPath(held, "transfer"), "shipper")
          .set("Content-Type", "application/json; charset=latin1")
          .send(JSON.stringify({ to: t.orgIds.bank })),
      );
    });

    it("when accept-surrender is then sent with no body, then the surrender is accepted (the refusals changed nothing)", async () => {
      const res = await as(t, "carrier").post(blPath(pending, "accept-surrender"));
      expect(expectStatus(res, 200).state).to.equal("accomplished");
    });
  });

  describe("every JSON body ends with a newline", function () {
    for (const [label, path, status] of [
      ["a success (/health)", "/health", 200],
      ["the API document", "/openapi.json", 200],
      ["a read", "/v1/bills-of-lading", 200],
      ["a problem (404)", "/v1/no-such-thing", 404],
      ["a problem (401)", "/v1/me", 401],
    ] as const) {
      it(`when ${label} is answered, then its body ends with one newline and parses as JSON`, async () => {
        const res = path === "/v1/me" ? await request(t.app).get(path) : await send("get", path);
        expect(res.status).to.equal(status);
        expect(res.text.endsWith("}\n")).to.equal(true);
        expect(JSON.parse(res.text)).to.deep.equal(res.body);
        expect(Number(res.headers["content-length"])).to.equal(Buffer.byteLength(res.text));
      });
    }
  });
});
