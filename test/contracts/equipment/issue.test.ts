/**
 * Issuing an e-EIR, assigning its truck and cancelling it: what is recorded and emitted, and every refusal of bad
 * input with its exact error, recording nothing.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { decodeInterchangeId } from "../../../api/equipment/interchangeId.ts";
import { isContainerNumber } from "../../../api/release/containerNumber.ts";
import { CONTAINERS, container } from "../../fixtures/release.ts";
import {
  EMPTY_BOX,
  InterchangeStatus,
  OTHER_PLATE,
  PLATE,
  Purpose,
  SEALS,
  booking,
  deployWithImport,
  emptyReturn,
  importPickUp,
  issueEir,
  orderRef,
  seal,
  sizeType,
  type WithImport,
} from "../../fixtures/equipment.ts";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployWithImport(ethers);
const ZERO16 = "0x" + "00".repeat(16);

/** Asserts that issuing `request` reverts with `error(args)` on `contract` and that nothing was issued. */
async function expectRefused(
  c: WithImport,
  request: Awaited<ReturnType<typeof emptyReturn>>,
  error: string,
  args: unknown[],
  contract = c.equipmentInterchange as unknown as typeof c.importRelease,
) {
  await expect(c.eir("carrier").issue(request))
    .to.be.revertedWithCustomError(contract, error)
    .withArgs(...args);
  expect(await c.equipmentInterchange.queryFilter(c.equipmentInterchange.filters.Issued())).to.have.length(0);
}

describe("EquipmentInterchange: issue", function () {
  describe("when the equipment owner issues", function () {
    it("then an empty return is recorded: fixed terms in the id, the rest in one record", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const request = await emptyReturn(c);
      const id = await issueEir(c, request);
      const issuedAt = await c.now();
      const eir = await c.equipmentInterchange.equipmentInterchange(id);
      expect(eir.container).to.equal(EMPTY_BOX);
      expect(eir.issuer).to.equal(c.orgs.carrier);
      expect(eir.haulier).to.equal(c.orgs.haulier);
      expect(eir.issuedAt).to.equal(issuedAt);
      expect(eir.purpose).to.equal(Purpose.EmptyReturn);
      expect(eir.laden).to.equal(false);
      expect(eir.outFacility).to.equal(c.orgs.terminal);
      expect(eir.returnFacility).to.equal(c.orgs.depot);
      expect(eir.validFrom).to.equal(request.validFrom);
      expect(eir.validUntil).to.equal(request.validUntil);
      expect(eir.gatedOutAt).to.equal(0n);
      expect(eir.gatedInAt).to.equal(0n);
      expect(eir.status).to.equal(InterchangeStatus.Issued);
      expect(eir.truckPlate).to.equal(ZERO16);
      // The id packs the fixed terms; the gateway's decoder reads them back.
      const hex = "0x" + id.toString(16).padStart(64, "0");
      expect(decodeInterchangeId(hex)).to.deep.equal({
        container: "TGHU1234567",
        issuer: c.orgs.carrier,
        haulier: c.orgs.haulier,
        issuedAt: Number(issuedAt),
        laden: false,
        purpose: "emptyReturn",
        outFacility: c.orgs.terminal,
        returnFacility: c.orgs.depot,
        validFrom: Number(request.validFrom),
      });
    });

    it("then Issued carries every term, indexed by id, container and haulier", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const request = await emptyReturn(c, { seals: SEALS, sizeType: sizeType("45R1") });
      await expect(c.eir("carrier").issue(request))
        .to.emit(c.equipmentInterchange, "Issued")
        .withArgs(
          (id: bigint) => id > 0n,
          EMPTY_BOX,
          c.orgs.haulier,
          c.orgs.carrier,
          Purpose.EmptyReturn,
          sizeType("45R1"),
          false,
          SEALS,
          booking(""),
          c.orgs.terminal,
          c.orgs.depot,
          request.validFrom,
          request.validUntil,
        );
    });

    it("then an import pick-up on the delivery order that covers the container is issued", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const id = await issueEir(c, await importPickUp(c));
      const eir = await c.equipmentInterchange.equipmentInterchange(id);
      expect([eir.purpose, eir.laden, eir.container]).to.deep.equal([Purpose.ImportPickUp, true, CONTAINERS.first]);
    });

    it("then export e-EIRs with their booking are issued, and an agent may issue too", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const pickUp = await emptyReturn(c, {
        purpose: Purpose.EmptyPickUpForExport,
        orderReference: booking("COSU-BKG-0001"),
        outFacility: c.orgs.depot,
        returnFacility: c.orgs.terminal,
        seals: [],
      });
      const delivery = await emptyReturn(c, {
        purpose: Purpose.ExportLadenDelivery,
        orderReference: booking("COSU-BKG-0001"),
        laden: true,
        outFacility: c.orgs.depot2,
        returnFacility: c.orgs.terminal2,
      });
      const a = await issueEir(c, pickUp);
      const b = await issueEir(c, delivery, "agent");
      expect((await c.equipmentInterchange.equipmentInterchange(a)).purpose).to.equal(Purpose.EmptyPickUpForExport);
      expect((await c.equipmentInterchange.equipmentInterchange(b)).issuer).to.equal(c.orgs.agent);
    });

    it("when an agent is not appointed to act for an equipment owner, then EquipmentInterchangeNotEquipmentOwner", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      await (await c.partyRegistry.connect(c.signers.agent).appointAgent(c.orgs.agent, 0)).wait();
      await expect(c.eir("agent").issue(await emptyReturn(c)))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeNotEquipmentOwner")
        .withArgs(c.orgs.agent, 1 << 7);
    });

    it("when a truck plate is given, then it is assigned and TruckAssigned is emitted", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const tx = c.eir("carrier").issue(await emptyReturn(c, { truckPlate: PLATE }));
      await expect(tx)
        .to.emit(c.equipmentInterchange, "TruckAssigned")
        .withArgs(anyId, c.orgs.haulier, PLATE, ethers.ZeroHash);
      const [event] = await c.equipmentInterchange.queryFilter(c.equipmentInterchange.filters.Issued());
      expect((await c.equipmentInterchange.equipmentInterchange(event.args.id)).truckPlate).to.equal(PLATE);
    });

    it("when the same terms are issued twice in one second, then the second is refused", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const request = await emptyReturn(c);
      await networkHelpers.mine(0);
      await ethers.provider.send("evm_setAutomine", [false]);
      const first = await c.eir("carrier").issue(request);
      const second = await c.eir("carrier").issue(request, { gasLimit: 500_000 });
      await ethers.provider.send("evm_mine", []);
      await ethers.provider.send("evm_setAutomine", [true]);
      expect((await first.wait())!.status).to.equal(1);
      expect((await ethers.provider.getTransactionReceipt(second.hash))!.status).to.equal(0);
      const issued = await c.equipmentInterchange.queryFilter(c.equipmentInterchange.filters.Issued());
      expect(issued).to.have.length(1);
      // Replayed in that block's context, the second issue gives the reason.
      await expect(c.eir("carrier").issue.staticCall(request, { blockTag: "latest" }))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeAlreadyIssued")
        .withArgs(issued[0].args.id);
    });
  });

  describe("when the input is bad, then nothing is recorded", function () {
    it("a wrong check digit, a lowercase owner code or a wrong category letter", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      for (const text of ["MSKU1234566", "mskU1234565", "MSKX1234565", "MSK1234565 "]) {
        const bad = container(text);
        await expectRefused(c, await emptyReturn(c, { container: bad }), "EquipmentInterchangeInvalidContainerNumber", [
          bad,
        ]);
      }
    });

    it("an unknown size and type code", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      for (const code of ["22X1", "92G1", "2ZG1", "22GX", "22g1", "\0\0\0\0"]) {
        const bad = sizeType(code);
        await expectRefused(c, await emptyReturn(c, { sizeType: bad }), "EquipmentInterchangeInvalidSizeType", [bad]);
      }
    });

    it("a laden container without seals", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      await expectRefused(c, await emptyReturn(c, { laden: true, seals: [] }), "EquipmentInterchangeSealsRequired", [
        EMPTY_BOX,
      ]);
    });

    it("more than three seals, or an empty one", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const four = [seal("A1"), seal("A2"), seal("A3"), seal("A4")];
      await expectRefused(c, await emptyReturn(c, { seals: four }), "EquipmentInterchangeTooManySeals", [4, 3]);
      await expectRefused(
        c,
        await emptyReturn(c, { seals: [seal("A1"), ZERO16] }),
        "EquipmentInterchangeEmptySeal",
        [1],
      );
    });

    it("an export e-EIR without its booking", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      for (const purpose of [Purpose.EmptyPickUpForExport, Purpose.ExportLadenDelivery]) {
        await expectRefused(c, await emptyReturn(c, { purpose, laden: true }), "EquipmentInterchangeMissingBooking", [
          purpose,
        ]);
      }
    });

    it("an import pick-up on an unknown delivery order, or one that does not cover the container", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      await expectRefused(
        c,
        await importPickUp(c, { orderReference: orderRef(99n) }),
        "ImportReleaseUnknownDeliveryOrder",
        [99n],
        c.importRelease,
      );
      await expectRefused(
        c,
        await importPickUp(c, { container: CONTAINERS.third }),
        "EquipmentInterchangeContainerNotOnDeliveryOrder",
        [c.deliveryOrderId, CONTAINERS.third, 0n],
      );
    });

    it("facilities that are neither terminal nor depot, a haulier that is not a haulier", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      await expectRefused(
        c,
        await emptyReturn(c, { outFacility: c.orgs.customs }),
        "EquipmentInterchangeInvalidFacility",
        [c.orgs.customs, 4],
      );
      await expectRefused(
        c,
        await emptyReturn(c, { returnFacility: c.orgs.haulier }),
        "EquipmentInterchangeInvalidFacility",
        [c.orgs.haulier, 32],
      );
      await expectRefused(c, await emptyReturn(c, { haulier: c.orgs.depot }), "EquipmentInterchangeInvalidHaulier", [
        c.orgs.depot,
        64,
      ]);
    });

    it("an empty, past or too long validity window", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const now = await c.now();
      const windows: [bigint, bigint][] = [
        [now + 10n, now + 10n],
        [now - 100n, now - 1n],
        [now, 2n ** 40n],
      ];
      for (const [validFrom, validUntil] of windows) {
        await expectRefused(c, await emptyReturn(c, { validFrom, validUntil }), "EquipmentInterchangeInvalidWindow", [
          validFrom,
          validUntil,
        ]);
      }
    });
  });

  describe("assignTruck", function () {
    async function issued() {
      const c = await deployWithImport(ethers);
      return { ...c, id: await issueEir(c, await emptyReturn(c)) };
    }

    it("when the named haulier assigns a truck, then it is recorded and may be replaced until gate-out", async function () {
      const c = await networkHelpers.loadFixture(issued);
      const driver = ethers.id("driver licence 120101199001011234");
      await expect(c.eir("haulier").assignTruck(c.id, PLATE, driver))
        .to.emit(c.equipmentInterchange, "TruckAssigned")
        .withArgs(c.id, c.orgs.haulier, PLATE, driver);
      await c.eir("haulier").assignTruck(c.id, OTHER_PLATE, driver);
      expect((await c.equipmentInterchange.equipmentInterchange(c.id)).truckPlate).to.equal(OTHER_PLATE);
    });

    it("when the plate is empty, then EquipmentInterchangeInvalidTruckPlate", async function () {
      const c = await networkHelpers.loadFixture(issued);
      await expect(c.eir("haulier").assignTruck(c.id, ZERO16, ethers.ZeroHash)).to.be.revertedWithCustomError(
        c.equipmentInterchange,
        "EquipmentInterchangeInvalidTruckPlate",
      );
    });

    it("when the id is unknown, then EquipmentInterchangeUnknown", async function () {
      const c = await networkHelpers.loadFixture(issued);
      await expect(c.eir("haulier").assignTruck(c.id + 1n, PLATE, ethers.ZeroHash))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeUnknown")
        .withArgs(c.id + 1n);
    });
  });

  describe("cancel", function () {
    it("when the issuer cancels before gate-out, then it is cancelled, once", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const id = await issueEir(c, await emptyReturn(c));
      await expect(c.eir("carrier").cancel(id, "booking cancelled"))
        .to.emit(c.equipmentInterchange, "Cancelled")
        .withArgs(id, c.orgs.carrier, "booking cancelled");
      expect((await c.equipmentInterchange.equipmentInterchange(id)).status).to.equal(InterchangeStatus.Cancelled);
      await expect(c.eir("carrier").cancel(id, "again"))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeIsCancelled")
        .withArgs(id);
      await expect(c.eir("haulier").assignTruck(id, PLATE, ethers.ZeroHash))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeIsCancelled")
        .withArgs(id);
    });
  });

  describe("codes", function () {
    it("accepts the common size and type codes", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      for (const code of ["22G1", "45G1", "22R1", "42G1", "45R1", "22U1", "22T1", "L5G1", "22P1", "25G1", "M5G1"]) {
        expect(await c.equipmentInterchange.isValidSizeType(sizeType(code)), code).to.equal(true);
      }
    });

    it("packs a container number into 36 bits of the id and unpacks it with its check digit", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      const numbers = ["MSKU1234565", "CSQU3054383", "AAAU0000000", "ZZZZ9999999", "OOLJ1234560", "TGHU1234567"];
      for (const text of ["AAAU000000", "ZZZZ999999", "OOLJ123456", "ABCZ000001"]) {
        const withDigit = [..."0123456789"].map((d) => text + d).find((n) => isContainerNumber(n));
        if (withDigit) numbers.push(withDigit);
      }
      for (const text of new Set(numbers.filter((n) => isContainerNumber(n)))) {
        const id = await issueEir(c, await emptyReturn(c, { container: container(text) }));
        expect((await c.equipmentInterchange.equipmentInterchange(id)).container, text).to.equal(container(text));
        expect(decodeInterchangeId("0x" + id.toString(16).padStart(64, "0"))!.container).to.equal(text);
      }
    });

    it("checks container numbers exactly as ContainerNumber does", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      // Valid numbers, each with every other check digit, and a few malformed ones.
      const bases = ["MSKU123456", "CSQU305438", "TGHU123456", "OOLU123456", "ZZZJ999999", "AAAZ000000", "KKKU111111"];
      const candidates = bases.flatMap((b) => Array.from({ length: 10 }, (_, d) => container(b + d)));
      candidates.push(
        container("MSKU12345 5"),
        container("@SKU1234565"),
        container("MSK[1234565"),
        container("MSKU12345:5"),
      );
      for (const number of candidates) {
        const expected = await c.importRelease.isValidContainerNumber(number);
        const request = await emptyReturn(c, { container: number });
        const accepted = await c
          .eir("carrier")
          .issue.staticCall(request)
          .then(
            () => true,
            () => false,
          );
        expect(accepted, ethers.toUtf8String(number)).to.equal(expected);
      }
    });
  });
});

function anyId(id: bigint): boolean {
  return id > 0n;
}
