/**
 * Review (holds): B/L numbers are checked on chain exactly as DCSA transportDocumentReference (1-20 printable ASCII,
 * no space at either end, nothing after the first zero byte), compared with a plain reference over random words
 * biased towards the edges (spaces, controls, DEL, 0x80+, embedded zeros, 20/21 characters).
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { BlType, checksum, deployExtendedCommunity } from "../../fixtures/community.ts";

const { ethers, networkHelpers } = await network.create();
const community = () => deployExtendedCommunity(ethers);

function reference(bytes: number[]): boolean {
  const end = bytes.indexOf(0) === -1 ? 32 : bytes.indexOf(0);
  if (end === 0 || end > 20) return false;
  if (bytes.slice(end).some((b) => b !== 0)) return false;
  const chars = bytes.slice(0, end);
  if (chars.some((b) => b < 0x20 || b > 0x7e)) return false;
  return chars[0] !== 0x20 && chars[end - 1] !== 0x20;
}

const edgeByte = fc.oneof(
  fc.constantFrom(0x00, 0x20, 0x1f, 0x7e, 0x7f, 0x80, 0xff, 0x41, 0x30, 0x09),
  fc.integer({ min: 0, max: 255 }),
);
const word = fc
  .tuple(fc.integer({ min: 0, max: 24 }), fc.array(edgeByte, { minLength: 32, maxLength: 32 }), fc.boolean())
  .map(([len, raw, clean]) => (clean ? raw.map((b, i) => (i < len ? 0x20 + (b % 0x5f) : 0)) : raw));

describe("review: B/L number validation against a reference", function () {
  it("when random 32-byte numbers are issued (static call), then exactly the valid ones pass", async function () {
    const c = await networkHelpers.loadFixture(community);
    const bl = c.billOfLading.connect(c.signers.carrier);
    const samples = fc.sample(word, { numRuns: 300, seed: 9 });
    const valid = samples.filter(reference).length;
    expect(valid, "valid samples").to.be.greaterThan(20);
    expect(samples.length - valid, "invalid samples").to.be.greaterThan(20);
    for (const bytes of samples) {
      const hex = "0x" + Buffer.from(bytes).toString("hex");
      const expected = reference(bytes);
      const call = bl.issue.staticCall(hex, checksum(hex), BlType.ToOrder, c.orgs.shipper, 0);
      if (expected) await expect(call, hex).not.to.revert(ethers);
      else
        await expect(call, hex).to.be.revertedWithCustomError(
          c.billOfLading,
          hex === "0x" + "00".repeat(32) ? "BillOfLadingInvalidDocument" : "BillOfLadingInvalidNumber",
        );
    }
  });
});
