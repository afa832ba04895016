import { expect } from "chai";
import { network } from "hardhat";
import {
  BlState,
  BlType,
  OrgStatus,
  Role,
  blNumber,
  checksum,
  deployExtendedCommunity,
  titleAddressOf,
  tokenIdFor,
} from "../../fixtures/community.ts";

const { ethers, networkHelpers } = await network.create();

const ZERO = ethers.ZeroHash;

async function community() {
  return deployExtendedCommunity(ethers);
}

describe("BillOfLading: issue", function () {
  describe("when the carrier issues a to-order B/L to the shipper", function () {
    async function issued() {
      const c = await networkHelpers.loadFixture(community);
      const number = blNumber("COSU6123456780");
      const tx = c.billOfLading
        .connect(c.signers.carrier)
        .issue(number, checksum("doc"), BlType.ToOrder, c.orgs.shipper, 0);
      return { ...c, number, tx, tokenId: tokenIdFor(ethers, c.orgs.carrier, number) };
    }

    it("then the token id is keccak256(abi.encode(carrier, number)), as tokenIdOf says", async function () {
      const { billOfLading, orgs, number, tokenId, tx } = await issued();
      await tx;
      expect(await billOfLading.tokenIdOf(orgs.carrier, number)).to.equal(tokenId);
    });

    it("then it emits Issued and an ERC-721 Transfer from address(0) to the shipper's title address", async function () {
      const { billOfLading, partyRegistry, orgs, number, tokenId, tx } = await issued();
      const shipperTitle = titleAddressOf(ethers, await partyRegistry.getAddress(), orgs.shipper);
      await expect(tx)
        .to.emit(billOfLading, "Issued")
        .withArgs(tokenId, orgs.carrier, number, checksum("doc"), BlType.ToOrder, orgs.shipper, 0)
        .and.to.emit(billOfLading, "Transfer")
        .withArgs(ethers.ZeroAddress, shipperTitle, tokenId);
    });

    it("then the shipper holds it, to its own order, at version 1", async function () {
      const { billOfLading, orgs, tokenId, tx } = await issued();
      await tx;
      const r = await billOfLading.billOfLading(tokenId);
      expect([r.carrier, r.holder, r.endorsee, r.consignee]).to.deep.equal([
        BigInt(orgs.carrier),
        BigInt(orgs.shipper),
        BigInt(orgs.shipper),
        0n,
      ]);
      expect([r.blType, r.state, r.surrenderKind, r.version]).to.deep.equal([
        BigInt(BlType.ToOrder),
        BigInt(BlState.Active),
        0n,
        1n,
      ]);
      expect([r.blankEndorsed, r.returnable]).to.deep.equal([false, false]);
      expect(await billOfLading.documentChecksum(tokenId)).to.equal(checksum("doc"));
      expect(await billOfLading.controller(tokenId)).to.equal(orgs.shipper);
    });

    it("then the same carrier cannot use the number again", async function () {
      const { billOfLading, signers, orgs, number, tx } = await issued();
      await tx;
      await expect(
        billOfLading
          .connect(signers.carrier)
          .issue(number, checksum("other"), BlType.Straight, orgs.shipper, orgs.consignee),
      )
        .to.be.revertedWithCustomError(billOfLading, "BillOfLadingNumberTaken")
        .withArgs(orgs.carrier, number);
    });

    it("then another carrier may use the same number for its own B/L", async function () {
      const { billOfLading, signers, orgs, number, tokenId, tx } = await issued();
      await tx;
      await billOfLading.connect(signers.carrier2).issue(number, checksum("doc2"), BlType.ToOrder, orgs.bank, 0);
      const otherId = await billOfLading.tokenIdOf(orgs.carrier2, number);
      expect(otherId).to.not.equal(tokenId);
      expect((await billOfLading.billOfLading(otherId)).holder).to.equal(orgs.bank);
      expect((await billOfLading.billOfLading(tokenId)).holder).to.equal(orgs.shipper);
    });
  });

  describe("when a straight B/L or sea waybill is issued with its consignee", function () {
    for (const [kind, blType] of [
      ["straight B/L", BlType.Straight],
      ["sea waybill", BlType.SeaWaybill],
    ] as const) {
      it(`then the ${kind} records the consignee and no endorsee`, async function () {
        const { billOfLading, signers, orgs } = await networkHelpers.loadFixture(community);
        const number = blNumber("N1");
        await billOfLading.connect(signers.carrier).issue(number, checksum("d"), blType, orgs.shipper, orgs.consignee);
        const r = await billOfLading.billOfLading(await billOfLading.tokenIdOf(orgs.carrier, number));
        expect([r.holder, r.endorsee, r.consignee, r.blType]).to.deep.equal([
          BigInt(orgs.shipper),
          0n,
          BigInt(orgs.consignee),
          BigInt(blType),
        ]);
      });
    }
  });

  describe("when the caller is not an active carrier", function () {
    const callers = [
      ["shipper", "BillOfLadingNotCarrier"],
      ["bank", "BillOfLadingNotCarrier"],
      ["consignee", "BillOfLadingNotCarrier"],
      ["agent", "BillOfLadingNotCarrier"],
      ["terminal", "BillOfLadingNotCarrier"],
      ["customs", "BillOfLadingNotCarrier"],
      ["haulier", "BillOfLadingNotCarrier"],
    ] as const;
    for (const [party, error] of callers) {
      it(`then the ${party} cannot issue (${error})`, async function () {
        const { billOfLading, signers, orgs } = await networkHelpers.loadFixture(community);
        const asParty = billOfLading.connect(signers[party]);
        await expect(asParty.issue(blNumber("X"), checksum("d"), BlType.ToOrder, orgs.shipper, 0))
          .to.be.revertedWithCustomError(billOfLading, error)
          .withArgs(orgs[party]);
        const request = { blNumber: blNumber("X"), documentChecksum: checksum("d"), blType: 1, holder: orgs.bank };
        await expect(asParty.issueBatch([{ ...request, consignee: 0 }]))
          .to.be.revertedWithCustomError(billOfLading, error)
          .withArgs(orgs[party]);
      });
    }

    it("then an unregistered outsider cannot issue (PartyRegistryUnknownSigner)", async function () {
      const { billOfLading, partyRegistry, outsider, orgs } = await networkHelpers.loadFixture(community);
      await expect(billOfLading.connect(outsider).issue(blNumber("X"), checksum("d"), BlType.ToOrder, orgs.shipper, 0))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownSigner")
        .withArgs(outsider.address);
    });

    for (const [how, status] of [
      ["suspended", OrgStatus.Suspended],
      ["revoked", OrgStatus.Revoked],
    ] as const) {
      it(`then a ${how} carrier cannot issue (PartyRegistryOrganizationNotActive)`, async function () {
        const { billOfLading, partyRegistry, signers, orgs } = await networkHelpers.loadFixture(community);
        if (status === OrgStatus.Suspended) await partyRegistry.suspend(orgs.carrier);
        else await partyRegistry.revoke(orgs.carrier);
        await expect(
          billOfLading.connect(signers.carrier).issue(blNumber("X"), checksum("d"), BlType.ToOrder, orgs.shipper, 0),
        )
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryOrganizationNotActive")
          .withArgs(orgs.carrier, status);
      });
    }

    it("then a carrier whose carrier role was withdrawn cannot issue (BillOfLadingNotCarrier)", async function () {
      const { billOfLading, partyRegistry, signers, orgs } = await networkHelpers.loadFixture(community);
      await partyRegistry.setRoles(orgs.carrier, Role.AGENT);
      await expect(
        billOfLading.connect(signers.carrier).issue(blNumber("X"), checksum("d"), BlType.ToOrder, orgs.shipper, 0),
      )
        .to.be.revertedWithCustomError(billOfLading, "BillOfLadingNotCarrier")
        .withArgs(orgs.carrier);
    });
  });

  describe("when the document is incomplete", function () {
    for (const [what, number, doc] of [
      ["the B/L number is empty", ZERO, checksum("d")],
      ["the checksum is empty", blNumber("X"), ZERO],
      ["both are empty", ZERO, ZERO],
    ] as const) {
      it(`then issuing reverts when ${what} (BillOfLadingInvalidDocument)`, async function () {
        const { billOfLading, signers, orgs } = await networkHelpers.loadFixture(community);
        await expect(billOfLading.connect(signers.carrier).issue(number, doc, BlType.ToOrder, orgs.shipper, 0))
          .to.be.revertedWithCustomError(billOfLading, "BillOfLadingInvalidDocument")
          .withArgs(number, doc);
      });
    }
  });

  describe("when the consignee does not fit the type", function () {
    const cases = [
      ["a straight B/L has no consignee", BlType.Straight, false],
      ["a sea waybill has no consignee", BlType.SeaWaybill, false],
      ["a to-order B/L names a consignee", BlType.ToOrder, true],
    ] as const;
    for (const [what, blType, withConsignee] of cases) {
      it(`then issuing reverts when ${what} (BillOfLadingInvalidConsignee)`, async function () {
        const { billOfLading, signers, orgs } = await networkHelpers.loadFixture(community);
        const consignee = withConsignee ? orgs.consignee : 0;
        await expect(
          billOfLading.connect(signers.carrier).issue(blNumber("X"), checksum("d"), blType, orgs.shipper, consignee),
        )
          .to.be.revertedWithCustomError(billOfLading, "BillOfLadingInvalidConsignee")
          .withArgs(blType, consignee);
      });
    }
  });

  describe("when the holder or consignee may not hold title", function () {
    type Party = keyof Awaited<ReturnType<typeof community>>["orgs"];
    const parties: [who: Party | 999 | 0, description: string, error: string][] = [
      ["carrier", "the issuing carrier itself", "BillOfLadingInvalidRecipient"],
      ["carrier2", "another carrier", "BillOfLadingInvalidRecipient"],
      ["terminal", "the terminal", "BillOfLadingInvalidRecipient"],
      ["customs", "customs", "BillOfLadingInvalidRecipient"],
      ["haulier", "the haulier", "BillOfLadingInvalidRecipient"],
      ["suspended", "a suspended trader", "PartyRegistryOrganizationNotActive"],
      ["revoked", "a revoked bank", "PartyRegistryOrganizationNotActive"],
      [999, "an unregistered organization number", "PartyRegistryUnknownOrganization"],
    ];
    for (const [who, description, error] of parties) {
      for (const position of ["holder", "consignee"] as const) {
        it(`then ${description} cannot be the ${position} (${error})`, async function () {
          const { billOfLading, partyRegistry, signers, orgs } = await networkHelpers.loadFixture(community);
          const org = typeof who === "number" ? who : orgs[who];
          const [holder, consignee] = position === "holder" ? [org, orgs.consignee] : [orgs.shipper, org];
          const attempt = billOfLading
            .connect(signers.carrier)
            .issue(blNumber("X"), checksum("d"), BlType.Straight, holder, consignee);
          if (error === "BillOfLadingInvalidRecipient") {
            const roles = (await partyRegistry.organization(org)).roles;
            await expect(attempt).to.be.revertedWithCustomError(billOfLading, error).withArgs(org, roles);
          } else if (error === "PartyRegistryOrganizationNotActive") {
            const status = (await partyRegistry.organization(org)).status;
            await expect(attempt).to.be.revertedWithCustomError(partyRegistry, error).withArgs(org, status);
          } else {
            await expect(attempt).to.be.revertedWithCustomError(partyRegistry, error).withArgs(org);
          }
        });
      }
    }

    it("then organization 0 cannot be the holder (PartyRegistryUnknownOrganization)", async function () {
      const { billOfLading, partyRegistry, signers } = await networkHelpers.loadFixture(community);
      await expect(billOfLading.connect(signers.carrier).issue(blNumber("X"), checksum("d"), BlType.ToOrder, 0, 0))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownOrganization")
        .withArgs(0);
    });

    for (const who of ["shipper", "bank", "agent", "consignee"] as const) {
      it(`then the ${who} (a title-holder role) can be holder and consignee`, async function () {
        const { billOfLading, signers, orgs } = await networkHelpers.loadFixture(community);
        const other = who === "bank" ? orgs.consignee : orgs.bank;
        await billOfLading
          .connect(signers.carrier)
          .issue(blNumber("A"), checksum("a"), BlType.Straight, orgs[who], other);
        await billOfLading
          .connect(signers.carrier)
          .issue(blNumber("B"), checksum("b"), BlType.Straight, other, orgs[who]);
        const a = await billOfLading.billOfLading(await billOfLading.tokenIdOf(orgs.carrier, blNumber("A")));
        const b = await billOfLading.billOfLading(await billOfLading.tokenIdOf(orgs.carrier, blNumber("B")));
        expect([a.holder, b.consignee]).to.deep.equal([BigInt(orgs[who]), BigInt(orgs[who])]);
      });
    }
  });

  describe("issueBatch", function () {
    async function requests() {
      const c = await networkHelpers.loadFixture(community);
      const { orgs } = c;
      const batch = [
        { blNumber: blNumber("V1"), documentChecksum: checksum("v1"), blType: BlType.ToOrder, holder: orgs.shipper },
        { blNumber: blNumber("V2"), documentChecksum: checksum("v2"), blType: BlType.Straight, holder: orgs.shipper },
        { blNumber: blNumber("V3"), documentChecksum: checksum("v3"), blType: BlType.SeaWaybill, holder: orgs.agent },
      ].map((r) => ({ ...r, consignee: r.blType === BlType.ToOrder ? 0 : orgs.consignee }));
      return { ...c, batch };
    }

    it("when every request is valid, then every B/L is issued with its events and ids", async function () {
      const { billOfLading, signers, orgs, batch } = await requests();
      const asCarrier = billOfLading.connect(signers.carrier);
      const ids = batch.map((r) => tokenIdFor(ethers, orgs.carrier, r.blNumber));
      expect(await asCarrier.issueBatch.staticCall(batch)).to.deep.equal(ids);
      const tx = asCarrier.issueBatch(batch);
      for (const [i, r] of batch.entries()) {
        await expect(tx)
          .to.emit(billOfLading, "Issued")
          .withArgs(ids[i], orgs.carrier, r.blNumber, r.documentChecksum, r.blType, r.holder, r.consignee);
      }
      for (const [i, r] of batch.entries()) {
        expect((await billOfLading.billOfLading(ids[i])).holder).to.equal(r.holder);
        expect(await billOfLading.documentChecksum(ids[i])).to.equal(r.documentChecksum);
      }
    });

    it("when the batch is empty, then it issues nothing and returns no ids", async function () {
      const { billOfLading, signers } = await requests();
      expect(await billOfLading.connect(signers.carrier).issueBatch.staticCall([])).to.deep.equal([]);
    });

    const breakers = [
      ["the last request reuses an earlier number", "BillOfLadingNumberTaken"],
      ["a request has an invalid consignee", "BillOfLadingInvalidConsignee"],
      ["a request goes to a suspended holder", "PartyRegistryOrganizationNotActive"],
      ["a request has an empty checksum", "BillOfLadingInvalidDocument"],
    ] as const;
    for (const [what, error] of breakers) {
      it(`when ${what}, then the whole batch reverts (${error}) and no B/L exists`, async function () {
        const { billOfLading, partyRegistry, signers, orgs, batch } = await requests();
        const bad = { ...batch[2] };
        let args: unknown[];
        if (error === "BillOfLadingNumberTaken") {
          bad.blNumber = batch[0].blNumber;
          args = [orgs.carrier, bad.blNumber];
        } else if (error === "BillOfLadingInvalidConsignee") {
          bad.consignee = 0;
          args = [bad.blType, 0];
        } else if (error === "PartyRegistryOrganizationNotActive") {
          bad.holder = orgs.suspended;
          args = [orgs.suspended, OrgStatus.Suspended];
        } else {
          bad.documentChecksum = ZERO;
          args = [bad.blNumber, ZERO];
        }
        const contract = error.startsWith("PartyRegistry") ? partyRegistry : billOfLading;
        await expect(billOfLading.connect(signers.carrier).issueBatch([batch[0], batch[1], bad]))
          .to.be.revertedWithCustomError(contract, error)
          .withArgs(...args);
        for (const r of [batch[0], batch[1], bad]) {
          const id = tokenIdFor(ethers, orgs.carrier, r.blNumber);
          await expect(billOfLading.billOfLading(id))
            .to.be.revertedWithCustomError(billOfLading, "BillOfLadingUnknown")
            .withArgs(id);
        }
      });
    }
  });

  // Attack 2 of issue 9: one document backed three live B/Ls (as "TJ0001", as "TJ0001 " and by a second carrier).
  describe("singularity: one document, one B/L", function () {
    async function issuedTJ0001() {
      const c = await deployExtendedCommunity(ethers);
      const number = blNumber("TJ0001");
      await c.billOfLading
        .connect(c.signers.carrier)
        .issue(number, checksum("tj0001"), BlType.ToOrder, c.orgs.shipper, 0);
      return { ...c, number, tokenId: tokenIdFor(ethers, c.orgs.carrier, number) };
    }
    const issued = () => networkHelpers.loadFixture(issuedTJ0001);

    it("when the same carrier issues the same document as 'TJ0001 ' (trailing space), then it reverts (BillOfLadingInvalidNumber)", async function () {
      const { billOfLading, signers, orgs } = await issued();
      const spaced = blNumber("TJ0001 ");
      await expect(
        billOfLading.connect(signers.carrier).issue(spaced, checksum("tj0001"), BlType.ToOrder, orgs.shipper, 0),
      )
        .to.be.revertedWithCustomError(billOfLading, "BillOfLadingInvalidNumber")
        .withArgs(spaced);
    });

    it("when the same carrier issues the same document under another number, then it reverts (BillOfLadingDocumentInUse) naming the B/L", async function () {
      const { billOfLading, signers, orgs, tokenId } = await issued();
      await expect(
        billOfLading
          .connect(signers.carrier)
          .issue(blNumber("TJ0002"), checksum("tj0001"), BlType.ToOrder, orgs.shipper, 0),
      )
        .to.be.revertedWithCustomError(billOfLading, "BillOfLadingDocumentInUse")
        .withArgs(checksum("tj0001"), tokenId);
    });

    it("when a second carrier issues the same document, even under the same number, then it reverts (BillOfLadingDocumentInUse)", async function () {
      const { billOfLading, signers, orgs, number, tokenId } = await issued();
      await expect(
        billOfLading.connect(signers.carrier2).issue(number, checksum("tj0001"), BlType.ToOrder, orgs.bank, 0),
      )
        .to.be.revertedWithCustomError(billOfLading, "BillOfLadingDocumentInUse")
        .withArgs(checksum("tj0001"), tokenId);
      const other = tokenIdFor(ethers, orgs.carrier2, number);
      await expect(billOfLading.billOfLading(other))
        .to.be.revertedWithCustomError(billOfLading, "BillOfLadingUnknown")
        .withArgs(other);
      expect(await billOfLading.tokenIdOfDocument(checksum("tj0001"))).to.equal(tokenId);
    });

    it("when the B/L is accomplished, then its document still cannot back another B/L (BillOfLadingDocumentInUse)", async function () {
      const { billOfLading, signers, orgs, tokenId } = await issued();
      await billOfLading.connect(signers.shipper).surrender(tokenId, 1);
      await billOfLading.connect(signers.carrier).acceptSurrender(tokenId);
      await expect(
        billOfLading
          .connect(signers.carrier2)
          .issue(blNumber("TJ0001"), checksum("tj0001"), BlType.ToOrder, orgs.bank, 0),
      )
        .to.be.revertedWithCustomError(billOfLading, "BillOfLadingDocumentInUse")
        .withArgs(checksum("tj0001"), tokenId);
    });

    it("when a batch names one document twice, then the whole batch reverts (BillOfLadingDocumentInUse) naming the first", async function () {
      const { billOfLading, signers, orgs } = await issued();
      const request = (n: string) => ({
        blNumber: blNumber(n),
        documentChecksum: checksum("batch doc"),
        blType: BlType.ToOrder,
        holder: orgs.shipper,
        consignee: 0,
      });
      await expect(billOfLading.connect(signers.carrier).issueBatch([request("B1"), request("B2")]))
        .to.be.revertedWithCustomError(billOfLading, "BillOfLadingDocumentInUse")
        .withArgs(checksum("batch doc"), tokenIdFor(ethers, orgs.carrier, blNumber("B1")));
      expect(await billOfLading.tokenIdOfDocument(checksum("batch doc"))).to.equal(0n);
    });

    it("when a batch reuses another carrier's document, then the whole batch reverts (BillOfLadingDocumentInUse)", async function () {
      const { billOfLading, signers, orgs, tokenId } = await issued();
      const batch = [
        {
          blNumber: blNumber("C2-1"),
          documentChecksum: checksum("c2 doc"),
          blType: BlType.ToOrder,
          holder: orgs.bank,
          consignee: 0,
        },
        {
          blNumber: blNumber("C2-2"),
          documentChecksum: checksum("tj0001"),
          blType: BlType.ToOrder,
          holder: orgs.bank,
          consignee: 0,
        },
      ];
      await expect(billOfLading.connect(signers.carrier2).issueBatch(batch))
        .to.be.revertedWithCustomError(billOfLading, "BillOfLadingDocumentInUse")
        .withArgs(checksum("tj0001"), tokenId);
      expect(await billOfLading.tokenIdOfDocument(checksum("c2 doc"))).to.equal(0n);
    });
  });

  describe("B/L numbers are DCSA transportDocumentReferences", function () {
    const raw = (bytes: number[]) => "0x" + Buffer.from(bytes).toString("hex").padEnd(64, "0");
    const valid: [string, string][] = [
      ["one character", blNumber("A")],
      ["20 characters", blNumber("ABCDEFGHIJ0123456789")],
      ["inner spaces", blNumber("TJ 00 01")],
      ["every printable ASCII punctuation", blNumber("!\"#$%&'()*+,-./:;<=>")],
      ["'~' (0x7e), the last printable character", blNumber("A~")],
    ];
    const invalid: [string, string][] = [
      ["a trailing space", blNumber("TJ0001 ")],
      ["a leading space", blNumber(" TJ0001")],
      ["only a space", blNumber(" ")],
      ["a space as 20th character", blNumber("ABCDEFGHIJ012345678 ")],
      ["21 characters", blNumber("ABCDEFGHIJ0123456789K")],
      ["32 characters", raw(Array(32).fill(0x41))],
      ["a tab", blNumber("TJ\t0001")],
      ["a newline at the end", blNumber("TJ0001\n")],
      ["DEL (0x7f)", raw([0x54, 0x7f])],
      ["a byte above 0x7f (UTF-8 é)", "0x" + Buffer.from("TJé", "utf8").toString("hex").padEnd(64, "0")],
      ["a character after a zero byte", raw([0x54, 0x4a, 0x00, 0x31])],
      ["a zero byte first", raw([0x00, 0x54])],
      ["a non-zero byte in the padding", raw([0x54, ...Array(30).fill(0), 0x01])],
    ];
    for (const [what, number] of valid) {
      it(`when the number has ${what}, then it is issued`, async function () {
        const { billOfLading, signers, orgs } = await networkHelpers.loadFixture(community);
        await billOfLading.connect(signers.carrier).issue(number, checksum(number), BlType.ToOrder, orgs.shipper, 0);
        expect((await billOfLading.billOfLading(tokenIdFor(ethers, orgs.carrier, number))).holder).to.equal(
          orgs.shipper,
        );
      });
    }
    for (const [what, number] of invalid) {
      it(`when the number has ${what}, then issue and issueBatch revert (BillOfLadingInvalidNumber)`, async function () {
        const { billOfLading, signers, orgs } = await networkHelpers.loadFixture(community);
        const asCarrier = billOfLading.connect(signers.carrier);
        await expect(asCarrier.issue(number, checksum(number), BlType.ToOrder, orgs.shipper, 0))
          .to.be.revertedWithCustomError(billOfLading, "BillOfLadingInvalidNumber")
          .withArgs(number);
        const request = {
          blNumber: number,
          documentChecksum: checksum(number),
          blType: BlType.ToOrder,
          holder: orgs.shipper,
          consignee: 0,
        };
        await expect(asCarrier.issueBatch([request]))
          .to.be.revertedWithCustomError(billOfLading, "BillOfLadingInvalidNumber")
          .withArgs(number);
      });
    }
  });
});
