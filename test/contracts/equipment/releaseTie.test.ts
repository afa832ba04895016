/**
 * An import pick-up e-EIR is tied to its release (issue 9, point 7): issued by the delivery order's carrier (or its
 * agent) while the order is live; gated out only on a release gate-out under an order of the same carrier; one release,
 * one pick-up. Each attack of "Why" 7 now fails with its exact error.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { BlType, SurrenderKind, issueBl } from "../../fixtures/community.ts";
import { CONTAINERS, DAY, declaration } from "../../fixtures/release.ts";
import {
  PLATE,
  SEALS,
  deployWithImport,
  gateArgs,
  importPickUp,
  issueEir,
  orderRef,
  type WithImport,
} from "../../fixtures/equipment.ts";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployWithImport(ethers);
const box = CONTAINERS.first;
const YEAR = 365 * DAY;
const eir = (c: WithImport) => c.equipmentInterchange;

describe("EquipmentInterchange: an import pick-up is tied to its release", function () {
  describe("issue", function () {
    it("when another carrier issues a pick-up on the delivery order, then NotDeliveryOrderCarrier (attack 7a)", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      await expect(c.eir("carrier2").issue(await importPickUp(c)))
        .to.be.revertedWithCustomError(eir(c), "EquipmentInterchangeNotDeliveryOrderCarrier")
        .withArgs(c.deliveryOrderId, c.orgs.carrier2, c.orgs.carrier);
    });

    it("when the carrier's agent issues it, then it is issued; an agent of another carrier is refused", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const id = await issueEir(c, await importPickUp(c), "agent");
      expect((await eir(c).equipmentInterchange(id)).issuer).to.equal(c.orgs.agent);
      await c.partyRegistry.connect(c.signers.agent).appointAgent(c.orgs.agent, 0); // it resigns first
      await c.partyRegistry.connect(c.signers.carrier2).appointAgent(c.orgs.agent, c.orgs.carrier2);
      await expect(c.eir("agent").issue(await importPickUp(c, { haulier: c.orgs.haulier2 })))
        .to.be.revertedWithCustomError(eir(c), "EquipmentInterchangeNotDeliveryOrderCarrier")
        .withArgs(c.deliveryOrderId, c.orgs.agent, c.orgs.carrier);
    });

    it("when the delivery order was revoked, then DeliveryOrderRevoked", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      await c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "consignee changed");
      const { revokedAt } = await c.importRelease.deliveryOrder(c.deliveryOrderId);
      await expect(c.eir("carrier").issue(await importPickUp(c)))
        .to.be.revertedWithCustomError(eir(c), "EquipmentInterchangeDeliveryOrderRevoked")
        .withArgs(c.deliveryOrderId, revokedAt);
    });

    it("when it is issued a year after the delivery order expired, then DeliveryOrderExpired (attack 7b)", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      await c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE); // the release used the order while live
      const { validUntil } = await c.importRelease.deliveryOrder(c.deliveryOrderId);
      const later = validUntil + BigInt(YEAR);
      await networkHelpers.time.setNextBlockTimestamp(later);
      await expect(c.eir("carrier").issue(await importPickUp(c, { validFrom: later, validUntil: later + BigInt(DAY) })))
        .to.be.revertedWithCustomError(eir(c), "EquipmentInterchangeDeliveryOrderExpired")
        .withArgs(c.deliveryOrderId, validUntil, later);
    });

    it("when the delivery order is in its last second, then the pick-up is issued", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const { validUntil } = await c.importRelease.deliveryOrder(c.deliveryOrderId);
      const request = await importPickUp(c, { validUntil: validUntil + BigInt(DAY) });
      await networkHelpers.time.setNextBlockTimestamp(validUntil);
      await expect(c.eir("carrier").issue(request)).to.emit(eir(c), "Issued");
    });
  });

  describe("gate-out", function () {
    it("when several pick-ups are issued on one release, then only the first gates out (attack 7c)", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const first = await issueEir(c, await importPickUp(c));
      const second = await issueEir(c, await importPickUp(c));
      await c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE);
      const { gatedOutAt } = await c.importRelease.containerRelease(box);
      await expect(c.eir("terminal").recordGateOut(first, ...gateArgs(c, {}, SEALS))).to.emit(eir(c), "GatedOut");
      expect(await eir(c).pickedUpRelease(box)).to.deep.equal([c.deliveryOrderId, gatedOutAt]);
      await expect(c.eir("terminal").recordGateOut(second, ...gateArgs(c, {}, SEALS)))
        .to.be.revertedWithCustomError(eir(c), "EquipmentInterchangeReleaseAlreadyPickedUp")
        .withArgs(second, box, c.deliveryOrderId, gatedOutAt);
      expect((await eir(c).equipmentInterchange(second)).gatedOutAt).to.equal(0n);
    });

    it("when a pick-up of another carrier's earlier order meets this carrier's release, then ContainerNotOnDeliveryOrder: it gates out only on the order it was issued on (attack 7a)", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const container = CONTAINERS.third;
      // The carrier's delivery order for the box, before any discharge, and a pick-up on it; then the order is revoked.
      const ownBl = await accomplished(c, "COSU6300000002", "carrier");
      const now = await c.now();
      await c.as("carrier").issueDeliveryOrder(ownBl, [container], 0, c.orgs.terminal, now, now + BigInt(10 * DAY));
      const ownOrder = await c.importRelease.deliveryOrderCount();
      const id = await issueEir(c, await importPickUp(c, { container, orderReference: orderRef(ownOrder) }));
      await c.as("carrier").revokeDeliveryOrder(ownOrder, "wrong vessel");
      // The box comes in under carrier2's B/L and its release lets it out with the same haulier.
      const otherBl = await accomplished(c, "EGLV6300000001", "carrier2");
      await c.as("terminal").recordDischarge(otherBl, container);
      const later = await c.now();
      await c
        .as("carrier2")
        .issueDeliveryOrder(otherBl, [container], 0, c.orgs.terminal, later, later + BigInt(10 * DAY));
      const otherOrder = await c.importRelease.deliveryOrderCount();
      await c.as("customs").recordCustomsRelease(declaration("020220261000000002"), otherBl, [container]);
      await c.as("consignee").nominateHaulier(otherOrder, container, c.orgs.haulier);
      await c.as("terminal").recordGateOut(container, c.orgs.haulier, PLATE);
      await expect(c.eir("terminal").recordGateOut(id, ...gateArgs(c, {}, SEALS)))
        .to.be.revertedWithCustomError(eir(c), "EquipmentInterchangeContainerNotOnDeliveryOrder")
        .withArgs(ownOrder, container, otherOrder);
    });

    it("when the agent that issued the pick-up now acts for another carrier, then ReleasedForAnotherCarrier", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const id = await issueEir(c, await importPickUp(c), "agent");
      await c.partyRegistry.connect(c.signers.agent).appointAgent(c.orgs.agent, 0); // it resigns first
      await c.partyRegistry.connect(c.signers.carrier2).appointAgent(c.orgs.agent, c.orgs.carrier2);
      await c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE);
      await expect(c.eir("terminal").recordGateOut(id, ...gateArgs(c, {}, SEALS)))
        .to.be.revertedWithCustomError(eir(c), "EquipmentInterchangeReleasedForAnotherCarrier")
        .withArgs(id, c.deliveryOrderId, c.orgs.carrier, c.orgs.agent);
    });

    it("when the agent issued the pick-up, then it gates out on its carrier's release", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const id = await issueEir(c, await importPickUp(c), "agent");
      await c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE);
      await expect(c.eir("terminal").recordGateOut(id, ...gateArgs(c, {}, SEALS))).to.emit(eir(c), "GatedOut");
    });
  });
});

/** A to-order B/L of `carrier`, endorsed to the consignee, surrendered for delivery and accepted. */
async function accomplished(c: WithImport, number: string, carrier: "carrier" | "carrier2"): Promise<bigint> {
  const tokenId = await issueBl(c, { number, type: BlType.ToOrder, carrier: c.signers[carrier] });
  await (await c.bl("shipper").endorseAndDeliver(tokenId, c.orgs.consignee)).wait();
  await (await c.bl("consignee").surrender(tokenId, SurrenderKind.Delivery)).wait();
  await (await c.bl(carrier).acceptSurrender(tokenId)).wait();
  return tokenId;
}
