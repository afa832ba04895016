/**
 * The whole paperless import, as the port community lives it: a to-order B/L travels from the shipper to the
 * consignee, is surrendered and accomplished; the terminal discharges two containers; the carrier issues a delivery
 * order; customs releases; the consignee nominates a haulier; the gate lets the truck out, and then says it is out.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { BlState, BlType, SurrenderKind, issueBl } from "../../fixtures/community.ts";
import {
  CONTAINERS,
  DAY,
  GateRefusal,
  declaration,
  deployReleaseCommunity,
  truckPlate,
} from "../../fixtures/release.ts";

const { ethers, networkHelpers } = await network.create();

async function community() {
  return deployReleaseCommunity(ethers);
}

describe("ImportRelease: the whole import flow", function () {
  it("when every party does its part, then each step is recorded and the containers leave once", async function () {
    const c = await networkHelpers.loadFixture(community);
    const { importRelease, orgs } = c;
    const boxes = [CONTAINERS.first, CONTAINERS.second];

    // The B/L: issued to order, endorsed and delivered to the consignee, surrendered for delivery, accepted.
    const blTokenId = await issueBl(c, { number: "COSU6300000001", type: BlType.ToOrder });
    await c.bl("shipper").endorseAndDeliver(blTokenId, orgs.consignee);
    await c.bl("consignee").surrender(blTokenId, SurrenderKind.Delivery);
    await c.bl("carrier").acceptSurrender(blTokenId);
    expect((await c.billOfLading.billOfLading(blTokenId)).state).to.equal(BigInt(BlState.Accomplished));

    // The vessel berths: the terminal discharges both containers.
    for (const box of boxes) {
      await expect(c.as("terminal").recordDischarge(blTokenId, box))
        .to.emit(importRelease, "Discharged")
        .withArgs(box, blTokenId, orgs.terminal);
    }
    const dischargedAt = await c.now();

    // The carrier's delivery order to the consignee, at the terminal, for ten days.
    const validUntil = dischargedAt + BigInt(10 * DAY);
    await expect(
      c.as("carrier").issueDeliveryOrder(blTokenId, boxes, orgs.consignee, orgs.terminal, dischargedAt, validUntil),
    )
      .to.emit(importRelease, "DeliveryOrderIssued")
      .withArgs(
        1n,
        blTokenId,
        orgs.consignee,
        orgs.carrier,
        orgs.consignee,
        orgs.terminal,
        dischargedAt,
        validUntil,
        boxes,
      )
      .and.to.emit(importRelease, "ContainerCovered")
      .withArgs(CONTAINERS.second, 1n, blTokenId);
    const deliveryOrderId = 1n;

    // Customs releases both under one declaration.
    const decl = declaration("020220261000000001");
    await expect(c.as("customs").recordCustomsRelease(decl, blTokenId, boxes))
      .to.emit(importRelease, "CustomsReleased")
      .withArgs(CONTAINERS.first, blTokenId, decl, orgs.customs);

    // Before the nomination the gate still refuses: no haulier.
    expect(await importRelease.gateDecision(CONTAINERS.first, orgs.terminal, orgs.haulier)).to.deep.equal([
      false,
      GateRefusal.NOT_NOMINATED_HAULIER,
    ]);

    // The consignee nominates its haulier for each container.
    for (const box of boxes) {
      await expect(c.as("consignee").nominateHaulier(deliveryOrderId, box, orgs.haulier))
        .to.emit(importRelease, "HaulierNominated")
        .withArgs(box, deliveryOrderId, orgs.haulier, orgs.consignee);
    }

    // The gate says yes, lets the first truck out, and then says the container is already out.
    expect(await importRelease.gateDecision(CONTAINERS.first, orgs.terminal, orgs.haulier)).to.deep.equal([true, 0n]);
    const plate = truckPlate("津A·12345");
    await expect(c.as("terminal").recordGateOut(CONTAINERS.first, orgs.haulier, plate))
      .to.emit(importRelease, "GatedOut")
      .withArgs(CONTAINERS.first, blTokenId, orgs.haulier, deliveryOrderId, orgs.terminal, plate);
    const gatedOutAt = await c.now();
    expect(await importRelease.gateDecision(CONTAINERS.first, orgs.terminal, orgs.haulier)).to.deep.equal([
      false,
      GateRefusal.ALREADY_GATED_OUT,
    ]);
    await expect(c.as("terminal").recordGateOut(CONTAINERS.first, orgs.haulier, plate))
      .to.be.revertedWithCustomError(importRelease, "ImportReleaseNotReleasable")
      .withArgs(CONTAINERS.first, GateRefusal.ALREADY_GATED_OUT);

    // The second container is still releasable; the record holds the times release is measured by.
    expect(await importRelease.gateDecision(CONTAINERS.second, orgs.terminal, orgs.haulier)).to.deep.equal([true, 0n]);
    const r = await importRelease.containerRelease(CONTAINERS.first);
    expect(r.blTokenId).to.equal(blTokenId);
    expect(r.deliveryOrderId).to.equal(deliveryOrderId);
    expect([r.terminal, r.haulier]).to.deep.equal([BigInt(orgs.terminal), BigInt(orgs.haulier)]);
    expect(r.dischargedAt).to.be.lessThanOrEqual(dischargedAt);
    expect(r.gatedOutAt).to.equal(gatedOutAt);
    expect([r.customsReleased, r.customsHeld]).to.deep.equal([true, false]);
  });

  it("when the B/L's events are filtered by container, then the container's whole release is one query", async function () {
    const c = await networkHelpers.loadFixture(community);
    const { importRelease, orgs } = c;
    const blTokenId = await issueBl(c, { number: "SWB6300000002", type: BlType.SeaWaybill });
    const box = CONTAINERS.third;
    await c.as("terminal").recordDischarge(blTokenId, box);
    const now = await c.now();
    await c.as("carrier").issueDeliveryOrder(blTokenId, [box], 0, orgs.terminal, now, now + BigInt(DAY));
    await c.as("customs").recordCustomsRelease(declaration("D1"), blTokenId, [box]);
    await c.as("consignee").nominateHaulier(1n, box, orgs.haulier);
    await c.as("terminal").recordGateOut(box, orgs.haulier, truckPlate("TRUCK1"));

    // topic1 is the container in every per-container event.
    const logs = await ethers.provider.getLogs({
      address: await importRelease.getAddress(),
      topics: [null, ethers.zeroPadBytes(box, 32)],
      fromBlock: 0,
    });
    const names = logs.map((log) => importRelease.interface.parseLog(log)!.name);
    expect(names).to.deep.equal(["Discharged", "ContainerCovered", "CustomsReleased", "HaulierNominated", "GatedOut"]);
  });
});
