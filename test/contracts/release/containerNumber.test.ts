import { expect } from "chai";
import { network } from "hardhat";
import { accomplishedToOrder, container, deployReleaseCommunity, DAY } from "../../fixtures/release.ts";

const { ethers, networkHelpers } = await network.create();

async function community() {
  const c = await deployReleaseCommunity(ethers);
  const blTokenId = await accomplishedToOrder(c, "COSU6300000009");
  return { ...c, blTokenId };
}
const load = () => networkHelpers.loadFixture(community);

/** ISO 6346 check digit, off chain: letters A=10 … Z=38 skipping 11, 22 and 33, weights 2^position, mod 11, mod 10. */
function checkDigit(first10: string): number {
  const LETTERS = "A BCDEFGHIJK LMNOPQRSTU VWXYZ".replaceAll(" ", "_"); // "_" marks the skipped multiples of 11
  let sum = 0;
  for (const [i, ch] of [...first10].entries()) {
    const value = ch >= "0" && ch <= "9" ? Number(ch) : LETTERS.indexOf(ch) + 10;
    sum += value * 2 ** i;
  }
  return (sum % 11) % 10;
}

// CSQU3054383 is the standard's worked example; the other check digits come from `checkDigit`.
const VALID = [
  "CSQU3054383",
  "MSKU1234565",
  "TGHU1234567",
  "MAEU1234567",
  "CMAU1234564",
  "OOLU1234567",
  "TCLU1234568",
  "HLXU1234561",
  "COSU1234560",
  "APZU1234569",
  "ABCJ0000004", // detachable equipment
  "ABCZ0000005", // trailer or chassis
  "TCNU1002220", // remainder 10: the check digit is 0
];
const WRONG_CHECK_DIGIT = ["CSQU3054384", "MSKU1234566", "TGHU1234560", "MAEU1234568", "COSU1234561", "TCNU1002221"];
const BAD_FORMAT = {
  "lowercase owner code": "csqu3054383",
  "category letter not U, J or Z": "CSQX3054383",
  "a digit in the owner code": "CS1U3054383",
  "a letter in the serial number": "CSQU30543A3",
  "a letter as check digit": "CSQU305438A",
  "a space": "CSQU 305438",
  "too short (zero-padded)": "CSQU305438",
  empty: "",
};

describe("ContainerNumber (ISO 6346)", function () {
  for (const number of VALID) {
    it(`when the number is ${number}, then it is valid`, async function () {
      const { importRelease } = await load();
      expect(await importRelease.isValidContainerNumber(container(number))).to.equal(true);
    });
  }

  for (const number of WRONG_CHECK_DIGIT) {
    it(`when the check digit of ${number} is wrong, then it is invalid`, async function () {
      const { importRelease } = await load();
      expect(await importRelease.isValidContainerNumber(container(number))).to.equal(false);
    });
  }

  for (const [what, number] of Object.entries(BAD_FORMAT)) {
    it(`when the number has ${what}, then it is invalid`, async function () {
      const { importRelease } = await load();
      expect(await importRelease.isValidContainerNumber(container(number))).to.equal(false);
    });
  }

  it("when 200 random numbers are checked, then the contract agrees with the off-chain check digit", async function () {
    const { importRelease } = await load();
    let seed = 6346;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 200; i++) {
      const owner = Array.from({ length: 3 }, () => String.fromCharCode(65 + random(26))).join("");
      const first10 = owner + "UJZ"[random(3)] + String(random(1_000_000)).padStart(6, "0");
      const digit = checkDigit(first10);
      expect(await importRelease.isValidContainerNumber(container(first10 + digit))).to.equal(true, first10);
      const wrong = (digit + 1 + random(9)) % 10;
      expect(await importRelease.isValidContainerNumber(container(first10 + wrong))).to.equal(false, first10);
    }
  });

  it("when every serial number of one owner is tried, then exactly one check digit in ten is valid", async function () {
    const { importRelease } = await load();
    for (const serial of ["000000", "305438", "999999"]) {
      const valid = [];
      for (let d = 0; d < 10; d++) {
        if (await importRelease.isValidContainerNumber(container(`CSQU${serial}${d}`))) valid.push(d);
      }
      expect(valid).to.have.length(1);
    }
  });

  it("when a delivery order, customs or a terminal names an invalid number, then it is refused with the number", async function () {
    const c = await load();
    const bad = container("CSQU3054384");
    const now = await c.now();
    await expect(c.as("carrier").issueDeliveryOrder(c.blTokenId, [bad], 0, c.orgs.terminal, now, now + BigInt(DAY)))
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseInvalidContainerNumber")
      .withArgs(bad);
    await expect(c.as("customs").recordCustomsRelease(ethers.ZeroHash, c.blTokenId, [bad]))
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseInvalidContainerNumber")
      .withArgs(bad);
    await expect(c.as("customs").placeHold(ethers.ZeroHash, c.blTokenId, [bad]))
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseInvalidContainerNumber")
      .withArgs(bad);
    await expect(c.as("terminal").recordDischarge(c.blTokenId, bad))
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseInvalidContainerNumber")
      .withArgs(bad);
  });
});
