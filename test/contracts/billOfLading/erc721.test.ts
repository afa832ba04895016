import { expect } from "chai";
import { network } from "hardhat";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import {
  BlState,
  BlType,
  SurrenderKind,
  blNumber,
  checksum,
  deployExtendedCommunity,
  issueBl,
  titleAddressOf,
  tokenIdFor,
} from "../../fixtures/community.ts";

const { ethers, networkHelpers } = await network.create();

/** An ERC-165 interface id: the XOR of its functions' selectors (as OpenZeppelin's test helpers compute it). */
function interfaceId(signatures: string[]): string {
  const id = signatures.reduce((acc, sig) => acc ^ BigInt(ethers.id(sig).slice(0, 10)), 0n);
  return "0x" + id.toString(16).padStart(8, "0");
}
/** The function lists of OpenZeppelin's SupportsInterface.behavior.js, and EIP-5192's. */
const SIGNATURES = {
  ERC165: ["supportsInterface(bytes4)"],
  ERC721: [
    "balanceOf(address)",
    "ownerOf(uint256)",
    "approve(address,uint256)",
    "getApproved(uint256)",
    "setApprovalForAll(address,bool)",
    "isApprovedForAll(address,address)",
    "transferFrom(address,address,uint256)",
    "safeTransferFrom(address,address,uint256)",
    "safeTransferFrom(address,address,uint256,bytes)",
  ],
  ERC721Metadata: ["name()", "symbol()", "tokenURI(uint256)"],
  ERC5192: ["locked(uint256)"],
} as const;

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
      ["EIP-5192 (locked)", "0xb45a3c0e", true],
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

    it("then getApproved is address(0) and isApprovedForAll is false", async function () {
      const { billOfLading, orgs, registry, signers, operator, tokenId } = await load();
      expect(await billOfLading.getApproved(tokenId)).to.equal(ethers.ZeroAddress);
      const title = titleAddressOf(ethers, registry, orgs.shipper);
      expect(await billOfLading.isApprovedForAll(title, signers.shipper.address)).to.equal(false);
      expect(await billOfLading.isApprovedForAll(title, operator.address)).to.equal(false);
    });
  });

  describe("ERC-721 transfers and approvals can never be authorised (no key signs for a title address)", function () {
    for (const who of ["shipper", "operator", "carrier", "outsider"] as const) {
      it(`when the ${who} tries approve, transferFrom or safeTransferFrom, then OpenZeppelin's refusals come back and nothing moves`, async function () {
        const c = await load();
        const signer = who === "operator" ? c.operator : who === "outsider" ? c.outsider : c.signers[who];
        const bl = c.billOfLading.connect(signer);
        const title = titleAddressOf(ethers, c.registry, c.orgs.shipper);
        const to = titleAddressOf(ethers, c.registry, c.orgs.bank);
        await expect(bl.approve(to, c.tokenId))
          .to.be.revertedWithCustomError(c.billOfLading, "ERC721InvalidApprover")
          .withArgs(signer.address);
        const transfers = [
          bl.transferFrom(title, to, c.tokenId),
          bl.transferFrom(signer.address, to, c.tokenId),
          bl["safeTransferFrom(address,address,uint256)"](title, to, c.tokenId),
          bl["safeTransferFrom(address,address,uint256,bytes)"](title, to, c.tokenId, "0x"),
        ];
        for (const attempt of transfers) {
          await expect(attempt)
            .to.be.revertedWithCustomError(c.billOfLading, "ERC721InsufficientApproval")
            .withArgs(signer.address, c.tokenId);
        }
        expect(await c.billOfLading.ownerOf(c.tokenId)).to.equal(title);
        expect(await c.billOfLading.balanceOf(title)).to.equal(1n);
      });
    }

    it("when a key names an operator with setApprovalForAll, then the operator still cannot move the B/L", async function () {
      const c = await load();
      const title = titleAddressOf(ethers, c.registry, c.orgs.shipper);
      await c.billOfLading.connect(c.signers.shipper).setApprovalForAll(c.outsider.address, true);
      expect(await c.billOfLading.isApprovedForAll(c.signers.shipper.address, c.outsider.address)).to.equal(true);
      expect(await c.billOfLading.isApprovedForAll(title, c.outsider.address)).to.equal(false);
      await expect(c.billOfLading.connect(c.outsider).transferFrom(title, c.outsider.address, c.tokenId))
        .to.be.revertedWithCustomError(c.billOfLading, "ERC721InsufficientApproval")
        .withArgs(c.outsider.address, c.tokenId);
    });

    it("when the token is not live, then approve and transferFrom revert (ERC721NonexistentToken)", async function () {
      const { billOfLading, signers, outsider } = await load();
      await expect(billOfLading.connect(signers.shipper).approve(outsider.address, 42n))
        .to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken")
        .withArgs(42n);
      await expect(billOfLading.connect(signers.shipper).transferFrom(outsider.address, signers.bank.address, 42n))
        .to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken")
        .withArgs(42n);
    });

    it("when the recipient is the zero address, then transferFrom reverts (ERC721InvalidReceiver)", async function () {
      const { billOfLading, signers, orgs, registry, tokenId } = await load();
      const title = titleAddressOf(ethers, registry, orgs.shipper);
      await expect(billOfLading.connect(signers.shipper).transferFrom(title, ethers.ZeroAddress, tokenId))
        .to.be.revertedWithCustomError(billOfLading, "ERC721InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
    });
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
    it("then billOfLading, documentChecksum, documentCid and controller revert (BillOfLadingUnknown)", async function () {
      const { billOfLading, orgs } = await load();
      const unknown = tokenIdFor(ethers, orgs.carrier, blNumber("NONE"));
      const views = [
        billOfLading.billOfLading,
        billOfLading.documentChecksum,
        billOfLading.documentCid,
        billOfLading.controller,
      ];
      for (const view of views) {
        await expect(view(unknown))
          .to.be.revertedWithCustomError(billOfLading, "BillOfLadingUnknown")
          .withArgs(unknown);
      }
    });

    it("then the ERC-721 views tokenURI, ownerOf and getApproved revert as ERC-721 says (ERC721NonexistentToken)", async function () {
      const { billOfLading, orgs } = await load();
      const unknown = tokenIdFor(ethers, orgs.carrier, blNumber("NONE"));
      for (const view of [billOfLading.tokenURI, billOfLading.ownerOf, billOfLading.getApproved]) {
        await expect(view(unknown))
          .to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken")
          .withArgs(unknown);
      }
    });

    it("then tokenIdOfDocument is 0 for a checksum no B/L ever had", async function () {
      const { billOfLading, tokenId, orgs } = await load();
      expect(await billOfLading.tokenIdOfDocument(checksum("never used"))).to.equal(0n);
      expect(await billOfLading.tokenIdOfDocument(checksum(`${orgs.carrier}/ORDER`))).to.equal(tokenId);
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

  // Ported from OpenZeppelin's test/token/ERC721/ERC721.behavior.js (shouldBehaveLikeERC721, the read side, and
  // shouldBehaveLikeERC721Metadata) and test/utils/introspection/SupportsInterface.behavior.js, run against the
  // B/L registry: the "owner" is the shipper's title address, holding two B/Ls.
  describe("OpenZeppelin's ERC-721 behaviours (read side)", function () {
    async function withMintedTokens() {
      const c = await deployExtendedCommunity(ethers);
      const first = await issueBl(c, { number: "FIRST", type: BlType.ToOrder });
      const second = await issueBl(c, { number: "SECOND", type: BlType.ToOrder });
      const registry = await c.partyRegistry.getAddress();
      const title = (org: number) => titleAddressOf(ethers, registry, org);
      return { ...c, first, second, owner: title(c.orgs.shipper), other: title(c.orgs.bank), title };
    }
    const minted = () => networkHelpers.loadFixture(withMintedTokens);
    const nonExistentTokenId = 13n;

    describe("ERC165", function () {
      for (const [name, signatures] of Object.entries(SIGNATURES)) {
        it(`when asked for ${name} (${interfaceId([...signatures])}), then it returns true with less than 30k gas, and every function is in the ABI`, async function () {
          const { billOfLading } = await minted();
          const id = interfaceId([...signatures]);
          expect(await billOfLading.supportsInterface(id), `does not support ${name}`).to.equal(true);
          expect(await billOfLading.supportsInterface.estimateGas(id)).to.be.lte(30_000n);
          for (const signature of signatures) {
            expect(billOfLading.interface.hasFunction(signature), `did not find ${signature}`).to.equal(true);
          }
        });
      }

      it("when asked for the invalid id 0xffffffff, then it returns false with less than 30k gas", async function () {
        const { billOfLading } = await minted();
        expect(await billOfLading.supportsInterface("0xffffffff")).to.equal(false);
        expect(await billOfLading.supportsInterface.estimateGas("0xffffffff")).to.be.lte(30_000n);
      });
    });

    describe("balanceOf", function () {
      it("when the given address owns some tokens, then it returns the amount of tokens owned", async function () {
        const { billOfLading, owner } = await minted();
        expect(await billOfLading.balanceOf(owner)).to.equal(2n);
      });

      it("when the given address does not own any tokens, then it returns 0", async function () {
        const { billOfLading, other, signers, outsider } = await minted();
        for (const address of [other, signers.shipper.address, outsider.address]) {
          expect(await billOfLading.balanceOf(address)).to.equal(0n);
        }
      });

      it("when querying the zero address, then it reverts (ERC721InvalidOwner)", async function () {
        const { billOfLading } = await minted();
        await expect(billOfLading.balanceOf(ethers.ZeroAddress))
          .to.be.revertedWithCustomError(billOfLading, "ERC721InvalidOwner")
          .withArgs(ethers.ZeroAddress);
      });

      it("when a B/L changes hands, is surrendered, rejected back and accomplished, then both balances follow", async function () {
        const c = await minted();
        const bl = (party: keyof typeof c.signers) => c.billOfLading.connect(c.signers[party]);
        const balances = async () =>
          Promise.all([c.orgs.shipper, c.orgs.bank, c.orgs.agent].map((o) => c.billOfLading.balanceOf(c.title(o))));
        await bl("shipper").endorseAndDeliver(c.first, c.orgs.bank);
        expect(await balances()).to.deep.equal([1n, 1n, 0n]);
        await bl("bank").rejectTransfer(c.first);
        expect(await balances()).to.deep.equal([2n, 0n, 0n]);
        // The agent (organization 10) keeps its counter in another slot than the shipper (3) and the bank (4).
        await bl("shipper").transferPossession(c.second, c.orgs.agent);
        expect(await balances()).to.deep.equal([1n, 0n, 1n]);
        await bl("shipper").surrender(c.first, SurrenderKind.Delivery);
        expect(await balances(), "a pending surrender is still held").to.deep.equal([1n, 0n, 1n]);
        await bl("carrier").acceptSurrender(c.first);
        expect(await balances(), "an accomplished B/L is burned").to.deep.equal([0n, 0n, 1n]);
      });
    });

    describe("ownerOf", function () {
      it("when the given token ID was tracked by this token, then it returns the owner", async function () {
        const { billOfLading, owner, first, second } = await minted();
        expect(await billOfLading.ownerOf(first)).to.equal(owner);
        expect(await billOfLading.ownerOf(second)).to.equal(owner);
      });

      it("when the given token ID was not tracked by this token, then it reverts (ERC721NonexistentToken)", async function () {
        const { billOfLading } = await minted();
        await expect(billOfLading.ownerOf(nonExistentTokenId))
          .to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken")
          .withArgs(nonExistentTokenId);
      });
    });

    describe("setApprovalForAll", function () {
      it("when there is no operator approval set by the sender, then it approves the operator and emits ApprovalForAll", async function () {
        const { billOfLading, signers, outsider } = await minted();
        const owner = signers.shipper;
        await expect(billOfLading.connect(owner).setApprovalForAll(outsider.address, true))
          .to.emit(billOfLading, "ApprovalForAll")
          .withArgs(owner.address, outsider.address, true);
        expect(await billOfLading.isApprovedForAll(owner.address, outsider.address)).to.equal(true);
      });

      it("when the operator was set as not approved, then it approves it again, and can unset it", async function () {
        const { billOfLading, signers, outsider } = await minted();
        const asOwner = billOfLading.connect(signers.shipper);
        await asOwner.setApprovalForAll(outsider.address, false);
        await expect(asOwner.setApprovalForAll(outsider.address, true))
          .to.emit(billOfLading, "ApprovalForAll")
          .withArgs(signers.shipper.address, outsider.address, true);
        expect(await billOfLading.isApprovedForAll(signers.shipper.address, outsider.address)).to.equal(true);
        await asOwner.setApprovalForAll(outsider.address, false);
        expect(await billOfLading.isApprovedForAll(signers.shipper.address, outsider.address)).to.equal(false);
      });

      it("when the operator was already approved, then it keeps the approval and emits ApprovalForAll", async function () {
        const { billOfLading, signers, outsider } = await minted();
        const asOwner = billOfLading.connect(signers.shipper);
        await asOwner.setApprovalForAll(outsider.address, true);
        await expect(asOwner.setApprovalForAll(outsider.address, true))
          .to.emit(billOfLading, "ApprovalForAll")
          .withArgs(signers.shipper.address, outsider.address, true);
        expect(await billOfLading.isApprovedForAll(signers.shipper.address, outsider.address)).to.equal(true);
      });

      it("when the operator is address zero, then it reverts (ERC721InvalidOperator)", async function () {
        const { billOfLading, signers } = await minted();
        await expect(billOfLading.connect(signers.shipper).setApprovalForAll(ethers.ZeroAddress, true))
          .to.be.revertedWithCustomError(billOfLading, "ERC721InvalidOperator")
          .withArgs(ethers.ZeroAddress);
      });
    });

    describe("getApproved", function () {
      it("when the token is not minted, then it reverts (ERC721NonexistentToken)", async function () {
        const { billOfLading } = await minted();
        await expect(billOfLading.getApproved(nonExistentTokenId))
          .to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken")
          .withArgs(nonExistentTokenId);
      });

      it("when the token has been minted, then it returns the zero address", async function () {
        const { billOfLading, first } = await minted();
        expect(await billOfLading.getApproved(first)).to.equal(ethers.ZeroAddress);
      });
    });

    describe("metadata", function () {
      it("then it has a name and a symbol", async function () {
        const { billOfLading } = await minted();
        expect(await billOfLading.name()).to.equal("Paperless Port electronic bill of lading");
        expect(await billOfLading.symbol()).to.equal("eBL");
      });

      it("when queried for a non-existent token id, then tokenURI reverts (ERC721NonexistentToken)", async function () {
        const { billOfLading } = await minted();
        await expect(billOfLading.tokenURI(nonExistentTokenId))
          .to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken")
          .withArgs(nonExistentTokenId);
      });

      it("when the B/L is accomplished, then tokenURI reverts (ERC721NonexistentToken) but documentCid still answers", async function () {
        const c = await minted();
        await c.billOfLading.connect(c.signers.shipper).surrender(c.first, SurrenderKind.Paper);
        await c.billOfLading.connect(c.signers.carrier).acceptSurrender(c.first);
        await expect(c.billOfLading.tokenURI(c.first))
          .to.be.revertedWithCustomError(c.billOfLading, "ERC721NonexistentToken")
          .withArgs(c.first);
        expect(await c.billOfLading.documentCid(c.first)).to.match(/^bafkrei/);
      });
    });
  });

  describe("EIP-5192: every live B/L is locked", function () {
    it("when a B/L is issued, then Locked(tokenId) is emitted, and locked is true", async function () {
      const { billOfLading, signers, orgs } = await load();
      const number = blNumber("LOCKED");
      const tokenId = tokenIdFor(ethers, orgs.carrier, number);
      await expect(
        billOfLading.connect(signers.carrier).issue(number, checksum("locked"), BlType.ToOrder, orgs.bank, 0),
      )
        .to.emit(billOfLading, "Locked")
        .withArgs(tokenId);
      expect(await billOfLading.locked(tokenId)).to.equal(true);
    });

    it("when a batch is issued, then each B/L emits Locked", async function () {
      const { billOfLading, signers, orgs } = await load();
      const numbers = [blNumber("LOCK1"), blNumber("LOCK2")];
      const tx = billOfLading.connect(signers.carrier).issueBatch(
        numbers.map((n, i) => ({
          blNumber: n,
          documentChecksum: checksum(`lock${i}`),
          blType: BlType.ToOrder,
          holder: orgs.bank,
          consignee: 0,
        })),
      );
      for (const n of numbers)
        await expect(tx)
          .to.emit(billOfLading, "Locked")
          .withArgs(tokenIdFor(ethers, orgs.carrier, n));
    });

    it("when the token is unknown or no longer live, then locked reverts (ERC721NonexistentToken)", async function () {
      const { billOfLading, signers, tokenId } = await load();
      await expect(billOfLading.locked(42n))
        .to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken")
        .withArgs(42n);
      await billOfLading.connect(signers.shipper).surrender(tokenId, SurrenderKind.Delivery);
      expect(await billOfLading.locked(tokenId), "a pending surrender is still live").to.equal(true);
      await billOfLading.connect(signers.carrier).acceptSurrender(tokenId);
      await expect(billOfLading.locked(tokenId))
        .to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken")
        .withArgs(tokenId);
    });
  });
});
