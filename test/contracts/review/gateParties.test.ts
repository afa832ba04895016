/**
 * Review (issue 9, points 3 and 6): at the gate only the haulier's and the terminal's standing is read. The cargo's
 * owner (the order's consignee / release party) and the carrier whose order it is are not re-checked, so a suspended
 * or revoked consignee's box, or a box under a suspended carrier's order, still leaves (and `gateDecision` agrees, so
 * (g) holds). Skipped: unsure the rules mean to freeze cargo as well as title; if they do, both should refuse.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { CONTAINERS, deployReleaseCommunity, importedContainers, truckPlate } from "../../fixtures/release.ts";

const PLATE_TEXT = "津A·12345";

const { ethers, networkHelpers } = await network.create();
async function ready() {
  const c = await deployReleaseCommunity(ethers);
  return { ...c, ...(await importedContainers(c)) };
}
const load = () => networkHelpers.loadFixture(ready);

describe("review: the gate and the standing of the cargo's owner and carrier", function () {
  for (const [who, act] of [
    ["the consignee is suspended", (c: Awaited<ReturnType<typeof ready>>) => c.partyRegistry.suspend(c.orgs.consignee)],
    ["the consignee is revoked", (c: Awaited<ReturnType<typeof ready>>) => c.partyRegistry.revoke(c.orgs.consignee)],
    [
      "the order's carrier is suspended",
      (c: Awaited<ReturnType<typeof ready>>) => c.partyRegistry.suspend(c.orgs.carrier),
    ],
  ] as const) {
    it.skip(`when ${who} after the haulier was nominated, then gateDecision refuses and recordGateOut reverts (ImportReleaseNotReleasable)`, async function () {
      const c = await load();
      await act(c);
      const [releasable] = await c.importRelease.gateDecision(CONTAINERS.first, c.orgs.terminal, c.orgs.haulier);
      expect(releasable).to.equal(false);
      await expect(
        c.as("terminal").recordGateOut(CONTAINERS.first, c.orgs.haulier, truckPlate(PLATE_TEXT)),
      ).to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotReleasable");
    });
  }
});
