/**
 * The gateway follows the B/L rules of issue 9: one document backs one B/L (singularity), B/L numbers are DCSA
 * transportDocumentReferences in printable ASCII, a suspended or revoked holder's surrender is not accepted, a revoked
 * holder may only give title back out, a former carrier decides nothing, and verify names the one B/L of a document
 * and what superseded an old version. Every refusal is problem+json and changes nothing.
 */
import { expect } from "chai";
import { ContractRevert } from "../../api/adapters/chain/chain.ts";
import { textToBytes32 } from "../../api/bytes.ts";
import { canonicalize, documentChecksum } from "../../api/billsOfLading/canonicalForm.ts";
import { toProblem } from "../../api/contractErrors.ts";
import { OPERATOR } from "../../api/context.ts";
import { Problem } from "../../api/problem.ts";
import { BillOfLadingService } from "../../api/billsOfLading/service.ts";
import { OrganizationService } from "../../api/organizations/service.ts";
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

const checksumOf = (document: unknown) => documentChecksum(canonicalize(document));

describe("bills of lading: singularity, numbers, suspension, revocation and roles at every act", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let org: Record<string, string>;
  const orgNumber = (orgId: string) => t.community.ctx.index.organizationByOrgId(orgId)!.org;
  /** The organization as a refusal's arguments name it. */
  const partyOf = (orgId: string) => ({ orgId, name: t.community.ctx.index.organizationByOrgId(orgId)!.name });
  /** Sends a transaction with an organization's own key, past the gateway's checks; returns the contract's refusal. */
  async function pastTheGateway(orgId: string, method: string, args: unknown[]): Promise<ContractRevert> {
    const wallet = await t.community.ctx.keystore.wallet(orgId);
    const error = await t.community.ctx.chain.submit(wallet, "BillOfLading", method, args).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ContractRevert);
    return error as ContractRevert;
  }
  /** The problem the gateway makes of a contract refusal. */
  function problemOf(revert: ContractRevert): Problem {
    try {
      toProblem(revert, t.community.ctx.transactions.nameOf);
    } catch (e) {
      return e as Problem;
    }
    throw new Error("toProblem returned");
  }

  before(async () => {
    t = await startTestCommunity();
    org = t.orgIds;
    await registerOrganization(t, "carrier2", ["carrier"], { orgId: "SECONDCARRIER0001", legalName: "Evergreen" });
  });
  after(async () => t.close());

  // Attack 2 of issue 9: the same document backed three live B/Ls.
  describe("one document backs one B/L", function () {
    let n: string;
    before(async () => {
      n = newBlNumber("TJ");
      await issue(t, n);
    });

    it("when the carrier issues the same document again, then 409 names the B/L that holds it, and nothing changes", async () => {
      const problem = await expectRefused(
        t,
        { status: 409, detail: new RegExp(`already backs B/L ${n} `), bls: [n] },
        () => as(t, "carrier").post("/v1/bills-of-lading", issueRequest(t, n)),
      );
      expect(problem.errors).to.deep.equal([
        { pointer: "/transportDocument", message: `Already the document of B/L ${n}, version 1.` },
      ]);
    });

    it("when a second carrier issues the same document, then 409 names the B/L that holds it, and nothing changes", async () => {
      await expectRefused(t, { status: 409, detail: new RegExp(`already backs B/L ${n} `), bls: [n] }, () =>
        as(t, "carrier2").post("/v1/bills-of-lading", issueRequest(t, n)),
      );
      expectProblem(await as(t, "carrier").get(`${blPath(n)}?carrier=${org.carrier2}`), 404);
    });

    it("when the same document is issued past the gateway, then the contract refuses it and the gateway names the B/L", async () => {
      const { tokenId, documentChecksum: checksum } = await read(t, n);
      const revert = await pastTheGateway(org.carrier2, "issue", [
        textToBytes32(n),
        checksum,
        1,
        orgNumber(org.shipper),
        0,
      ]);
      expect(revert.errorName).to.equal("BillOfLadingDocumentInUse");
      expect(revert.errorArgs).to.deep.equal({ documentChecksum: checksum, tokenId });
      const problem = problemOf(revert);
      expect([problem.status, problem.message]).to.deep.equal([
        409,
        `This transport document already backs B/L ${n}: one document backs one B/L, so it cannot be issued or amended to again.`,
      ]);
    });

    it("when a batch holds a document that already backs a B/L, then 409 names that B/L and nothing is issued", async () => {
      const fresh = issueRequest(t, newBlNumber("BNEW"));
      const problem = await expectRefused(
        t,
        { status: 409, detail: new RegExp(`already backs B/L ${n} `), bls: [n], documents: [fresh.transportDocument] },
        () => as(t, "carrier").post("/v1/bills-of-lading/batch", { billsOfLading: [fresh, issueRequest(t, n)] }),
      );
      expect(problem.errors![0].pointer).to.equal("/billsOfLading/1/transportDocument");
    });

    it("when an amendment goes back to the B/L's first document, then 409 says version 1 holds it, and nothing changes", async () => {
      const m = newBlNumber("AMBACK");
      const first = await issue(t, m);
      await act(t, "shipper", m, "surrender", { kind: "amendment" });
      const amended = { ...transportDocument(m), shippedOnBoardDate: "2024-03-03" };
      await act(t, "carrier", m, "amend", { transportDocument: amended });
      await act(t, "shipper", m, "surrender", { kind: "amendment" });
      await expectRefused(
        t,
        { status: 409, detail: new RegExp(`already backs B/L ${m} .*\\(version 1\\)`), bls: [m] },
        () => as(t, "carrier").post(blPath(m, "amend"), { transportDocument: transportDocument(m) }),
      );
      const revert = await pastTheGateway(org.carrier, "amend", [first.tokenId, first.documentChecksum]);
      expect([revert.errorName, revert.errorArgs]).to.deep.equal([
        "BillOfLadingDocumentInUse",
        { documentChecksum: first.documentChecksum, tokenId: first.tokenId },
      ]);
    });
  });

  describe("B/L numbers as the contract validates them (DCSA transportDocumentReference, printable ASCII)", function () {
    for (const [what, number] of [
      ["a trailing space", "TJ0001 "],
      ["a leading space", " TJ0001"],
      ["a non-ASCII letter", "TJ\u00e90001"],
      ["a tab inside", "TJ\t0001"],
      ["21 characters", "ABCDEFGHIJ0123456789K"],
    ] as const) {
      it(`when the number has ${what}, then 422 points at transportDocumentReference and nothing is stored`, async () => {
        const body = issueRequest(t, "PLACEHOLDER");
        body.transportDocument.transportDocumentReference = number;
        const problem = await expectRefused(t, { status: 422, documents: [body.transportDocument] }, () =>
          as(t, "carrier").post("/v1/bills-of-lading", body),
        );
        expect(problem.errors!.map((e) => e.pointer)).to.include("/transportDocument/transportDocumentReference");
      });
    }

    it("when a respelled number reaches the contract past the gateway, then it is refused (BillOfLadingInvalidNumber) as a 422", async () => {
      const number = textToBytes32("TJ0001 ");
      const revert = await pastTheGateway(org.carrier, "issue", [
        number,
        checksumOf(transportDocument("RESPELLED")),
        1,
        orgNumber(org.shipper),
        0,
      ]);
      expect([revert.errorName, revert.errorArgs]).to.deep.equal(["BillOfLadingInvalidNumber", { blNumber: number }]);
      expect(problemOf(revert).status).to.equal(422);
    });
  });

  describe("verify names the one B/L of a document", function () {
    it("when an earlier version is verified, then it says which version superseded it; the current one says none", async () => {
      const n = newBlNumber("VER");
      const original = transportDocument(n);
      await issue(t, n);
      await act(t, "shipper", n, "surrender", { kind: "amendment" });
      const amendedDocument = { ...original, shippedOnBoardDate: "2024-04-04" };
      const amended = await act(t, "carrier", n, "amend", { transportDocument: amendedDocument });
      const old = await as(t).post("/v1/verify", { transportDocument: original });
      expect(old.status).to.equal(200);
      expect(old.body).to.deep.include({ authentic: true, current: false, version: 1, blNumber: n, live: true });
      expect(old.body.supersededBy).to.deep.include({ version: 2, documentChecksum: amended.documentChecksum });
      const current = await as(t).get(`/v1/verify/${amended.documentChecksum}`);
      expect(current.body).to.deep.include({
        authentic: true,
        current: true,
        version: 2,
        supersededBy: null,
        live: true,
      });
    });

    it("when an accomplished B/L's document is verified, then it is authentic but no longer live", async () => {
      const n = newBlNumber("VDONE");
      const issued = await issue(t, n);
      await act(t, "shipper", n, "surrender", { kind: "delivery" });
      await act(t, "carrier", n, "accept-surrender");
      const res = await as(t).get(`/v1/verify/${issued.documentChecksum}`);
      expect(res.body).to.deep.include({ authentic: true, state: "accomplished", live: false, controlledBy: null });
    });
  });

  // Attack 5 of issue 9: a suspended or revoked holder's surrender was accepted.
  describe("a suspended or revoked holder's surrender is not accepted, but may always be returned", function () {
    for (const [status, action, undo] of [
      ["suspended", "suspend", "reinstate"],
      ["revoked", "revoke", undefined],
    ] as const) {
      it(`when the holder is ${status} after surrendering, then accept is refused (403) and reject returns the B/L to it`, async () => {
        const orgId = `HOLDER${status.toUpperCase()}01`.padEnd(18, "X");
        const name = `holder-${status}`;
        await registerOrganization(t, name, ["trader"], { orgId });
        const n = newBlNumber("SURR");
        const issued = await as(t, "carrier").post("/v1/bills-of-lading", {
          transportDocument: transportDocument(n),
          issueTo: orgId,
        });
        expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
        await act(t, name, n, "surrender", { kind: "delivery" });
        expect((await as(t, "operator").post(`/v1/organizations/${orgId}/${action}`)).status).to.equal(200);
        expect((await read(t, n, "carrier")).allowedActions).to.deep.equal(["reject-surrender"]);
        const problem = await expectRefused(t, { status: 403, detail: new RegExp(status), bls: [n] }, () =>
          as(t, "carrier").post(blPath(n, "accept-surrender")),
        );
        expect(problem.contractError).to.deep.equal({
          name: "PartyRegistryOrganizationNotActive",
          args: { org: partyOf(orgId), status: status === "suspended" ? 2 : 3 },
        });
        const back = await act(t, "carrier", n, "reject-surrender");
        expect(back).to.deep.include({ state: "active" });
        expect(back.holder.orgId).to.equal(orgId);
        if (undo) expect((await as(t, "operator").post(`/v1/organizations/${orgId}/${undo}`)).status).to.equal(200);
      });
    }
  });

  describe("a revoked holder may only give title back out (decision 0007)", function () {
    const revokedId = "REVOKEDBANK000001";
    let n: string;
    before(async () => {
      await registerOrganization(t, "revokedBank", ["bank"], { orgId: revokedId, legalName: "Revoked Savings Bank" });
      n = newBlNumber("REV");
      await issue(t, n);
      await act(t, "shipper", n, "endorse-and-deliver", { to: revokedId });
      expect((await as(t, "operator").post(`/v1/organizations/${revokedId}/revoke`)).body.status).to.equal("revoked");
    });

    it("when the gateway works out the revoked bank's next acts, then it may only endorse and deliver, or reject the transfer: as the named endorsee it may not pass possession alone", async () => {
      const billsOfLading = new BillOfLadingService(t.community.ctx, new OrganizationService(t.community.ctx));
      const caller = { kind: "organization", orgId: revokedId, org: orgNumber(revokedId) } as const;
      expect(billsOfLading.view(billsOfLading.find(n), caller).allowedActions).to.deep.equal([
        "endorse-and-deliver",
        "reject-transfer",
      ]);
    });

    // Issue 11: a revoked organization's keys read nothing; they only reach the B/L acts that give title back out.
    it("when the revoked bank reads its B/L, then its key is refused (403) and reads nothing", async () => {
      expectProblem(await as(t, "revokedBank").get(blPath(n)), 403, /is revoked: its API keys can read nothing/);
    });

    for (const [action, body] of [
      ["transfer", { to: "consignee" }],
      ["endorse", { to: "consignee" }],
      ["blank-endorse", undefined],
      ["surrender", { kind: "delivery" }],
    ] as const) {
      it(`when the revoked bank tries ${action}, then it is refused (403, revoked) and nothing changes`, async () => {
        const request = body && "to" in body ? { to: org.consignee } : body;
        const problem = await expectRefused(
          t,
          { status: 403, detail: /revoked: it can receive nothing/, bls: [n] },
          () => as(t, "revokedBank").post(blPath(n, action), request),
        );
        expect(problem.contractError!.name).to.equal("PartyRegistryOrganizationNotActive");
      });
    }

    it("when anyone sends a B/L to the revoked bank, then it is refused (403): it can never receive", async () => {
      const other = newBlNumber("TOREV");
      await issue(t, other);
      await expectRefused(t, { status: 403, detail: /revoked/, bls: [other] }, () =>
        as(t, "shipper").post(blPath(other, "endorse-and-deliver"), { to: revokedId }),
      );
    });

    it("when the revoked bank endorses and delivers to an active consignee, then title leaves it", async () => {
      const moved = await act(t, "revokedBank", n, "endorse-and-deliver", { to: org.consignee });
      expect(moved.holder.orgId).to.equal(org.consignee);
      expect(moved.endorsee.orgId).to.equal(org.consignee);
    });
  });

  // Attack 6 of issue 9: a former carrier still accepted surrenders.
  describe("a former carrier decides on no surrender", function () {
    it("when the issuing carrier lost the carrier role, then accept, reject and amend are refused (403) and nothing changes", async () => {
      const formerId = "FORMERCARRIER0001";
      await registerOrganization(t, "former", ["carrier"], { orgId: formerId, legalName: "Former Lines" });
      const n = newBlNumber("FORMER");
      const issued = await as(t, "former").post("/v1/bills-of-lading", issueRequest(t, n));
      expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
      await act(t, "shipper", n, "surrender", { kind: "delivery" });
      const operator = await t.community.ctx.keystore.wallet(OPERATOR);
      const submitted = await t.community.ctx.chain.submit(operator, "PartyRegistry", "setRoles", [
        orgNumber(formerId),
        1 << 7,
      ]);
      await t.community.ctx.index.include(submitted);
      expect((await read(t, n, "former")).allowedActions).to.deep.equal([]);
      for (const action of ["accept-surrender", "reject-surrender"]) {
        const problem = await expectRefused(
          t,
          { status: 403, detail: /does not hold the carrier role/, bls: [n] },
          () => as(t, "former").post(blPath(n, action)),
        );
        expect(problem.contractError).to.deep.equal({
          name: "BillOfLadingNotCarrier",
          args: { org: partyOf(formerId) },
        });
      }
      const document = { ...transportDocument(n), shippedOnBoardDate: "2024-05-05" };
      await expectRefused(
        t,
        { status: 403, detail: /does not hold the carrier role/, bls: [n], documents: [document] },
        () => as(t, "former").post(blPath(n, "amend"), { transportDocument: document }),
      );
    });
  });

  describe("the amendment counter", function () {
    it("when the contract refuses an amendment past version 65,535, then the gateway says so (409)", async () => {
      const problem = problemOf(
        new ContractRevert("BillOfLadingTooManyAmendments", { tokenId: "0x" + "01".repeat(32), version: 65535 }),
      );
      expect([problem.status, problem.message]).to.deep.equal([
        409,
        "The B/L has reached version 65535, the most it can have: it cannot be amended again; reject the surrender instead.",
      ]);
    });
  });
});
