import { expect } from "chai";
import { network } from "hardhat";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import {
  BlState,
  BlType,
  SurrenderKind,
  blNumber,
  deployExtendedCommunity,
  issueBl,
  titleAddressOf,
  tokenIdFor,
} from "../../fixtures/community.ts";

const { ethers, networkHelpers } = await network.create();

/** The CID IPFS gives a raw block whose SHA-256 is `checksum`: CIDv1, raw codec, sha2-256, base32. */
function expectedCid(checksum: string): string {
  return CID.createV1(0x55, Digest.create(0x12, ethers.getBytes(checksum))).toString();
}

async function withBill() {
  const c = await deployExtendedCommunity(ethers);
  const tokenId = await issueBl(c, { number: "ORDER", type: BlType.ToOrder });
  const registry = await c.partyRegistry.getAddress();
  return { ...c, tokenId, registry };
}
const load = () => networkHelpers.loadFixture(withBill);

describe("BillOfLading: ERC-721 and views", function () {
  describe("metadata and interfaces", function () {
    it("then name and symbol describe the registry", async function () {
      const { billOfLading } = await load();
      expect(await billOfLading.name()).to.equal("Paperless Port electronic bill of lading");
      expect(await billOfLading.symbol()).to.equal("eBL");
    });

    for (const [name, id, supported] of [
      ["ERC-165", "0x01ffc9a7", true],
      ["ERC-721", "0x80ac58cd", true],
      ["ERC-721 Metadata", "0x5b5e139f", true],
      ["ERC-721 Enumerable", "0x780e9d63", false],
      ["the invalid id 0xffffffff", "0xffffffff", false],
    ] as const) {
      it(`then supportsInterface(${id}) (${name}) is ${supported}`, async function () {
        const { billOfLading } = await load();
        expect(await billOfLading.supportsInterface(id)).to.equal(supported);
      });
    }

    it("then parties() is the party registry", async function () {
      const { billOfLading, registry } = await load();
      expect(await billOfLading.parties()).to.equal(registry);
    });
  });

  describe("ownership", function () {
    it("when the shipper holds the B/L, then ownerOf is the shipper's keyless title address", async function () {
      const { billOfLading, partyRegistry, orgs, tokenId, registry } = await load();
      const expected = titleAddressOf(ethers, registry, orgs.shipper);
      expect(await partyRegistry.titleAddress(orgs.shipper)).to.equal(expected);
      expect(await billOfLading.ownerOf(tokenId)).to.equal(expected);
    });

    it("when a surrender is pending, then ownerOf is still the holder while controller is the carrier", async function () {
      const { billOfLading, signers, orgs, tokenId, registry } = await load();
      await billOfLading.connect(signers.shipper).surrender(tokenId, SurrenderKind.Delivery);
      expect(await billOfLading.ownerOf(tokenId)).to.equal(titleAddressOf(ethers, registry, orgs.shipper));
      expect(await billOfLading.controller(tokenId)).to.equal(orgs.carrier);
      expect(await billOfLading.getApproved(tokenId)).to.equal(ethers.ZeroAddress);
    });

    it("when the token does not exist, then ownerOf and getApproved revert (ERC721NonexistentToken)", async function () {
      const { billOfLading } = await load();
      for (const call of [billOfLading.ownerOf, billOfLading.getApproved]) {
        await expect(call(42n)).to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken").withArgs(42n);
      }
    });

    it("then balanceOf reverts for every address (BillOfLadingBalanceNotTracked)", async function () {
      const { billOfLading, orgs, registry, signers } = await load();
      for (const owner of [titleAddressOf(ethers, registry, orgs.shipper), signers.shipper.address]) {
        await expect(billOfLading.balanceOf(owner))
          .to.be.revertedWithCustomError(billOfLading, "BillOfLadingBalanceNotTracked")
          .withArgs(owner);
      }
    });

    it("then getApproved is address(0) and isApprovedForAll is false", async function () {
      const { billOfLading, orgs, registry, signers, operator, tokenId } = await load();
      expect(await billOfLading.getApproved(tokenId)).to.equal(ethers.ZeroAddress);
      const title = titleAddressOf(ethers, registry, orgs.shipper);
      expect(await billOfLading.isApprovedForAll(title, signers.shipper.address)).to.equal(false);
      expect(await billOfLading.isApprovedForAll(title, operator.address)).to.equal(false);
    });
  });

  describe("ERC-721 transfers and approvals are disabled", function () {
    for (const who of ["shipper", "operator", "carrier", "outsider"] as const) {
      it(`when the ${who} tries any ERC-721 transfer or approval, then it reverts (BillOfLadingERC721TransferDisabled)`, async function () {
        const c = await load();
        const signer = who === "operator" ? c.operator : who === "outsider" ? c.outsider : c.signers[who];
        const bl = c.billOfLading.connect(signer);
        const title = titleAddressOf(ethers, c.registry, c.orgs.shipper);
        const to = titleAddressOf(ethers, c.registry, c.orgs.bank);
        const attempts = [
          bl.approve(to, c.tokenId),
          bl.setApprovalForAll(to, true),
          bl.transferFrom(title, to, c.tokenId),
          bl.transferFrom(signer.address, to, c.tokenId),
          bl["safeTransferFrom(address,address,uint256)"](title, to, c.tokenId),
          bl["safeTransferFrom(address,address,uint256,bytes)"](title, to, c.tokenId, "0x"),
        ];
        for (const attempt of attempts) {
          await expect(attempt).to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingERC721TransferDisabled");
        }
        expect(await c.billOfLading.ownerOf(c.tokenId)).to.equal(title);
      });
    }
  });

  describe("document CID and token URI", function () {
    const checksums = [
      ["an ordinary document", ethers.sha256(ethers.toUtf8Bytes('{"transportDocumentReference":"COSU1"}'))],
      ["all 0xff bytes", "0x" + "ff".repeat(32)],
      ["a checksum of 1", "0x" + "00".repeat(31) + "01"],
      ["leading 0x80 bytes", "0x" + "80".repeat(32)],
    ] as const;
    for (const [what, documentChecksum] of checksums) {
      it(`when the checksum is ${what}, then documentCid is its CIDv1 raw sha2-256 and tokenURI is ipfs://CID`, async function () {
        const { billOfLading, signers, orgs } = await load();
        const number = blNumber("CID");
        await billOfLading.connect(signers.carrier).issue(number, documentChecksum, BlType.ToOrder, orgs.shipper, 0);
        const tokenId = tokenIdFor(ethers, orgs.carrier, number);
        const cid = expectedCid(documentChecksum);
        expect(cid.startsWith("bafkrei")).to.equal(true);
        expect(await billOfLading.documentChecksum(tokenId)).to.equal(documentChecksum);
        expect(await billOfLading.documentCid(tokenId)).to.equal(cid);
        expect(await billOfLading.tokenURI(tokenId)).to.equal(`ipfs://${cid}`);
      });
    }
  });

  describe("views of an unknown token", function () {
    it("then billOfLading, documentChecksum, documentCid, tokenURI and controller revert (BillOfLadingUnknown)", async function () {
      const { billOfLading, orgs } = await load();
      const unknown = tokenIdFor(ethers, orgs.carrier, blNumber("NONE"));
      const views = [
        billOfLading.billOfLading,
        billOfLading.documentChecksum,
        billOfLading.documentCid,
        billOfLading.tokenURI,
        billOfLading.controller,
      ];
      for (const view of views) {
        await expect(view(unknown))
          .to.be.revertedWithCustomError(billOfLading, "BillOfLadingUnknown")
          .withArgs(unknown);
      }
    });

    it("then tokenIdOf needs no B/L: it is keccak256(abi.encode(uint32 carrier, bytes32 number))", async function () {
      const { billOfLading } = await load();
      for (const [carrier, number] of [
        [1, blNumber("A")],
        [4294967295, blNumber("MAEU123456789")],
        [0, ethers.ZeroHash],
      ] as const) {
        expect(await billOfLading.tokenIdOf(carrier, number)).to.equal(tokenIdFor(ethers, carrier, number));
      }
    });
  });

  describe("controller", function () {
    it("then it is the holder while active, the carrier while surrendered, and 0 when accomplished", async function () {
      const { billOfLading, signers, orgs, tokenId } = await load();
      expect(await billOfLading.controller(tokenId)).to.equal(orgs.shipper);
      await billOfLading.connect(signers.shipper).endorseAndDeliver(tokenId, orgs.bank);
      expect(await billOfLading.controller(tokenId)).to.equal(orgs.bank);
      await billOfLading.connect(signers.bank).surrender(tokenId, SurrenderKind.Delivery);
      expect(await billOfLading.controller(tokenId)).to.equal(orgs.carrier);
      await billOfLading.connect(signers.carrier).acceptSurrender(tokenId);
      expect(await billOfLading.controller(tokenId)).to.equal(0n);
      expect((await billOfLading.billOfLading(tokenId)).state).to.equal(BlState.Accomplished);
    });
  });
});
