/**
 * Review (issue 9, point 7): an import pick-up e-EIR is tied to the delivery order it names. The e-EIR id does not
 * carry its order reference and `recordGateOut` only checks the container's *current* release, so a pick-up issued
 * on last month's order can be consumed by this month's release of the same box (same carrier, same haulier).
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
} from "../../fixtures/equipment.ts";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployWithImport(ethers);
const box = CONTAINERS.first;

describe("review: pick-ups across consecutive imports of one container", function () {
  it("when a pick-up of the first import's order meets the second import's release, then ContainerNotOnDeliveryOrder", async function () {
    const c = await networkHelpers.loadFixture(fixture);
    const now = await c.now();
    // Import 1: the carrier issues a pick-up on order 1, valid 60 days (nothing ties its window to the order's).
    const stale = await issueEir(c, await importPickUp(c, { validUntil: now + BigInt(60 * DAY) }));
    const firstOrder = c.deliveryOrderId;
    // The box leaves on import 1's release (the pick-up e-EIR is not recorded at the gate).
    await c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE);

    // Import 2, a month later: a new B/L of the same carrier, the same box, the same haulier.
    await networkHelpers.time.increase(30 * DAY);
    const bl2 = await issueBl(c, { number: "COSU6300000777", type: BlType.ToOrder });
    await c.bl("shipper").endorseAndDeliver(bl2, c.orgs.consignee);
    await c.bl("consignee").surrender(bl2, SurrenderKind.Delivery);
    await c.bl("carrier").acceptSurrender(bl2);
    await c.as("terminal").recordDischarge(bl2, box);
    const later = await c.now();
    await c.as("carrier").issueDeliveryOrder(bl2, [box], 0, c.orgs.terminal, later, later + BigInt(10 * DAY));
    const secondOrder = await c.importRelease.deliveryOrderCount();
    await c.as("customs").recordCustomsRelease(declaration("020220261000000777"), bl2, [box]);
    await c.as("consignee").nominateHaulier(secondOrder, box, c.orgs.haulier);
    const fresh = await issueEir(c, await importPickUp(c, { orderReference: orderRef(secondOrder) }));
    await c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE);

    // Safe: the stale pick-up names order 1, the release is under order 2.
    await expect(c.eir("terminal").recordGateOut(stale, ...gateArgs(c, {}, SEALS)))
      .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeContainerNotOnDeliveryOrder")
      .withArgs(firstOrder, box, secondOrder);
    // ...and the pick-up issued for this release still gates out.
    await expect(c.eir("terminal").recordGateOut(fresh, ...gateArgs(c, {}, SEALS))).to.emit(
      c.equipmentInterchange,
      "GatedOut",
    );
  });
});
