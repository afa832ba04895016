/**
 * The operator's powers are few and written down (docs/architecture.md, "Who can do what"): the operator — and the
 * admin, and anyone the admin makes an operator — signs for no organization, so every write function of the title,
 * release and e-EIR contracts refuses it, whatever the arguments name. The list of functions is read from the ABI, so
 * a new write function is tried here without anyone having to remember to.
 */
import { expect } from "chai";
import type { BaseContract, FunctionFragment, ParamType } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { BlState, BlType, SurrenderKind, blNumber, checksum, issueBl } from "../fixtures/community.ts";
import { DAY, importedContainers, truckPlate } from "../fixtures/release.ts";
import { deployEquipmentCommunity, emptyReturn, issueEir } from "../fixtures/equipment.ts";

const { ethers, networkHelpers } = await network.create();

/**
 * A live B/L held by the bank, one awaiting its carrier's decision on a surrender, an imported container with its
 * delivery order, and an issued e-EIR: every kind of thing an operator might try to take.
 */
async function everythingInPlay() {
  const c = await deployEquipmentCommunity(ethers);
  const held = await issueBl(c, { number: "OPS0001", type: BlType.ToOrder });
  await (await c.bl("shipper").endorseAndDeliver(held, c.orgs.bank)).wait();
  const pending = await issueBl(c, { number: "OPS0002", type: BlType.ToOrder });
  await (await c.bl("shipper").surrender(pending, SurrenderKind.Amendment)).wait();
  const imported = await importedContainers(c);
  const eirId = await issueEir(c, await emptyReturn(c));
  const [secondOperator] = c.spareKeys;
  await (await c.partyRegistry.grantRole(await c.partyRegistry.OPERATOR_ROLE(), secondOperator.address)).wait();
  return { ...c, held, pending, imported, eirId, secondOperator };
}
type Play = Awaited<ReturnType<typeof everythingInPlay>>;

/** An argument for `param` that names a real thing in play, chosen by the parameter's name and type. */
async function argumentFor(c: Play, param: ParamType, tokenId: bigint): Promise<unknown> {
  const now = await c.now();
  const byName: Record<string, unknown> = {
    tokenId,
    blTokenId: c.imported.blTokenId,
    deliveryOrderId: c.imported.deliveryOrderId,
    id: c.eirId,
    container: c.imported.containers[0],
    containers: c.imported.containers,
    to: c.orgs.bank,
    haulier: c.orgs.haulier,
    terminal: c.orgs.terminal,
    releaseParty: c.orgs.consignee,
    validFrom: now,
    validUntil: now + BigInt(DAY),
    truckPlate: truckPlate("津A·12345"),
    blNumber: blNumber("OPS9999"),
  };
  if (param.name in byName) return byName[param.name];
  if (param.baseType === "array")
    return param.arrayChildren!.baseType === "tuple" && param.name === "requests"
      ? [
          {
            blNumber: blNumber("OPS9998"),
            documentChecksum: checksum("ops"),
            blType: BlType.ToOrder,
            holder: c.orgs.shipper,
            consignee: 0,
          },
        ]
      : [];
  if (param.baseType === "tuple") return emptyReturn(c);
  if (param.type.startsWith("uint")) return 1n;
  if (param.type === "address") return c.operator.address;
  if (param.type === "bool") return true;
  if (param.type === "string") return "operator";
  if (param.type === "bytes") return "0x";
  if (param.type.startsWith("bytes"))
    return checksum(`operator ${param.name}`).slice(0, 2 + 2 * Number(param.type.slice(5)));
  throw new Error(`no argument for ${param.format("full")}`);
}

/** What the operator could hope to change: who controls each B/L, the container's and the e-EIR's records. */
async function stateOf(c: Play) {
  return JSON.stringify(
    await Promise.all([
      c.billOfLading.controller(c.held),
      c.billOfLading.controller(c.pending),
      c.billOfLading.billOfLading(c.held),
      c.billOfLading.billOfLading(c.pending),
      c.importRelease.deliveryOrder(c.imported.deliveryOrderId),
      c.importRelease.containerRelease(c.imported.containers[0]),
      c.equipmentInterchange.equipmentInterchange(c.eirId),
    ]),
    (_, v) => (typeof v === "bigint" ? v.toString() : v),
  );
}

/**
 * ERC-721's approval and transfer functions refuse with their own EIP errors before any registry lookup (no caller is
 * ever a title address's owner); `setApprovalForAll` succeeds for anyone and grants nothing, since a title address has
 * no key (test/contracts/billOfLading/erc721.test.ts).
 */
const ERC721_OWN_REFUSALS = new Set(["approve", "transferFrom", "safeTransferFrom"]);
const GRANTS_NOTHING = new Set(["setApprovalForAll"]);

describe("The operator signs for nobody: every write function of the title, release and e-EIR contracts refuses it", function () {
  for (const [label, contractOf] of [
    ["BillOfLading", (c: Play) => c.billOfLading],
    ["ImportRelease", (c: Play) => c.importRelease],
    ["EquipmentInterchange", (c: Play) => c.equipmentInterchange],
  ] as const) {
    for (const who of ["the operator and admin", "a second operator"] as const) {
      it(`when ${who} calls every write function of ${label}, then each reverts and nothing changes`, async function () {
        const c = await networkHelpers.loadFixture(everythingInPlay);
        const caller: HardhatEthersSigner = who === "a second operator" ? c.secondOperator : c.operator;
        const contract = contractOf(c) as unknown as BaseContract;
        const before = await stateOf(c);
        const writes = contract.interface.fragments.filter(
          (f): f is FunctionFragment => f.type === "function" && !(f as FunctionFragment).constant,
        );
        expect(writes.length).to.be.above(3);
        for (const fragment of writes) {
          if (GRANTS_NOTHING.has(fragment.name)) continue;
          for (const tokenId of [c.held, c.pending]) {
            const args = await Promise.all(fragment.inputs.map((p) => argumentFor(c, p, tokenId)));
            const attempt = (
              contract.connect(caller) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>
            )[fragment.format("sighash")](...args);
            if (ERC721_OWN_REFUSALS.has(fragment.name)) await expect(attempt, fragment.name).to.be.reverted;
            else if (fragment.name === "surrender" && tokenId === c.pending)
              // A B/L already surrendered is refused for its state before anyone is looked up.
              await expect(attempt)
                .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingWrongState")
                .withArgs(c.pending, BlState.SurrenderPending);
            else
              await expect(attempt, fragment.format("sighash"))
                .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryUnknownSigner")
                .withArgs(caller.address);
          }
        }
        expect(await stateOf(c)).to.equal(before);
      });
    }
  }
});
