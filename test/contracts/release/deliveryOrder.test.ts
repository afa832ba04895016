/** Delivery orders: issue, revoke and haulier nomination, and every rule that refuses them. */
import { expect } from "chai";
import { network } from "hardhat";
import { BlState, BlType, SurrenderKind, issueBl } from "../../fixtures/community.ts";
import {
  CONTAINERS,
  DAY,
  accomplishedToOrder,
  container,
  deployReleaseCommunity,
  importedContainers,
  seaWaybill,
  truckPlate,
} from "../../fixtures/release.ts";

const { ethers, networkHelpers } = await network.create();

/** An accomplished to-order B/L (last holder: the consignee) and a sea waybill naming the consignee. */
async function withBills() {
  const c = await deployReleaseCommunity(ethers);
  const toOrder = await accomplishedToOrder(c, "COSU6300000010");
  const waybill = await seaWaybill(c, "COSU6300000011");
  return { ...c, toOrder, waybill };
}
async function ready() {
  const c = await deployReleaseCommunity(ethers);
  return { ...c, ...(await importedContainers(c)) };
}
const load = () => networkHelpers.loadFixture(withBills);
const boxes = [CONTAINERS.first, CONTAINERS.second];
const TEN_DAYS = BigInt(10 * DAY);

describe("ImportRelease: delivery orders", function () {
  describe("issueDeliveryOrder", function () {
    it("when the carrier issues one for an accomplished B/L, then it is stored and each container points at it", async function () {
      const c = await load();
      const now = await c.now();
      await expect(
        c.as("carrier").issueDeliveryOrder(c.toOrder, boxes, c.orgs.agent, c.orgs.terminal, now, now + TEN_DAYS),
      )
        .to.emit(c.importRelease, "DeliveryOrderIssued")
        .withArgs(
          1n,
          c.toOrder,
          c.orgs.agent,
          c.orgs.carrier,
          c.orgs.consignee,
          c.orgs.terminal,
          now,
          now + TEN_DAYS,
          boxes,
        )
        .and.to.emit(c.importRelease, "ContainerCovered")
        .withArgs(CONTAINERS.first, 1n, c.toOrder);
      const order = await c.importRelease.deliveryOrder(1n);
      expect([order.blTokenId, order.carrier, order.consignee, order.releaseParty, order.terminal]).to.deep.equal([
        c.toOrder,
        BigInt(c.orgs.carrier),
        BigInt(c.orgs.consignee),
        BigInt(c.orgs.agent),
        BigInt(c.orgs.terminal),
      ]);
      expect([order.validFrom, order.validUntil, order.revokedAt]).to.deep.equal([now, now + TEN_DAYS, 0n]);
      for (const box of boxes) {
        const r = await c.importRelease.containerRelease(box);
        expect([r.blTokenId, r.deliveryOrderId]).to.deep.equal([c.toOrder, 1n]);
      }
      expect(await c.importRelease.deliveryOrderCount()).to.equal(1n);
    });

    it("when the release party is 0, then it is the B/L's last holder", async function () {
      const c = await load();
      const now = await c.now();
      await c.as("carrier").issueDeliveryOrder(c.toOrder, boxes, 0, c.orgs.terminal, now, now + TEN_DAYS);
      expect((await c.importRelease.deliveryOrder(1n)).releaseParty).to.equal(BigInt(c.orgs.consignee));
    });

    it("when the last holder was the bank, then the bank is the consignee of the release", async function () {
      const c = await load();
      const id = await issueBl(c, { number: "COSU6300000012", type: BlType.ToOrder });
      await c.bl("shipper").endorseAndDeliver(id, c.orgs.bank);
      await c.bl("bank").surrender(id, SurrenderKind.Delivery);
      await c.bl("carrier").acceptSurrender(id);
      const now = await c.now();
      await c.as("carrier").issueDeliveryOrder(id, [CONTAINERS.third], 0, c.orgs.terminal, now, now + TEN_DAYS);
      const order = await c.importRelease.deliveryOrder(1n);
      expect([order.consignee, order.releaseParty]).to.deep.equal([BigInt(c.orgs.bank), BigInt(c.orgs.bank)]);
    });

    it("when the orders follow one another, then their ids are 1, 2, 3", async function () {
      const c = await load();
      const now = await c.now();
      for (const [i, box] of [CONTAINERS.first, CONTAINERS.second, CONTAINERS.third].entries()) {
        await expect(c.as("carrier").issueDeliveryOrder(c.toOrder, [box], 0, c.orgs.terminal, now, now + TEN_DAYS))
          .to.emit(c.importRelease, "ContainerCovered")
          .withArgs(box, BigInt(i + 1), c.toOrder);
      }
    });

    describe("sea waybill", function () {
      it("when the waybill is active (never surrendered), then the carrier may issue, to its consignee by default", async function () {
        const c = await load();
        expect((await c.billOfLading.billOfLading(c.waybill)).state).to.equal(BigInt(BlState.Active));
        const now = await c.now();
        await expect(c.as("carrier").issueDeliveryOrder(c.waybill, boxes, 0, c.orgs.terminal, now, now + TEN_DAYS))
          .to.emit(c.importRelease, "DeliveryOrderIssued")
          .withArgs(
            1n,
            c.waybill,
            c.orgs.consignee,
            c.orgs.carrier,
            c.orgs.consignee,
            c.orgs.terminal,
            now,
            now + TEN_DAYS,
            boxes,
          );
      });

      it("when the waybill's consignee is named explicitly, then it is accepted", async function () {
        const c = await load();
        const now = await c.now();
        await expect(
          c.as("carrier").issueDeliveryOrder(c.waybill, boxes, c.orgs.consignee, c.orgs.terminal, now, now + TEN_DAYS),
        ).to.emit(c.importRelease, "DeliveryOrderIssued");
      });

      it("when another release party is named, then ImportReleaseInvalidReleaseParty", async function () {
        const c = await load();
        const now = await c.now();
        await expect(
          c.as("carrier").issueDeliveryOrder(c.waybill, boxes, c.orgs.agent, c.orgs.terminal, now, now + TEN_DAYS),
        )
          .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseInvalidReleaseParty")
          .withArgs(c.waybill, c.orgs.agent, c.orgs.consignee);
      });

      it("when the waybill's consignee nominates a haulier, then it may collect", async function () {
        const c = await load();
        const now = await c.now();
        await c
          .as("carrier")
          .issueDeliveryOrder(c.waybill, [CONTAINERS.first], 0, c.orgs.terminal, now, now + TEN_DAYS);
        await expect(c.as("consignee").nominateHaulier(1n, CONTAINERS.first, c.orgs.haulier))
          .to.emit(c.importRelease, "HaulierNominated")
          .withArgs(CONTAINERS.first, 1n, c.orgs.haulier, c.orgs.consignee);
      });
    });

    describe("a B/L that is not releasable", function () {
      const cases: [string, (c: Awaited<ReturnType<typeof withBills>>) => Promise<bigint>, number, number][] = [
        [
          "a straight B/L still held by the shipper",
          (c) => issueBl(c, { number: "STRAIGHT1", type: BlType.Straight }),
          BlType.Straight,
          BlState.Active,
        ],
        [
          "a to-order B/L still active",
          (c) => issueBl(c, { number: "ORDER1", type: BlType.ToOrder }),
          BlType.ToOrder,
          BlState.Active,
        ],
        [
          "a straight B/L surrendered but not yet accepted",
          async (c) => {
            const id = await issueBl(c, { number: "STRAIGHT2", type: BlType.Straight });
            await c.bl("shipper").transferPossession(id, c.orgs.consignee);
            await c.bl("consignee").surrender(id, SurrenderKind.Delivery);
            return id;
          },
          BlType.Straight,
          BlState.SurrenderPending,
        ],
        [
          "a to-order B/L switched to paper (voided)",
          async (c) => {
            const id = await issueBl(c, { number: "ORDER2", type: BlType.ToOrder });
            await c.bl("shipper").surrender(id, SurrenderKind.Paper);
            await c.bl("carrier").acceptSurrender(id);
            return id;
          },
          BlType.ToOrder,
          BlState.Voided,
        ],
      ];
      for (const [what, make, blType, state] of cases) {
        it(`when it is ${what}, then ImportReleaseBillNotReleasable`, async function () {
          const c = await load();
          const id = await make(c);
          const now = await c.now();
          await expect(c.as("carrier").issueDeliveryOrder(id, boxes, 0, c.orgs.terminal, now, now + TEN_DAYS))
            .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseBillNotReleasable")
            .withArgs(id, blType, state);
        });
      }

      it("when the B/L does not exist, then BillOfLadingUnknown", async function () {
        const c = await load();
        const now = await c.now();
        await expect(c.as("carrier").issueDeliveryOrder(123n, boxes, 0, c.orgs.terminal, now, now + TEN_DAYS))
          .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingUnknown")
          .withArgs(123n);
      });
    });

    describe("parties, window and containers", function () {
      it("when the terminal lacks the terminal role, then ImportReleaseInvalidTerminal", async function () {
        const c = await load();
        const now = await c.now();
        await expect(c.as("carrier").issueDeliveryOrder(c.toOrder, boxes, 0, c.orgs.haulier, now, now + TEN_DAYS))
          .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseInvalidTerminal")
          .withArgs(c.orgs.haulier, 32);
      });

      it("when the terminal is suspended, then the registry refuses it", async function () {
        const c = await load();
        await c.partyRegistry.suspend(c.orgs.terminal);
        const now = await c.now();
        await expect(c.as("carrier").issueDeliveryOrder(c.toOrder, boxes, 0, c.orgs.terminal, now, now + TEN_DAYS))
          .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
          .withArgs(c.orgs.terminal, 2);
      });

      it("when the release party is suspended or unknown, then the registry refuses it", async function () {
        const c = await load();
        const now = await c.now();
        await expect(
          c.as("carrier").issueDeliveryOrder(c.toOrder, boxes, c.orgs.suspended, c.orgs.terminal, now, now + TEN_DAYS),
        )
          .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
          .withArgs(c.orgs.suspended, 2);
        await expect(c.as("carrier").issueDeliveryOrder(c.toOrder, boxes, 999, c.orgs.terminal, now, now + TEN_DAYS))
          .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryUnknownOrganization")
          .withArgs(999);
      });

      for (const [what, from, until] of [
        ["empty (from = until)", 0n, 0n],
        ["backwards", DAY, 0n],
        ["already over", -2n * BigInt(DAY), -BigInt(DAY)],
        ["beyond uint40", 0n, 2n ** 40n],
      ] as [string, bigint, bigint][]) {
        it(`when the window is ${what}, then ImportReleaseInvalidWindow`, async function () {
          const c = await load();
          const now = await c.now();
          const validFrom = now + BigInt(from);
          const validUntil = until === 2n ** 40n ? until : now + until;
          await expect(c.as("carrier").issueDeliveryOrder(c.toOrder, boxes, 0, c.orgs.terminal, validFrom, validUntil))
            .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseInvalidWindow")
            .withArgs(validFrom, validUntil);
        });
      }

      it("when no container is given, then ImportReleaseNoContainers", async function () {
        const c = await load();
        const now = await c.now();
        await expect(
          c.as("carrier").issueDeliveryOrder(c.toOrder, [], 0, c.orgs.terminal, now, now + TEN_DAYS),
        ).to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNoContainers");
      });

      it("when a container appears twice, then ImportReleaseDuplicateContainer", async function () {
        const c = await load();
        const now = await c.now();
        const list = [CONTAINERS.first, CONTAINERS.second, CONTAINERS.first];
        await expect(c.as("carrier").issueDeliveryOrder(c.toOrder, list, 0, c.orgs.terminal, now, now + TEN_DAYS))
          .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseDuplicateContainer")
          .withArgs(CONTAINERS.first);
      });

      it("when a container number is invalid, then ImportReleaseInvalidContainerNumber", async function () {
        const c = await load();
        const now = await c.now();
        const bad = container("MSKU1234566");
        await expect(
          c
            .as("carrier")
            .issueDeliveryOrder(c.toOrder, [CONTAINERS.first, bad], 0, c.orgs.terminal, now, now + TEN_DAYS),
        )
          .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseInvalidContainerNumber")
          .withArgs(bad);
      });

      it("when a live order already covers a container, then ImportReleaseContainerOnLiveDeliveryOrder", async function () {
        const c = await load();
        const now = await c.now();
        await c
          .as("carrier")
          .issueDeliveryOrder(c.toOrder, [CONTAINERS.second], 0, c.orgs.terminal, now, now + TEN_DAYS);
        await expect(c.as("carrier").issueDeliveryOrder(c.toOrder, boxes, 0, c.orgs.terminal, now, now + TEN_DAYS))
          .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseContainerOnLiveDeliveryOrder")
          .withArgs(CONTAINERS.second, 1n);
      });

      it("when the earlier order was revoked or has expired, then a new one may cover the container", async function () {
        const c = await load();
        let now = await c.now();
        await c.as("carrier").issueDeliveryOrder(c.toOrder, [CONTAINERS.first], 0, c.orgs.terminal, now, now + 100n);
        await c.as("carrier").revokeDeliveryOrder(1n, "wrong party");
        await c.as("carrier").issueDeliveryOrder(c.toOrder, [CONTAINERS.first], 0, c.orgs.terminal, now, now + 100n);
        await networkHelpers.time.increase(101);
        now = await c.now();
        await expect(
          c.as("carrier").issueDeliveryOrder(c.toOrder, [CONTAINERS.first], 0, c.orgs.terminal, now, now + TEN_DAYS),
        )
          .to.emit(c.importRelease, "ContainerCovered")
          .withArgs(CONTAINERS.first, 3n, c.toOrder);
      });

      it("when the container is being imported under another B/L, then ImportReleaseContainerOnAnotherBill", async function () {
        const c = await load();
        await c.as("terminal").recordDischarge(c.waybill, CONTAINERS.first);
        const now = await c.now();
        await expect(c.as("carrier").issueDeliveryOrder(c.toOrder, boxes, 0, c.orgs.terminal, now, now + TEN_DAYS))
          .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseContainerOnAnotherBill")
          .withArgs(CONTAINERS.first, c.toOrder, c.waybill);
      });

      it("when only a revoked order tied the container to another B/L, then it may move to this one", async function () {
        const c = await load();
        const now = await c.now();
        await c
          .as("carrier")
          .issueDeliveryOrder(c.waybill, [CONTAINERS.first], 0, c.orgs.terminal, now, now + TEN_DAYS);
        await c.as("carrier").revokeDeliveryOrder(1n, "wrong B/L");
        await c
          .as("carrier")
          .issueDeliveryOrder(c.toOrder, [CONTAINERS.first], 0, c.orgs.terminal, now, now + TEN_DAYS);
        const r = await c.importRelease.containerRelease(CONTAINERS.first);
        expect([r.blTokenId, r.deliveryOrderId]).to.deep.equal([c.toOrder, 2n]);
      });

      it("when the container has gated out under this B/L, then ImportReleaseAlreadyGatedOut", async function () {
        const c = await networkHelpers.loadFixture(ready);
        await c.as("terminal").recordGateOut(CONTAINERS.first, c.orgs.haulier, truckPlate("T1"));
        const gatedOutAt = await c.now();
        await c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "reissue");
        await expect(
          c.as("carrier").issueDeliveryOrder(c.blTokenId, boxes, 0, c.orgs.terminal, gatedOutAt, gatedOutAt + TEN_DAYS),
        )
          .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseAlreadyGatedOut")
          .withArgs(CONTAINERS.first, gatedOutAt);
      });
    });
  });

  describe("revokeDeliveryOrder", function () {
    it("when the carrier revokes, then the event carries the reason and the order records the time", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await expect(c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "freight unpaid"))
        .to.emit(c.importRelease, "DeliveryOrderRevoked")
        .withArgs(c.deliveryOrderId, c.blTokenId, c.orgs.carrier, "freight unpaid");
      expect((await c.importRelease.deliveryOrder(c.deliveryOrderId)).revokedAt).to.equal(await c.now());
    });

    it("when it is revoked twice, then ImportReleaseDeliveryOrderRevoked", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "once");
      await expect(c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "twice"))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseDeliveryOrderRevoked")
        .withArgs(c.deliveryOrderId);
    });

    it("when the order does not exist, then ImportReleaseUnknownDeliveryOrder (revoke and read)", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await expect(c.as("carrier").revokeDeliveryOrder(7n, "none"))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseUnknownDeliveryOrder")
        .withArgs(7n);
      await expect(c.importRelease.deliveryOrder(0n))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseUnknownDeliveryOrder")
        .withArgs(0n);
    });
  });

  describe("nominateHaulier", function () {
    it("when the consignee nominates, then the container's haulier is set", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await expect(c.as("consignee").nominateHaulier(c.deliveryOrderId, CONTAINERS.first, c.orgs.haulier2))
        .to.emit(c.importRelease, "HaulierNominated")
        .withArgs(CONTAINERS.first, c.deliveryOrderId, c.orgs.haulier2, c.orgs.consignee);
      expect((await c.importRelease.containerRelease(CONTAINERS.first)).haulier).to.equal(BigInt(c.orgs.haulier2));
      expect((await c.importRelease.containerRelease(CONTAINERS.second)).haulier).to.equal(BigInt(c.orgs.haulier));
    });

    it("when a forwarder is the order's release party, then it may nominate as well as the consignee", async function () {
      const c = await load();
      const now = await c.now();
      await c.as("carrier").issueDeliveryOrder(c.toOrder, boxes, c.orgs.agent, c.orgs.terminal, now, now + TEN_DAYS);
      await expect(c.as("agent").nominateHaulier(1n, CONTAINERS.first, c.orgs.haulier))
        .to.emit(c.importRelease, "HaulierNominated")
        .withArgs(CONTAINERS.first, 1n, c.orgs.haulier, c.orgs.agent);
      await expect(c.as("consignee").nominateHaulier(1n, CONTAINERS.second, c.orgs.haulier2))
        .to.emit(c.importRelease, "HaulierNominated")
        .withArgs(CONTAINERS.second, 1n, c.orgs.haulier2, c.orgs.consignee);
    });

    it("when the nominee lacks the haulier role, then ImportReleaseInvalidHaulier", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await expect(c.as("consignee").nominateHaulier(c.deliveryOrderId, CONTAINERS.first, c.orgs.terminal))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseInvalidHaulier")
        .withArgs(c.orgs.terminal, 2);
    });

    it("when the haulier is suspended, then the registry refuses it", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await c.partyRegistry.suspend(c.orgs.haulier2);
      await expect(c.as("consignee").nominateHaulier(c.deliveryOrderId, CONTAINERS.first, c.orgs.haulier2))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.haulier2, 2);
    });

    it("when the container is not on the order, then ImportReleaseContainerNotOnDeliveryOrder", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await expect(c.as("consignee").nominateHaulier(c.deliveryOrderId, CONTAINERS.third, c.orgs.haulier))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseContainerNotOnDeliveryOrder")
        .withArgs(c.deliveryOrderId, CONTAINERS.third);
    });

    it("when a later order replaced this one for the container, then ImportReleaseContainerNotOnDeliveryOrder", async function () {
      const c = await load();
      const now = await c.now();
      await c.as("carrier").issueDeliveryOrder(c.toOrder, [CONTAINERS.first], 0, c.orgs.terminal, now, now + 100n);
      await networkHelpers.time.increase(101);
      const later = await c.now();
      await c
        .as("carrier")
        .issueDeliveryOrder(c.toOrder, [CONTAINERS.first], 0, c.orgs.terminal, later, later + TEN_DAYS);
      await expect(c.as("consignee").nominateHaulier(1n, CONTAINERS.first, c.orgs.haulier))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseContainerNotOnDeliveryOrder")
        .withArgs(1n, CONTAINERS.first);
    });

    it("when a new order covers the container, then the earlier nomination is cleared", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "reissue");
      const now = await c.now();
      await c
        .as("carrier")
        .issueDeliveryOrder(c.blTokenId, [CONTAINERS.first], 0, c.orgs.terminal, now, now + TEN_DAYS);
      expect((await c.importRelease.containerRelease(CONTAINERS.first)).haulier).to.equal(0n);
    });

    it("when the order was revoked, then ImportReleaseDeliveryOrderRevoked", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "freight unpaid");
      await expect(c.as("consignee").nominateHaulier(c.deliveryOrderId, CONTAINERS.first, c.orgs.haulier2))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseDeliveryOrderRevoked")
        .withArgs(c.deliveryOrderId);
    });

    it("when the container has gated out, then ImportReleaseAlreadyGatedOut", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await c.as("terminal").recordGateOut(CONTAINERS.first, c.orgs.haulier, truckPlate("T1"));
      const gatedOutAt = await c.now();
      await expect(c.as("consignee").nominateHaulier(c.deliveryOrderId, CONTAINERS.first, c.orgs.haulier2))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseAlreadyGatedOut")
        .withArgs(CONTAINERS.first, gatedOutAt);
    });

    it("when the order does not exist, then ImportReleaseUnknownDeliveryOrder", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await expect(c.as("consignee").nominateHaulier(42n, CONTAINERS.first, c.orgs.haulier))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseUnknownDeliveryOrder")
        .withArgs(42n);
    });
  });
});
