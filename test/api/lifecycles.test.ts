import { expect } from "chai";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { act, as, blPath, chainOf, codesOf, issue, newBlNumber, read } from "./helpers.ts";

describe("B/L lifecycles through the API", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let org: Record<string, string>;
  before(async () => {
    t = await startTestCommunity();
    org = t.orgIds;
  });
  after(async () => t.close());

  const party = (role: string) => ({
    orgId: org[role],
    name: t.community.parties.find((p) => p.orgId === org[role])!.name,
  });

  it("when a to-order B/L goes shipper → bank → consignee and is surrendered for delivery, then it is accomplished with a full DCSA chain", async () => {
    const n = newBlNumber("TOORD");
    const issued = await issue(t, n, "toOrder");
    expect(issued).to.include({ blNumber: n, blType: "toOrder", state: "active", version: 1, blankEndorsed: false });
    expect(issued.holder).to.deep.equal(party("shipper"));
    expect(issued.endorsee).to.deep.equal(party("shipper"));
    expect(issued.consignee).to.equal(null);
    expect((await read(t, n, "shipper")).allowedActions).to.have.members([
      "transfer",
      "endorse",
      "endorse-and-deliver",
      "blank-endorse",
      "surrender",
    ]);

    const toBank = await act(t, "shipper", n, "endorse-and-deliver", { to: org.bank });
    expect(toBank.holder.orgId).to.equal(org.bank);
    expect(toBank.endorsee.orgId).to.equal(org.bank);
    expect(toBank.allowedActions).to.deep.equal([]); // the shipper may do nothing more
    expect((await read(t, n, "bank")).allowedActions).to.include.members(["endorse-and-deliver", "reject-transfer"]);

    const toConsignee = await act(t, "bank", n, "endorse-and-deliver", { to: org.consignee });
    expect(toConsignee.holder.orgId).to.equal(org.consignee);
    const surrendered = await act(t, "consignee", n, "surrender", { kind: "delivery" });
    expect(surrendered).to.include({ state: "surrenderPending", surrenderKind: "delivery" });
    expect(surrendered.controlledBy).to.deep.equal(party("carrier"));
    expect((await read(t, n, "carrier")).allowedActions).to.deep.equal(["accept-surrender", "reject-surrender"]);

    const accepted = await act(t, "carrier", n, "accept-surrender");
    expect(accepted).to.include({ state: "accomplished", controlledBy: null });
    expect(accepted.allowedActions).to.deep.equal([]);
    expect((await read(t, n, "consignee")).allowedActions).to.deep.equal([]);

    const { endorsementChain, versions } = await chainOf(t, n);
    expect(codesOf({ endorsementChain })).to.deep.equal([
      "ISSUE",
      "ENDORSE",
      "TRANSFER",
      "ENDORSE",
      "TRANSFER",
      "SURRENDER_FOR_DELIVERY",
      "SACC",
    ]);
    const pairs = endorsementChain.map((e: { actor: { orgId: string }; recipient: { orgId: string } | null }) => [
      e.actor.orgId,
      e.recipient?.orgId ?? null,
    ]);
    expect(pairs).to.deep.equal([
      [org.carrier, org.shipper],
      [org.shipper, org.bank],
      [org.shipper, org.bank],
      [org.bank, org.consignee],
      [org.bank, org.consignee],
      [org.consignee, org.carrier],
      [org.carrier, org.consignee],
    ]);
    const hashes = endorsementChain.map((e: { transactionHash: string }) => e.transactionHash);
    expect(hashes[1]).to.equal(toBank.transactionHash).and.to.equal(hashes[2]);
    expect(hashes[3]).to.equal(toConsignee.transactionHash).and.to.equal(hashes[4]);
    expect(hashes[5]).to.equal(surrendered.transactionHash);
    expect(hashes[6]).to.equal(accepted.transactionHash);
    const times = endorsementChain.map((e: { actionDateTime: string }) => Date.parse(e.actionDateTime));
    times.forEach((time: number) => expect(time).to.be.a("number").and.not.NaN);
    expect([...times].sort((a, b) => a - b)).to.deep.equal(times);
    const blocks = endorsementChain.map((e: { blockNumber: number }) => e.blockNumber);
    expect([...blocks].sort((a, b) => a - b)).to.deep.equal(blocks);
    expect(versions).to.have.length(1);
    expect(versions[0]).to.include({ version: 1, documentChecksum: issued.documentChecksum });
  });

  it("when a straight B/L is transferred to its consignee and surrendered, then the carrier accomplishes it", async () => {
    const n = newBlNumber("STRT");
    const issued = await issue(t, n, "straight");
    expect(issued.consignee).to.deep.equal(party("consignee"));
    expect(issued.endorsee).to.equal(null);
    expect((await read(t, n, "shipper")).allowedActions).to.deep.equal(["transfer"]);
    await act(t, "shipper", n, "transfer", { to: org.consignee });
    // Held by its consignee, a straight B/L can go nowhere else, so "transfer" is not offered, and the contract agrees.
    expect((await read(t, n, "consignee")).allowedActions).to.deep.equal(["reject-transfer", "surrender"]);
    const refused = await as(t, "consignee").post(blPath(n, "transfer"), { to: org.shipper });
    expect(refused.status).to.equal(409);
    expect(refused.body.contractError.name).to.equal("BillOfLadingNotNamedConsignee");
    await act(t, "consignee", n, "surrender", { kind: "delivery" });
    const done = await act(t, "carrier", n, "accept-surrender");
    expect(done.state).to.equal("accomplished");
    expect(codesOf(await chainOf(t, n))).to.deep.equal(["ISSUE", "TRANSFER", "SURRENDER_FOR_DELIVERY", "SACC"]);
  });

  it("when a sea waybill is issued, then nobody may transfer or surrender it", async () => {
    const n = newBlNumber("SWB");
    const issued = await issue(t, n, "seaWaybill");
    expect(issued).to.include({ blType: "seaWaybill", state: "active" });
    expect(issued.consignee.orgId).to.equal(org.consignee);
    expect((await read(t, n, "shipper")).allowedActions).to.deep.equal([]);
    expect((await read(t, n, "consignee")).allowedActions).to.deep.equal([]);
    expect(codesOf(await chainOf(t, n))).to.deep.equal(["ISSUE"]);
  });

  it("when a to-order B/L is endorsed in blank, then whoever holds it may surrender it", async () => {
    const n = newBlNumber("BLANK");
    await issue(t, n);
    const blank = await act(t, "shipper", n, "blank-endorse");
    expect(blank).to.include({ blankEndorsed: true, endorsee: null });
    expect(blank.allowedActions).to.include.members(["endorse", "surrender"]).and.not.include("blank-endorse");
    await act(t, "shipper", n, "transfer", { to: org.bank });
    const atBank = await read(t, n, "bank");
    expect(atBank).to.include({ blankEndorsed: true });
    expect(atBank.allowedActions).to.include("surrender");
    await act(t, "bank", n, "surrender", { kind: "delivery" });
    expect((await act(t, "carrier", n, "accept-surrender")).state).to.equal("accomplished");
    const { endorsementChain } = await chainOf(t, n);
    expect(codesOf({ endorsementChain })).to.deep.equal([
      "ISSUE",
      "BLANK_ENDORSE",
      "TRANSFER",
      "SURRENDER_FOR_DELIVERY",
      "SACC",
    ]);
    expect(endorsementChain[1].recipient).to.equal(null);
  });

  it("when the recipient rejects an endorse-and-deliver, then the holder and the endorsee before it are restored", async () => {
    const n = newBlNumber("REJ");
    await issue(t, n);
    await act(t, "shipper", n, "endorse-and-deliver", { to: org.bank });
    const rejected = await act(t, "bank", n, "reject-transfer");
    expect(rejected.holder.orgId).to.equal(org.shipper);
    expect(rejected.endorsee.orgId).to.equal(org.shipper);
    const atShipper = await read(t, n, "shipper");
    expect(atShipper.allowedActions).to.include("endorse-and-deliver").and.not.include("reject-transfer");
    const { endorsementChain } = await chainOf(t, n);
    expect(codesOf({ endorsementChain })).to.deep.equal([
      "ISSUE",
      "ENDORSE",
      "TRANSFER",
      "REJECT_TRANSFER",
      "TRANSFER",
    ]);
    expect(endorsementChain[3].actor.orgId).to.equal(org.bank);
    expect(endorsementChain[3].recipient.orgId).to.equal(org.shipper);
    expect(endorsementChain[4].transactionHash).to.equal(rejected.transactionHash);
  });

  it("when the recipient rejects a plain transfer made after an endorsement, then the endorsement stays", async () => {
    const n = newBlNumber("REJ");
    await issue(t, n);
    await act(t, "shipper", n, "endorse", { to: org.bank });
    await act(t, "shipper", n, "transfer", { to: org.bank });
    const rejected = await act(t, "bank", n, "reject-transfer");
    expect(rejected.holder.orgId).to.equal(org.shipper);
    expect(rejected.endorsee.orgId).to.equal(org.bank);
    expect((await read(t, n, "shipper")).allowedActions).to.deep.equal(["transfer"]);
  });

  it("when a B/L is surrendered for amendment and amended, then version 2 is current and version 1 still verifies as not current", async () => {
    const n = newBlNumber("AMEND");
    const original = transportDocument(n, "toOrder");
    const issued = await issue(t, n);
    await act(t, "shipper", n, "surrender", { kind: "amendment" });
    const pending = await read(t, n, "carrier");
    expect(pending).to.include({ state: "surrenderPending", surrenderKind: "amendment" });
    expect(pending.allowedActions).to.deep.equal(["amend", "reject-surrender"]);

    const amendedDocument = { ...transportDocument(n, "toOrder"), shippedOnBoardDate: "2023-12-21" };
    const amended = await act(t, "carrier", n, "amend", { transportDocument: amendedDocument });
    expect(amended).to.include({ state: "active", version: 2, surrenderKind: "none" });
    expect(amended.holder.orgId).to.equal(org.shipper);
    expect(amended.documentChecksum).not.to.equal(issued.documentChecksum);

    const now = await read(t, n, "shipper");
    expect(now.transportDocument).to.deep.equal(amendedDocument);
    expect(now.documentCid).not.to.equal(issued.documentCid);
    expect(now.allowedActions).to.include("surrender");

    const { endorsementChain, versions } = await chainOf(t, n);
    expect(codesOf({ endorsementChain })).to.deep.equal(["ISSUE", "SURRENDER_FOR_AMENDMENT", "SACC", "ISSUE"]);
    expect(endorsementChain[3].transactionHash).to.equal(amended.transactionHash);
    expect(
      versions.map((v: { version: number; documentChecksum: string }) => [v.version, v.documentChecksum]),
    ).to.deep.equal([
      [1, issued.documentChecksum],
      [2, amended.documentChecksum],
    ]);
    expect(versions[1].transactionHash).to.equal(amended.transactionHash);

    const old = await as(t).post("/v1/verify", { transportDocument: original });
    expect(old.status).to.equal(200);
    expect(old.body).to.include({ authentic: true, current: false, version: 1, currentVersion: 2, blNumber: n });
    const fresh = await as(t).get(`/v1/verify/${amended.documentChecksum}`);
    expect(fresh.body).to.include({ authentic: true, current: true, version: 2, currentVersion: 2, state: "active" });
    expect(fresh.body.controlledBy.orgId).to.equal(org.shipper);
  });

  it("when a B/L is surrendered to switch to paper and the carrier accepts, then it is voided", async () => {
    const n = newBlNumber("PAPER");
    await issue(t, n);
    await act(t, "shipper", n, "surrender", { kind: "paper" });
    const voided = await act(t, "carrier", n, "accept-surrender");
    expect(voided).to.include({ state: "voided", controlledBy: null });
    expect(codesOf(await chainOf(t, n))).to.deep.equal(["ISSUE", "SURRENDER_FOR_PAPER", "SACC"]);
    const verified = await as(t).get(`/v1/verify/${voided.documentChecksum}`);
    expect(verified.body).to.include({ authentic: true, current: true, state: "voided", controlledBy: null });
  });

  it("when the carrier rejects a surrender, then the B/L is active again with its holder", async () => {
    const n = newBlNumber("SREJ");
    await issue(t, n);
    await act(t, "shipper", n, "endorse-and-deliver", { to: org.bank });
    await act(t, "bank", n, "surrender", { kind: "delivery" });
    const back = await act(t, "carrier", n, "reject-surrender");
    expect(back).to.include({ state: "active", surrenderKind: "none" });
    expect(back.holder.orgId).to.equal(org.bank);
    expect(back.controlledBy.orgId).to.equal(org.bank);
    expect((await read(t, n, "bank")).allowedActions).to.include("surrender");
    const { endorsementChain } = await chainOf(t, n);
    expect(codesOf({ endorsementChain }).slice(-2)).to.deep.equal(["SURRENDER_FOR_DELIVERY", "SREJ"]);
    expect(endorsementChain.at(-1).actor.orgId).to.equal(org.carrier);
    expect(endorsementChain.at(-1).recipient.orgId).to.equal(org.bank);
  });

  it("when a B/L number is read, then any party gets its state, document and its own allowed actions", async () => {
    const n = newBlNumber("READ");
    const document = transportDocument(n, "toOrder");
    await issue(t, n);
    const asBank = await read(t, n, "bank");
    expect(asBank.transportDocument).to.deep.equal(document);
    expect(asBank.allowedActions).to.deep.equal([]);
    const res = await as(t, "carrier").get(`${blPath(n)}?carrier=${org.carrier}`);
    expect(res.status).to.equal(200);
    expect(res.body.blNumber).to.equal(n);
  });
});
