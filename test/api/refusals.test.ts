import { expect } from "chai";
import request from "supertest";
import { ContractRevert } from "../../api/adapters/chain/chain.ts";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import {
  act,
  as,
  blPath,
  expectProblem,
  expectRefused,
  issue,
  issueRequest,
  newBlNumber,
  read,
  registerOrganization,
} from "./helpers.ts";

describe("refusals: the gateway says why and changes nothing", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let org: Record<string, string>;
  /** An active to-order B/L held by the shipper, and one held by the bank after endorse-and-deliver. */
  let held: string;
  let atBank: string;
  let straight: string;
  let waybill: string;
  let accomplished: string;
  before(async () => {
    t = await startTestCommunity();
    org = t.orgIds;
    held = newBlNumber("HELD");
    await issue(t, held);
    atBank = newBlNumber("ATBANK");
    await issue(t, atBank);
    await act(t, "shipper", atBank, "endorse-and-deliver", { to: org.bank });
    straight = newBlNumber("STRT");
    await issue(t, straight, "straight");
    waybill = newBlNumber("SWB");
    await issue(t, waybill, "seaWaybill");
    accomplished = newBlNumber("DONE");
    await issue(t, accomplished);
    await act(t, "shipper", accomplished, "surrender", { kind: "delivery" });
    await act(t, "carrier", accomplished, "accept-surrender");
  });
  after(async () => t.close());

  describe("401: who is calling is unknown", function () {
    for (const [label, header] of [
      ["no key", undefined],
      ["a malformed header", "Basic dXNlcjpwYXNz"],
      ["a Bearer header without a key", "Bearer"],
      ["an unknown key", "Bearer pp_not-a-key-anybody-was-given"],
    ] as const) {
      it(`when a party acts with ${label}, then it is refused with 401`, async () => {
        const problem = await expectRefused(t, { status: 401, detail: /API key/, bls: [held] }, () => {
          const r = request(t.app).post(blPath(held, "transfer"));
          return (header ? r.set("Authorization", header) : r).send({ to: org.bank });
        });
        expect(problem).to.not.have.property("errors");
      });
    }

    it("when an unknown key issues a B/L, then it is refused with 401 and the document is not stored", async () => {
      const body = issueRequest(t, newBlNumber("NOKEY"));
      await expectRefused(t, { status: 401, documents: [body.transportDocument] }, () =>
        as(t, "pp_unknown").post("/v1/bills-of-lading", body),
      );
    });

    it("when /v1/me, lists or reads are called without a key, then they are refused with 401", async () => {
      for (const path of [
        "/v1/me",
        "/v1/organizations",
        "/v1/bills-of-lading",
        blPath(held),
        blPath(held, "endorsement-chain"),
      ]) {
        expectProblem(await as(t).get(path), 401, /Authorization: Bearer/);
      }
    });
  });

  describe("400: the request has the wrong shape", function () {
    it("when the body is not valid JSON, then it is refused with 400", async () => {
      const n = newBlNumber("BADJSON");
      await expectRefused(t, { status: 400, detail: /not valid JSON/, documents: [transportDocument(n)] }, () =>
        as(t, "carrier")
          .post("/v1/bills-of-lading")
          .set("Content-Type", "application/json")
          .send('{"transportDocument": {'),
      );
      await expectRefused(t, { status: 400, detail: /not valid JSON/, bls: [held] }, () =>
        as(t, "shipper").post(blPath(held, "transfer")).set("Content-Type", "application/json").send("{to:"),
      );
    });

    it("when a transfer has no 'to', then it is refused with 400 pointing at /to", async () => {
      const problem = await expectRefused(t, { status: 400, bls: [held] }, () =>
        as(t, "shipper").post(blPath(held, "transfer"), {}),
      );
      expect(problem.errors!.map((e) => e.pointer)).to.deep.equal(["/to"]);
    });

    it("when a transfer has no body at all, then it is refused with 400 pointing at /to", async () => {
      const problem = await expectRefused(t, { status: 400, bls: [held] }, () =>
        as(t, "shipper").post(blPath(held, "endorse-and-deliver")),
      );
      expect(problem.errors!.map((e) => e.pointer)).to.deep.equal(["/to"]);
    });

    it("when a surrender has an unknown kind, then it is refused with 400 pointing at /kind", async () => {
      const problem = await expectRefused(t, { status: 400, bls: [held] }, () =>
        as(t, "shipper").post(blPath(held, "surrender"), { kind: "lost" }),
      );
      expect(problem.errors!.map((e) => e.pointer)).to.deep.equal(["/kind"]);
    });

    it("when an issue request lacks issueTo and a transport document, then both are pointed at", async () => {
      const problem = await expectRefused(t, { status: 400 }, () => as(t, "carrier").post("/v1/bills-of-lading", {}));
      expect(problem.errors!.map((e) => e.pointer)).to.have.members(["/transportDocument", "/issueTo"]);
    });

    it("when the list has bad query parameters, then each is pointed at", async () => {
      const res = await as(t, "shipper").get("/v1/bills-of-lading?filter=mine&limit=0&cursor=-1");
      const problem = expectProblem(res, 400, /expected shape/);
      expect(problem.errors!.map((e) => e.pointer)).to.have.members(["/filter", "/limit", "/cursor"]);
      expectProblem(await as(t, "shipper").get("/v1/bills-of-lading?limit=201"), 400);
      expectProblem(await as(t, "shipper").get("/v1/bills-of-lading?limit=abc"), 400);
    });

    it("when a verification gives both, neither or a malformed checksum, then it is refused with 400", async () => {
      const checksum = (await read(t, held)).documentChecksum;
      expectProblem(await as(t).post("/v1/verify", {}), 400);
      expectProblem(
        await as(t).post("/v1/verify", { documentChecksum: checksum, transportDocument: transportDocument(held) }),
        400,
      );
      const problem = expectProblem(await as(t).get("/v1/verify/0x1234"), 400);
      expect(problem.errors!.map((e) => e.pointer)).to.deep.equal(["/documentChecksum"]);
    });

    it("when a batch is empty, then it is refused with 400", async () => {
      const problem = await expectRefused(t, { status: 400 }, () =>
        as(t, "carrier").post("/v1/bills-of-lading/batch", { billsOfLading: [] }),
      );
      expect(problem.errors!.map((e) => e.pointer)).to.deep.equal(["/billsOfLading"]);
    });
  });

  describe("422: the document or the parties do not make a valid B/L", function () {
    it("when the transport document breaks the DCSA schema, then the pointers lead into /transportDocument", async () => {
      const body = issueRequest(t, newBlNumber("SCHEMA"));
      const document = { ...body.transportDocument, transportDocumentStatus: 42 } as Record<string, unknown>;
      delete document.transportDocumentTypeCode;
      const problem = await expectRefused(t, { status: 422, detail: /DCSA eBL 3\.0\.3/, documents: [document] }, () =>
        as(t, "carrier").post("/v1/bills-of-lading", { ...body, transportDocument: document }),
      );
      const pointers = problem.errors!.map((e) => e.pointer);
      expect(pointers).to.include("/transportDocument/transportDocumentStatus");
      pointers.forEach((p) => expect(p).to.match(/^\/transportDocument\//));
    });

    it("when a to-order B/L names a consignee, then it is refused pointing at /consignee", async () => {
      const body = { ...issueRequest(t, newBlNumber("TOCONS")), consignee: org.consignee };
      const problem = await expectRefused(
        t,
        { status: 422, detail: /to-order/, documents: [body.transportDocument] },
        () => as(t, "carrier").post("/v1/bills-of-lading", body),
      );
      expect(problem.errors!.map((e) => e.pointer)).to.deep.equal(["/consignee"]);
    });

    it("when a straight B/L or sea waybill names no consignee, then it is refused pointing at /consignee", async () => {
      for (const blType of ["straight", "seaWaybill"] as const) {
        const body = { ...issueRequest(t, newBlNumber("NOCONS"), blType), consignee: undefined };
        const problem = await expectRefused(
          t,
          { status: 422, detail: /needs a named consignee/, documents: [body.transportDocument] },
          () => as(t, "carrier").post("/v1/bills-of-lading", body),
        );
        expect(problem.errors!.map((e) => e.pointer)).to.deep.equal(["/consignee"]);
      }
    });

    it("when a batch holds one invalid document, then the pointer names its index and nothing is issued", async () => {
      const bodies = [0, 1, 2].map(() => issueRequest(t, newBlNumber("BATCHBAD")));
      (bodies[1].transportDocument as Record<string, unknown>).isToOrder = "yes";
      const problem = await expectRefused(t, { status: 422, documents: bodies.map((b) => b.transportDocument) }, () =>
        as(t, "carrier").post("/v1/bills-of-lading/batch", { billsOfLading: bodies }),
      );
      expect(problem.errors!.map((e) => e.pointer)).to.deep.equal(["/billsOfLading/1/transportDocument/isToOrder"]);
    });

    it("when a batch names the same B/L number twice, then it is refused and nothing is issued", async () => {
      const bodies = Array.from({ length: 20 }, () => issueRequest(t, newBlNumber("BATCHDUP")));
      bodies[7] = issueRequest(t, bodies[3].transportDocument.transportDocumentReference as string);
      bodies[7].transportDocument.shippedOnBoardDate = "2023-12-22";
      const problem = await expectRefused(
        t,
        { status: 422, detail: /same B\/L number twice/, documents: bodies.map((b) => b.transportDocument) },
        () => as(t, "carrier").post("/v1/bills-of-lading/batch", { billsOfLading: bodies }),
      );
      expect(problem.errors!.map((e) => e.pointer)).to.deep.equal([
        "/billsOfLading/7/transportDocument/transportDocumentReference",
      ]);
      expectProblem(
        await as(t, "carrier").get(blPath(bodies[3].transportDocument.transportDocumentReference as string)),
        404,
      );
    });

    it("when a B/L is passed to the holder itself or to a party that cannot hold title, then the contract refuses it", async () => {
      let problem = await expectRefused(t, { status: 422, detail: /cannot receive this B\/L/, bls: [held] }, () =>
        as(t, "shipper").post(blPath(held, "endorse-and-deliver"), { to: org.shipper }),
      );
      expect(problem.contractError!.name).to.equal("BillOfLadingInvalidRecipient");
      problem = await expectRefused(t, { status: 422, detail: /trader, bank or agent/, bls: [held] }, () =>
        as(t, "shipper").post(blPath(held, "transfer"), { to: org.terminal }),
      );
      expect(problem.contractError!.name).to.equal("BillOfLadingInvalidRecipient");
    });

    it("when an amendment changes the B/L number, repeats the document or breaks the schema, then it is refused", async () => {
      const n = newBlNumber("AMENDX");
      await issue(t, n);
      await act(t, "shipper", n, "surrender", { kind: "amendment" });
      const renamed = transportDocument(newBlNumber("OTHER"));
      let problem = await expectRefused(
        t,
        { status: 422, detail: /keeps the B\/L number/, bls: [n], documents: [renamed] },
        () => as(t, "carrier").post(blPath(n, "amend"), { transportDocument: renamed }),
      );
      expect(problem.errors!.map((e) => e.pointer)).to.deep.equal(["/transportDocument/transportDocumentReference"]);
      problem = await expectRefused(t, { status: 422, detail: /identical/, bls: [n] }, () =>
        as(t, "carrier").post(blPath(n, "amend"), { transportDocument: transportDocument(n) }),
      );
      expect(problem.contractError!.name).to.equal("BillOfLadingUnchangedDocument");
      const broken = { ...transportDocument(n), shippedOnBoardDate: 20231221 };
      problem = await expectRefused(t, { status: 422, bls: [n], documents: [broken] }, () =>
        as(t, "carrier").post(blPath(n, "amend"), { transportDocument: broken }),
      );
      expect(problem.errors!.map((e) => e.pointer)).to.include("/transportDocument/shippedOnBoardDate");
    });

    it("when a document to verify breaks the schema, then it is refused with 422", async () => {
      const problem = expectProblem(
        await as(t).post("/v1/verify", { transportDocument: { transportDocumentReference: "X" } }),
        422,
      );
      problem.errors!.forEach((e) => expect(e.pointer).to.match(/^\/transportDocument/));
    });
  });

  describe("403: the caller may not do this", function () {
    it("when a shipper or the operator issues a B/L, then it is refused and the document is not stored", async () => {
      for (const who of ["shipper", "operator"]) {
        const body = issueRequest(t, newBlNumber("NOTCAR"));
        await expectRefused(t, { status: 403, detail: /carrier/, documents: [body.transportDocument] }, () =>
          as(t, who).post("/v1/bills-of-lading", body),
        );
        await expectRefused(t, { status: 403, documents: [body.transportDocument] }, () =>
          as(t, who).post("/v1/bills-of-lading/batch", { billsOfLading: [body] }),
        );
      }
    });

    it("when a party that is not the holder acts, then the contract refuses it naming the holder and the caller by orgId and name", async () => {
      const problem = await expectRefused(t, { status: 403, detail: /Only the holder, Suzano/, bls: [held] }, () =>
        as(t, "bank").post(blPath(held, "endorse-and-deliver"), { to: org.consignee }),
      );
      const party = (orgId: string) => ({ orgId, name: t.community.ctx.index.organizationByOrgId(orgId)!.name });
      const [holder, caller] = [party(org.shipper), party(org.bank)];
      expect(problem.detail).to.equal(
        `Only the holder, ${holder.name} (${holder.orgId}), may do this; you are ${caller.name} (${caller.orgId}).`,
      );
      expect(problem.contractError).to.deep.equal({
        name: "BillOfLadingNotHolder",
        args: { tokenId: (await read(t, held)).tokenId, holder, org: caller },
      });
      await expectRefused(t, { status: 403, bls: [held] }, () =>
        as(t, "carrier").post(blPath(held, "surrender"), { kind: "delivery" }),
      );
    });

    it("when a holder that is not the endorsee endorses or surrenders, then it is refused", async () => {
      const n = newBlNumber("NOTEND");
      await issue(t, n);
      await act(t, "shipper", n, "endorse", { to: org.bank });
      for (const [action, body] of [
        ["endorse-and-deliver", { to: org.consignee }],
        ["surrender", { kind: "delivery" }],
        ["blank-endorse", undefined],
      ] as const) {
        const problem = await expectRefused(t, { status: 403, detail: /endorsee, Bank of Tianjin/, bls: [n] }, () =>
          as(t, "shipper").post(blPath(n, action), body),
        );
        expect(problem.contractError!.name).to.equal("BillOfLadingNotEndorsee");
      }
    });

    it("when the shipper of a straight B/L surrenders it, then only the named consignee may", async () => {
      await expectRefused(t, { status: 403, detail: /named consignee, Tianjin Paper/, bls: [straight] }, () =>
        as(t, "shipper").post(blPath(straight, "surrender"), { kind: "delivery" }),
      );
    });

    it("when another carrier decides on a surrender, then only the issuing carrier may", async () => {
      await registerOrganization(t, "otherCarrier", ["carrier"], {
        orgId: "OTHERCARRIER0001",
        legalName: "Other Lines",
      });
      const n = newBlNumber("OTHERCAR");
      await issue(t, n);
      await act(t, "shipper", n, "surrender", { kind: "delivery" });
      const problem = await expectRefused(t, { status: 403, detail: /issuing carrier, COSCO/, bls: [n] }, () =>
        as(t, "otherCarrier").post(blPath(n, "accept-surrender")),
      );
      expect(problem.contractError!.name).to.equal("BillOfLadingNotIssuingCarrier");
    });

    it("when the operator acts on or lists B/Ls, then it is refused", async () => {
      await expectRefused(t, { status: 403, detail: /operator/, bls: [held] }, () =>
        as(t, "operator").post(blPath(held, "transfer"), { to: org.bank }),
      );
      expectProblem(await as(t, "operator").get("/v1/bills-of-lading"), 403, /operator/);
    });

    it("when others call the operator's endpoints, then they are refused", async () => {
      await expectRefused(t, { status: 403, detail: /operator/ }, () =>
        as(t, "carrier").post("/v1/organizations", { orgId: "X1", name: "X", roles: ["trader"] }),
      );
      for (const action of ["suspend", "reinstate", "revoke", "recovery"]) {
        await expectRefused(t, { status: 403, detail: /operator/ }, () =>
          as(t, "bank").post(`/v1/organizations/${org.shipper}/${action}`),
        );
      }
      const me = await as(t, "shipper").get("/v1/me");
      expect(me.body.status).to.equal("active");
    });

    describe("a suspended organization", function () {
      const suspendedId = "SUSPENDEDTRADER01";
      let itsBl: string;
      before(async () => {
        await registerOrganization(t, "suspended", ["trader"], {
          orgId: suspendedId,
          legalName: "Suspended Trading Co.",
        });
        itsBl = newBlNumber("SUSP");
        const issued = await as(t, "carrier").post("/v1/bills-of-lading", {
          transportDocument: transportDocument(itsBl),
          issueTo: suspendedId,
        });
        expect(issued.status).to.equal(201);
        expect((await as(t, "operator").post(`/v1/organizations/${suspendedId}/suspend`)).body.status).to.equal(
          "suspended",
        );
      });
      after(async () => {
        expect((await as(t, "operator").post(`/v1/organizations/${suspendedId}/reinstate`)).status).to.equal(200);
      });

      // Issue 11: a suspended organization's keys read and do nothing; the gateway refuses before the chain is asked.
      it("when it acts on a B/L it holds, then the gateway refuses its key", async () => {
        const problem = await expectRefused(t, { status: 403, detail: /suspended/, bls: [itsBl] }, () =>
          as(t, "suspended").post(blPath(itsBl, "endorse-and-deliver"), { to: org.bank }),
        );
        expect(problem).not.to.have.property("contractError");
      });

      it("when a B/L is endorsed and delivered to it, then the contract refuses it", async () => {
        const problem = await expectRefused(t, { status: 403, detail: /suspended/, bls: [held] }, () =>
          as(t, "shipper").post(blPath(held, "endorse-and-deliver"), { to: suspendedId }),
        );
        expect(problem.contractError!.name).to.equal("PartyRegistryOrganizationNotActive");
      });

      it("when a B/L is issued to it, then the contract refuses it and the document is not stored", async () => {
        const document = transportDocument(newBlNumber("TOSUSP"));
        await expectRefused(t, { status: 403, detail: /suspended/, documents: [document] }, () =>
          as(t, "carrier").post("/v1/bills-of-lading", { transportDocument: document, issueTo: suspendedId }),
        );
      });
    });
  });

  describe("404: there is no such thing", function () {
    it("when a B/L number is unknown, then reads and actions are refused with 404", async () => {
      expectProblem(await as(t, "carrier").get(blPath("NOSUCHBL")), 404, /NOSUCHBL/);
      expectProblem(await as(t, "carrier").get(blPath("NOSUCHBL", "endorsement-chain")), 404, /NOSUCHBL/);
      await expectRefused(t, { status: 404, detail: /NOSUCHBL/ }, () =>
        as(t, "shipper").post(blPath("NOSUCHBL", "transfer"), { to: org.bank }),
      );
    });

    it("when the recipient's orgId is unknown, then it is refused with 404", async () => {
      await expectRefused(t, { status: 404, detail: /NOBODY/, bls: [held] }, () =>
        as(t, "shipper").post(blPath(held, "endorse-and-deliver"), { to: "NOBODY" }),
      );
      const body = { ...issueRequest(t, newBlNumber("NOHOLDER")), issueTo: "NOBODY" };
      await expectRefused(t, { status: 404, detail: /NOBODY/, documents: [body.transportDocument] }, () =>
        as(t, "carrier").post("/v1/bills-of-lading", body),
      );
    });

    it("when the route does not exist, then it is a 404 problem", async () => {
      expectProblem(await as(t, "carrier").get("/v1/nothing-here"), 404, /GET \/v1\/nothing-here/);
      await expectRefused(t, { status: 404, bls: [held] }, () =>
        as(t, "shipper").post(blPath(held, "give-away"), { to: org.bank }),
      );
    });

    it("when the operator changes an unknown organization, then it is refused with 404", async () => {
      await expectRefused(t, { status: 404, detail: /NOBODY/ }, () =>
        as(t, "operator").post("/v1/organizations/NOBODY/suspend"),
      );
    });
  });

  describe("409: not possible in the B/L's state", function () {
    it("when a party acts on an accomplished B/L, then it is refused", async () => {
      const problem = await expectRefused(t, { status: 409, detail: /accomplished/, bls: [accomplished] }, () =>
        as(t, "shipper").post(blPath(accomplished, "endorse"), { to: org.bank }),
      );
      expect(problem.contractError!.name).to.equal("BillOfLadingWrongState");
      await expectRefused(t, { status: 409, detail: /accomplished/, bls: [accomplished] }, () =>
        as(t, "carrier").post(blPath(accomplished, "accept-surrender")),
      );
    });

    it("when the carrier accepts or rejects a surrender that nobody made, then it is refused", async () => {
      for (const action of ["accept-surrender", "reject-surrender", "amend"]) {
        await expectRefused(t, { status: 409, detail: /active/, bls: [held] }, () =>
          as(t, "carrier").post(
            blPath(held, action),
            action === "amend"
              ? { transportDocument: { ...transportDocument(held), shippedOnBoardDate: "2024-01-02" } }
              : undefined,
          ),
        );
      }
    });

    it("when the carrier answers a surrender with the wrong kind of decision, then it is refused", async () => {
      const forAmendment = newBlNumber("KIND");
      await issue(t, forAmendment);
      await act(t, "shipper", forAmendment, "surrender", { kind: "amendment" });
      await expectRefused(t, { status: 409, detail: /amending/, bls: [forAmendment] }, () =>
        as(t, "carrier").post(blPath(forAmendment, "accept-surrender")),
      );
      const forDelivery = newBlNumber("KIND");
      await issue(t, forDelivery);
      await act(t, "shipper", forDelivery, "surrender", { kind: "delivery" });
      const document = { ...transportDocument(forDelivery), shippedOnBoardDate: "2024-01-03" };
      await expectRefused(t, { status: 409, detail: /another kind/, bls: [forDelivery], documents: [document] }, () =>
        as(t, "carrier").post(blPath(forDelivery, "amend"), { transportDocument: document }),
      );
      await expectRefused(t, { status: 409, detail: /awaiting the carrier/, bls: [forDelivery] }, () =>
        as(t, "shipper").post(blPath(forDelivery, "surrender"), { kind: "delivery" }),
      );
    });

    it("when a carrier reuses a B/L number, then it is refused and the new document is not stored", async () => {
      const body = issueRequest(t, held);
      body.transportDocument.shippedOnBoardDate = "2024-02-02";
      const problem = await expectRefused(
        t,
        { status: 409, detail: /already issued/, bls: [held], documents: [body.transportDocument] },
        () => as(t, "carrier").post("/v1/bills-of-lading", body),
      );
      expect(problem.contractError!.name).to.equal("BillOfLadingNumberTaken");
    });

    it("when a batch of 20 repeats one issued B/L number, then the whole batch is refused and nothing is stored", async () => {
      const bodies = Array.from({ length: 20 }, () => issueRequest(t, newBlNumber("BATCH")));
      bodies[12] = issueRequest(t, held);
      bodies[12].transportDocument.shippedOnBoardDate = "2024-02-03";
      await expectRefused(
        t,
        { status: 409, detail: /already issued/, bls: [held], documents: bodies.map((b) => b.transportDocument) },
        () => as(t, "carrier").post("/v1/bills-of-lading/batch", { billsOfLading: bodies }),
      );
      for (const b of bodies.slice(0, 12)) {
        expectProblem(
          await as(t, "carrier").get(blPath(b.transportDocument.transportDocumentReference as string)),
          404,
        );
      }
    });

    it("when a straight B/L is passed to someone other than its consignee, then it is refused", async () => {
      const problem = await expectRefused(
        t,
        { status: 409, detail: /only to its named consignee/, bls: [straight] },
        () => as(t, "shipper").post(blPath(straight, "transfer"), { to: org.bank }),
      );
      expect(problem.contractError!.name).to.equal("BillOfLadingNotNamedConsignee");
      await expectRefused(t, { status: 409, detail: /cannot be endorsed/, bls: [straight] }, () =>
        as(t, "shipper").post(blPath(straight, "endorse"), { to: org.consignee }),
      );
    });

    it("when a sea waybill is transferred or surrendered, then it is refused", async () => {
      for (const [action, body] of [
        ["transfer", { to: org.consignee }],
        ["surrender", { kind: "delivery" }],
      ] as const) {
        await expectRefused(t, { status: 409, detail: /sea waybill/, bls: [waybill] }, () =>
          as(t, "shipper").post(blPath(waybill, action), body),
        );
      }
    });

    it("when there is nothing to reject, then reject-transfer is refused", async () => {
      const problem = await expectRefused(t, { status: 409, detail: /no transfer to reject/, bls: [held] }, () =>
        as(t, "shipper").post(blPath(held, "reject-transfer")),
      );
      expect(problem.contractError!.name).to.equal("BillOfLadingNothingToReject");
    });

    it("when a B/L endorsed in blank is endorsed in blank again, then it is refused", async () => {
      const n = newBlNumber("BLANK2");
      await issue(t, n);
      await act(t, "shipper", n, "blank-endorse");
      await expectRefused(t, { status: 409, detail: /already endorsed in blank/, bls: [n] }, () =>
        as(t, "shipper").post(blPath(n, "blank-endorse")),
      );
    });
  });

  describe("the contract is the final authority", function () {
    it("when a shipper's own key accepts its surrender past the gateway, then the contract refuses and nothing changes", async () => {
      const n = newBlNumber("BYPASS");
      const issued = await issue(t, n);
      await act(t, "shipper", n, "surrender", { kind: "delivery" });
      const before = { block: await t.community.ctx.chain.blockNumber(), bl: await read(t, n) };
      const wallet = await t.community.ctx.keystore.wallet(org.shipper);
      const error = await t.community.ctx.chain
        .submit(wallet, "BillOfLading", "acceptSurrender", [issued.tokenId])
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).to.be.instanceOf(ContractRevert);
      const revert = error as ContractRevert;
      expect(revert.errorName).to.equal("BillOfLadingNotIssuingCarrier");
      const shipperOrg = t.community.ctx.index.organizationByOrgId(org.shipper)!.org;
      const carrierOrg = t.community.ctx.index.organizationByOrgId(org.carrier)!.org;
      expect(revert.errorArgs).to.deep.equal({ tokenId: issued.tokenId, org: shipperOrg, carrier: carrierOrg });
      expect({ block: await t.community.ctx.chain.blockNumber(), bl: await read(t, n) }).to.deep.equal(before);
    });

    it("when a holder's key transfers a sea waybill past the gateway, then the contract refuses it", async () => {
      const { tokenId } = await read(t, waybill);
      const consignee = t.community.ctx.index.organizationByOrgId(org.consignee)!.org;
      const block = await t.community.ctx.chain.blockNumber();
      const wallet = await t.community.ctx.keystore.wallet(org.shipper);
      const error = await t.community.ctx.chain
        .submit(wallet, "BillOfLading", "transferPossession", [tokenId, consignee])
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect((error as ContractRevert).errorName).to.equal("BillOfLadingNotTransferable");
      expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
    });
  });
});
