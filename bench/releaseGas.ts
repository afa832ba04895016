/**
 * Gas per import release operation, measured on an in-process Hardhat chain, in the order of a real import:
 * discharge, delivery order (two containers), customs release, haulier nomination, gate-out.
 * `node bench/releaseGas.ts` prints one JSON object (to be merged into bench/gas.ts).
 */
import { network } from "hardhat";
import { BlType, SurrenderKind, blNumber, checksum } from "../test/fixtures/community.ts";
import { container, declaration, deployReleaseCommunity, truckPlate } from "../test/fixtures/release.ts";
import { gasOf } from "./support.ts";

const { ethers } = await network.create();
const c = await deployReleaseCommunity(ethers);
const { billOfLading, importRelease, orgs } = c;

/** An accomplished to-order B/L, ready for a delivery order. */
async function accomplished(number: string): Promise<bigint> {
  const n = blNumber(number);
  await gasOf(billOfLading.connect(c.signers.carrier).issue(n, checksum(number), BlType.ToOrder, orgs.shipper, 0));
  const tokenId = await billOfLading.tokenIdOf(orgs.carrier, n);
  await gasOf(c.bl("shipper").endorseAndDeliver(tokenId, orgs.consignee));
  await gasOf(c.bl("consignee").surrender(tokenId, SurrenderKind.Delivery));
  await gasOf(c.bl("carrier").acceptSurrender(tokenId));
  return tokenId;
}

/** One import of two containers; returns the gas of each step. */
async function importTwo(number: string, boxes: [string, string]) {
  const blTokenId = await accomplished(number);
  const recordDischarge = await gasOf(c.as("terminal").recordDischarge(blTokenId, boxes[0]));
  await gasOf(c.as("terminal").recordDischarge(blTokenId, boxes[1]));
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const issueDeliveryOrder = await gasOf(
    c.as("carrier").issueDeliveryOrder(blTokenId, boxes, 0, orgs.terminal, now, now + 864_000n),
  );
  const deliveryOrderId = await importRelease.deliveryOrderCount();
  const recordCustomsRelease = await gasOf(
    c.as("customs").recordCustomsRelease(declaration("020220261000000001"), blTokenId, boxes),
  );
  const nominateHaulier = await gasOf(c.as("consignee").nominateHaulier(deliveryOrderId, boxes[0], orgs.haulier));
  await gasOf(c.as("consignee").nominateHaulier(deliveryOrderId, boxes[1], orgs.haulier));
  const recordGateOut = await gasOf(c.as("terminal").recordGateOut(boxes[0], orgs.haulier, truckPlate("津A·12345")));
  return { issueDeliveryOrder, recordCustomsRelease, nominateHaulier, recordDischarge, recordGateOut };
}

// Warm-up: the first delivery order ever pays for the counter's first write; measure the steady state.
await importTwo("WARM0000000001", [container("TGHU1234567"), container("OOLU1234567")]);
const figures = await importTwo("BENCH000000001", [container("MSKU1234565"), container("CSQU3054383")]);

// A delivery order issued before anything else is known of its containers writes both slots of each record.
const early = await accomplished("BENCH000000002");
const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
const issueDeliveryOrderBeforeDischarge = await gasOf(
  c
    .as("carrier")
    .issueDeliveryOrder(early, [container("MAEU1234567"), container("CMAU1234564")], 0, orgs.terminal, now, now + 1n),
);

const { issueDeliveryOrder, recordCustomsRelease, nominateHaulier, recordDischarge, recordGateOut } = figures;
console.log(
  JSON.stringify({
    issueDeliveryOrder2Containers: issueDeliveryOrder,
    issueDeliveryOrder2ContainersBeforeDischarge: issueDeliveryOrderBeforeDischarge,
    recordCustomsRelease2Containers: recordCustomsRelease,
    nominateHaulier,
    recordDischarge,
    recordGateOut,
  }),
);
