/** Steps of paperless import release over HTTP, shared by the release API tests. */
import { expect } from "chai";
import { Interface, type InterfaceAbi, type JsonRpcApiProvider } from "ethers";
import { loadArtifact } from "../../api/adapters/chain/artifacts.ts";
import { isContainerNumber } from "../../api/release/containerNumber.ts";
import { GATE_REFUSAL_CODES, type GateRefusalCode } from "../../api/domain.ts";
import { refusalsOf } from "../../api/release/projection.ts";
import type { TestCommunity } from "../fixtures/gateway.ts";
import { act, as, expectStatus, issue, newBlNumber, registerOrganization, type BlType } from "./helpers.ts";

/** A fresh ISO 6346 container number with the right check digit (owner code `owner`, category U). */
let serial = 200000;
export function box(owner = "PPT"): string {
  serial += 1;
  const base = `${owner}U${serial}`;
  for (let digit = 0; digit <= 9; digit++) if (isContainerNumber(base + digit)) return base + digit;
  throw new Error(`no check digit for ${base}`);
}

/** The same container number with a wrong check digit. */
export function withWrongCheckDigit(container: string): string {
  const wrong = `${container.slice(0, 10)}${(Number(container[10]) + 1) % 10}`;
  expect(isContainerNumber(wrong)).to.equal(false);
  return wrong;
}

/** An ISO time `ms` from now. */
export const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
export const DAY_MS = 86_400_000;

/** The refusal codes of a bitmap (a number or the contract's uint256 as 0x hex), in bit order. */
export const codesOfBits = (bits: number | string | bigint) => refusalsOf(Number(bits)).map((r) => r.code);
export const sorted = (codes: readonly string[]) =>
  [...codes].sort(
    (a, b) => GATE_REFUSAL_CODES.indexOf(a as GateRefusalCode) - GATE_REFUSAL_CODES.indexOf(b as GateRefusalCode),
  ) as GateRefusalCode[];

/** Polls until `check` holds, failing after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

export { expectStatus };

/** The import release steps, each expected to succeed unless said otherwise. */
export function releaseSteps(t: TestCommunity) {
  const org = (orgId: string) => t.community.ctx.index.organizationByOrgId(orgId)!.org;
  const rpc = () => t.community.ctx.chain.provider as JsonRpcApiProvider;
  const steps = {
    org,
    /** The organization as responses and refusals name it. */
    party: (orgId: string) => {
      const { name } = t.community.ctx.index.organizationByOrgId(orgId)!;
      return { orgId, name };
    },

    /** A B/L of this type the carrier may issue a delivery order for: to-order accomplished, or a sea waybill. */
    async releasableBl(prefix: string, blType: BlType = "toOrder") {
      const blNumber = newBlNumber(prefix);
      await issue(t, blNumber, blType);
      if (blType === "seaWaybill") return blNumber;
      if (blType === "toOrder") await act(t, "shipper", blNumber, "endorse-and-deliver", { to: t.orgIds.consignee });
      else await act(t, "shipper", blNumber, "transfer", { to: t.orgIds.consignee });
      await act(t, "consignee", blNumber, "surrender", { kind: "delivery" });
      await act(t, "carrier", blNumber, "accept-surrender", {});
      return blNumber;
    },

    registerOrganization: (name: string, roles: string[]) => registerOrganization(t, name, roles),

    /** The carrier's laden import pick-up e-EIR for the container on its delivery order, to the haulier, valid now. */
    async importPickUp(container: string, deliveryOrderId: number, seals = ["CN1234567"]) {
      return expectStatus(
        await as(t, "carrier").post("/v1/equipment-interchanges", {
          container,
          sizeType: "45G1",
          laden: true,
          seals,
          purpose: "importPickUp",
          deliveryOrderId,
          outFacility: t.orgIds.terminal,
          returnFacility: t.orgIds.terminal,
          haulier: t.orgIds.haulier,
          validFrom: inMs(-DAY_MS),
          validUntil: inMs(3 * DAY_MS),
        }),
        201,
      ) as { id: string; reference: string };
    },

    discharge: (blNumber: string, container: string, who = "terminal") =>
      as(t, who).post("/v1/terminal/discharges", { blNumber, container }),

    issueOrder: (
      blNumber: string,
      containers: string[],
      options: { who?: string; terminal?: string; validFrom?: string; validUntil?: string; releaseParty?: string } = {},
    ) =>
      as(t, options.who ?? "carrier").post("/v1/delivery-orders", {
        blNumber,
        containers,
        terminal: options.terminal ?? t.orgIds.terminal,
        validFrom: options.validFrom ?? inMs(-DAY_MS),
        validUntil: options.validUntil ?? inMs(DAY_MS),
        ...(options.releaseParty ? { releaseParty: options.releaseParty } : {}),
      }),

    customs: (
      action: "releases" | "holds" | "holds/lift",
      blNumber: string,
      containers: string[],
      who = "customs",
      declarationNumber = "020220261234567890",
    ) => as(t, who).post(`/v1/customs/${action}`, { declarationNumber, blNumber, containers }),

    nominate: (deliveryOrderId: number, container: string, haulier = t.orgIds.haulier, who = "consignee") =>
      as(t, who).post(`/v1/delivery-orders/${deliveryOrderId}/nominate-haulier`, { container, haulier }),

    revoke: (deliveryOrderId: number, reason: string, who = "carrier") =>
      as(t, who).post(`/v1/delivery-orders/${deliveryOrderId}/revoke`, { reason }),

    gateOut: (container: string, haulier = t.orgIds.haulier, who = "terminal", truckPlate = "津A12345") =>
      as(t, who).post("/v1/gate/gate-outs", { container, haulier, truckPlate }),

    decision: (container: string, haulier = t.orgIds.haulier, who = "terminal") =>
      as(t, who).get(`/v1/gate/decision?container=${container}&haulier=${encodeURIComponent(haulier)}`),

    /**
     * A container of a releasable B/L taken through the steps asked (all by default): discharged at the terminal,
     * covered by a delivery order for the terminal valid from a minute ago for a day, released by customs, and its
     * haulier nominated by the consignee.
     */
    async prepared(
      options: {
        prefix?: string;
        blType?: BlType;
        discharge?: boolean;
        order?: { validFrom?: string; validUntil?: string; terminal?: string } | false;
        customs?: boolean;
        nominate?: boolean;
      } = {},
    ) {
      const { discharge = true, order = {}, customs = true, nominate = true } = options;
      const blNumber = await steps.releasableBl(options.prefix ?? "REL", options.blType);
      const container = box();
      if (discharge) expectStatus(await steps.discharge(blNumber, container), 200);
      let deliveryOrderId = 0;
      if (order)
        deliveryOrderId = expectStatus(await steps.issueOrder(blNumber, [container], order), 201).deliveryOrderId;
      if (customs) expectStatus(await steps.customs("releases", blNumber, [container]), 200);
      if (nominate && order) expectStatus(await steps.nominate(deliveryOrderId, container), 200);
      return { blNumber, container, deliveryOrderId };
    },

    /** Now by the chain's clock (the next block's timestamp), in Unix seconds: not the wall clock. */
    async chainNow(): Promise<number> {
      const pending = await rpc().send("eth_getBlockByNumber", ["pending", false]);
      return Number(pending.timestamp);
    },

    /** The contract's own gate decision (a view call on the pending block, i.e. now), as refusal codes. */
    async contractDecision(container: string, terminal: string, haulier: string) {
      const release = new Interface(loadArtifact("ImportRelease").abi as InterfaceAbi);
      const data = release.encodeFunctionData("gateDecision", [
        "0x" + Buffer.from(container, "ascii").toString("hex"),
        org(terminal),
        org(haulier),
      ]);
      const to = t.community.ctx.chain.address("ImportRelease");
      const result = await rpc().send("eth_call", [{ to, data }, "pending"]);
      const [releasable, reasons] = release.decodeFunctionResult("gateDecision", result) as unknown as [
        boolean,
        bigint,
      ];
      expect(releasable).to.equal(reasons === 0n);
      return codesOfBits(reasons);
    },

    /**
     * Asserts that the gateway's gate decision, the contract's view and the contract's refusal of a gate-out all
     * give exactly `codes`; the refused gate-out leaves the chain where it was.
     */
    async expectGateRefuses(
      container: string,
      codes: GateRefusalCode[],
      options: { haulier?: string; terminal?: string } = {},
    ) {
      const haulier = options.haulier ?? t.orgIds.haulier;
      const terminal = options.terminal ?? "terminal";
      const decision = expectStatus(await steps.decision(container, haulier, terminal), 200);
      expect(decision.releasable).to.equal(false);
      expect(decision.container).to.equal(container);
      expect(decision.terminal.orgId).to.equal(t.orgIds[terminal]);
      expect(decision.haulier.orgId).to.equal(haulier);
      const gateway = decision.refusals.map((r: { code: string }) => r.code);
      expect(gateway, "the gateway's decision").to.deep.equal(sorted(codes));
      for (const r of decision.refusals) expect(r.reason).to.be.a("string").and.not.empty;
      const view = await steps.contractDecision(container, t.orgIds[terminal], haulier);
      expect(view, "the contract's view").to.deep.equal(gateway);

      const block = await t.community.ctx.chain.blockNumber();
      const res = await steps.gateOut(container, haulier, terminal);
      expect(res.status, JSON.stringify(res.body)).to.equal(409);
      expect(res.headers["content-type"]).to.match(/^application\/problem\+json/);
      expect(res.body.contractError.name).to.equal("ImportReleaseNotReleasable");
      expect(res.body.contractError.args.container).to.equal(container);
      expect(codesOfBits(res.body.contractError.args.reasons), "the contract's refusal").to.deep.equal(gateway);
      for (const r of decision.refusals) expect(res.body.detail).to.include(r.reason);
      expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
      return res.body;
    },

    /** Asserts the gate says yes to the container with the haulier, and gates it out. */
    async expectGateReleases(container: string, options: { haulier?: string; terminal?: string } = {}) {
      const haulier = options.haulier ?? t.orgIds.haulier;
      const terminal = options.terminal ?? "terminal";
      const decision = expectStatus(await steps.decision(container, haulier, terminal), 200);
      expect(decision).to.include({ releasable: true });
      expect(decision.refusals).to.deep.equal([]);
      expect(await steps.contractDecision(container, t.orgIds[terminal], haulier)).to.deep.equal([]);
      const out = expectStatus(await steps.gateOut(container, haulier, terminal), 200);
      expect(out.gatedOutAt).to.be.a("string");
      expect(out.history.at(-1)).to.deep.include({ step: "gatedOut" });
      expect(out.history.at(-1).detail).to.deep.include({ truckPlate: "津A12345" });
      return out;
    },
  };
  return steps;
}
