/**
 * Gas per e-EIR operation, measured on an in-process Hardhat chain. `eirCycle` is the cycle the budget is set for
 * (170,000 since issue 9): issue, gate-out and gate-in of an empty return with one seal, sound both times, no photos.
 * `node bench/eirGas.ts` prints one JSON object (to be merged into bench/gas.ts).
 */
import { network } from "hardhat";
import { CONTAINERS, container, importedContainers } from "../test/fixtures/release.ts";
import {
  PLATE,
  Purpose,
  SEALS,
  importPickUp,
  booking,
  damage,
  deployEquipmentCommunity,
  emptyReturn,
  gateArgs,
  photo,
} from "../test/fixtures/equipment.ts";
import { gasOf, receiptOf } from "./support.ts";

const { ethers } = await network.create();
const c = await deployEquipmentCommunity(ethers);
const contract = c.equipmentInterchange;

/** One cycle of `box` from the terminal to the depot; returns the gas of each step. */
async function cycle(
  box: string,
  options: { purpose?: number; assign?: boolean; damaged?: boolean; photos?: number } = {},
) {
  const purpose = options.purpose ?? Purpose.EmptyReturn;
  const request = await emptyReturn(c, {
    container: box,
    purpose,
    orderReference: purpose === Purpose.EmptyReturn ? booking("") : booking("COSU-BKG-0001"),
  });
  const issued = await receiptOf(c.eir("carrier").issue(request));
  const issue = Number(issued.gasUsed);
  const id = contract.interface.parseLog(issued.logs[0])!.args.id as bigint;
  const assignTruck = options.assign ? await gasOf(c.eir("haulier").assignTruck(id, PLATE, ethers.ZeroHash)) : 0;
  const photos = Array.from({ length: options.photos ?? 0 }, (_, i) => photo(`gate photo ${i}`));
  const out = options.damaged ? { damages: [damage("LB", "PA", "DT")], photos } : { photos };
  const into = options.damaged ? { damages: [damage("LB", "PA", "DT"), damage("RT", "CM", "BT")], photos } : { photos };
  const recordGateOut = await gasOf(c.eir("terminal").recordGateOut(id, ...gateArgs(c, out)));
  const recordGateIn = await gasOf(c.eir("depot").recordGateIn(id, ...gateArgs(c, into)));
  return {
    issue,
    assignTruck,
    recordGateOut,
    recordGateIn,
    total: issue + recordGateOut + recordGateIn,
  };
}

await cycle(container("OOLU1234567")); // warm-up
const emptyReturnCycle = await cycle(container("MSKU1234565"));
const emptyPickUpCycle = await cycle(container("CSQU3054383"), { purpose: Purpose.EmptyPickUpForExport });
const assigned = await cycle(container("TGHU1234567"), { assign: true });
const damaged = await cycle(container("MAEU1234567"), { damaged: true, photos: 2 });

/**
 * An import pick-up on its delivery order (laden, two seals): the release lets the box out first, then the e-EIR
 * gates out on that release (its order, its carrier, once) and the empty comes back to the depot.
 */
async function importPickUpCycle() {
  const imported = await importedContainers(c);
  const request = await importPickUp({ ...c, ...imported });
  const issued = await receiptOf(c.eir("carrier").issue(request));
  const id = contract.interface.parseLog(issued.logs[0])!.args.id as bigint;
  await gasOf(c.as("terminal").recordGateOut(CONTAINERS.first, c.orgs.haulier, PLATE));
  const recordGateOut = await gasOf(c.eir("terminal").recordGateOut(id, ...gateArgs(c, {}, SEALS)));
  const recordGateIn = await gasOf(c.eir("depot").recordGateIn(id, ...gateArgs(c, {}, [])));
  const issue = Number(issued.gasUsed);
  return { issue, recordGateOut, recordGateIn, total: issue + recordGateOut + recordGateIn };
}
const pickUp = await importPickUpCycle();

console.log(
  JSON.stringify({
    eirCycle: emptyReturnCycle.total,
    eirImportPickUpCycle: pickUp.total,
    eirImportPickUpIssue: pickUp.issue,
    eirImportPickUpGateOut: pickUp.recordGateOut,
    eirImportPickUpGateIn: pickUp.recordGateIn,
    eirCycleBudget: 170_000,
    eirCycleEmptyPickUpForExport: emptyPickUpCycle.total,
    eirIssue: emptyReturnCycle.issue,
    eirGateOut: emptyReturnCycle.recordGateOut,
    eirGateIn: emptyReturnCycle.recordGateIn,
    eirAssignTruck: assigned.assignTruck,
    eirCycleWithTruckAssigned: assigned.total,
    eirGateOutDamaged1Photos2: damaged.recordGateOut,
    eirGateInNewDamage1Photos2: damaged.recordGateIn,
  }),
);
