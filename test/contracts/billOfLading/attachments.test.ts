import { expect } from "chai";
import { network } from "hardhat";
import { BlType, SurrenderKind, checksum, deployExtendedCommunity, issueBl } from "../../fixtures/community.ts";

const { ethers, networkHelpers } = await network.create();

const FILE = {
  sha256: checksum("invoice.pdf bytes"),
  size: 48_213,
  cid: "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
};

async function withBill() {
  const c = await deployExtendedCommunity(ethers);
  const tokenId = await issueBl(c, { number: "ATTACH", type: BlType.ToOrder });
  return { ...c, tokenId };
}
const load = () => networkHelpers.loadFixture(withBill);
const addAttachment = (
  c: Awaited<ReturnType<typeof withBill>>,
  signer: (typeof c.signers)[keyof typeof c.signers],
  tokenId = c.tokenId,
) =>
  c.billOfLading
    .connect(signer)
    .addAttachment(tokenId, FILE.sha256, FILE.size, FILE.cid, "invoice.pdf", "application/pdf", "invoice");

describe("BillOfLading: attachments", function () {
  describe("when a party to the B/L attaches a file", function () {
    for (const party of ["carrier", "shipper"] as const) {
      it(`then the ${party}'s attachment is recorded with its hash, size and CID`, async function () {
        const c = await load();
        await expect(addAttachment(c, c.signers[party]))
          .to.emit(c.billOfLading, "AttachmentAdded")
          .withArgs(
            c.tokenId,
            c.orgs[party],
            FILE.sha256,
            FILE.size,
            FILE.cid,
            "invoice.pdf",
            "application/pdf",
            "invoice",
          );
      });
    }

    it("then the endorsee and the new holder may attach after an endorse-and-deliver, and the old holder may not", async function () {
      const c = await load();
      await (await c.billOfLading.connect(c.signers.shipper).endorseAndDeliver(c.tokenId, c.orgs.bank)).wait();
      await expect(addAttachment(c, c.signers.bank)).to.emit(c.billOfLading, "AttachmentAdded");
      await expect(addAttachment(c, c.signers.shipper))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotParty")
        .withArgs(c.tokenId, c.orgs.shipper);
    });

    it("then a straight B/L's named consignee may attach before it holds the B/L", async function () {
      const c = await load();
      const tokenId = await issueBl(c, { number: "STRAIGHT-ATT", type: BlType.Straight });
      await expect(addAttachment(c, c.signers.consignee, tokenId)).to.emit(c.billOfLading, "AttachmentAdded");
    });

    it("then attaching still works once the B/L is accomplished (a damage survey after delivery)", async function () {
      const c = await load();
      await (await c.billOfLading.connect(c.signers.shipper).surrender(c.tokenId, SurrenderKind.Delivery)).wait();
      await (await c.billOfLading.connect(c.signers.carrier).acceptSurrender(c.tokenId)).wait();
      await expect(addAttachment(c, c.signers.carrier)).to.emit(c.billOfLading, "AttachmentAdded");
    });
  });

  describe("when anyone else tries", function () {
    for (const outsider of ["bank", "consignee", "terminal", "customs", "haulier"] as const) {
      it(`then the ${outsider}, not a party to this to-order B/L, is refused`, async function () {
        const c = await load();
        await expect(addAttachment(c, c.signers[outsider]))
          .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotParty")
          .withArgs(c.tokenId, c.orgs[outsider]);
      });
    }

    it("then an unregistered key is refused by the party registry", async function () {
      const c = await load();
      await expect(addAttachment(c, c.outsider as never))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryUnknownSigner")
        .withArgs(c.outsider.address);
    });

    it("then an unknown B/L is refused", async function () {
      const c = await load();
      await expect(addAttachment(c, c.signers.carrier, 12345n))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingUnknown")
        .withArgs(12345n);
    });

    it("then a file without a hash or a CID is refused", async function () {
      const c = await load();
      const asCarrier = c.billOfLading.connect(c.signers.carrier);
      await expect(
        asCarrier.addAttachment(c.tokenId, ethers.ZeroHash, 1, FILE.cid, "a", "text/plain", "other"),
      ).to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingInvalidAttachment");
      await expect(
        asCarrier.addAttachment(c.tokenId, FILE.sha256, 1, "", "a", "text/plain", "other"),
      ).to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingInvalidAttachment");
    });
  });
});
