/**
 * Review (holds): the e-EIR id packs any valid ISO 6346 number into 36 bits and unpacks it with the same check digit,
 * and the contract's check-digit rule agrees with an independent one, including numbers whose sum is 10 mod 11.
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { container } from "../../fixtures/release.ts";
import { deployEquipmentCommunity, emptyReturn, issueEir } from "../../fixtures/equipment.ts";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployEquipmentCommunity(ethers);

/** ISO 6346 letter values: A = 10, skipping 11, 22 and 33. */
function letterValue(ch: string): number {
  let v = 10;
  for (let code = 65; code < ch.charCodeAt(0); code++) {
    v++;
    if (v % 11 === 0) v++;
  }
  return v;
}
function checkDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = first10[i];
    const v = i < 4 ? letterValue(ch) : Number(ch);
    sum += v * 2 ** i;
  }
  return (sum % 11) % 10;
}

const letters = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ");
const numberArb = fc
  .tuple(
    fc.array(letters, { minLength: 3, maxLength: 3 }),
    fc.constantFrom("U", "J", "Z"),
    fc.integer({ min: 0, max: 999_999 }),
  )
  .map(([owner, category, serial]) => {
    const first10 = owner.join("") + category + String(serial).padStart(6, "0");
    return first10 + checkDigit(first10);
  });

describe("review: container number pack/unpack round trip through the e-EIR id", function () {
  it("for random valid numbers, then the contract accepts them, rejects every other check digit, and the id unpacks to the same number", async function () {
    const c = await networkHelpers.loadFixture(fixture);
    const seen = new Set<string>();
    const samples = fc.sample(numberArb, { numRuns: 40, seed: 9 });
    for (const first10 of ["AAAU000000", "ZZZZ999999", "AAAJ000001", "CSQU305438"])
      samples.push(first10 + checkDigit(first10));
    // A sum of 10 mod 11 gives check digit 0: find one and include it.
    for (let s = 0; s < 100; s++) {
      const first10 = "ABCU" + String(s).padStart(6, "0");
      let sum = 0;
      for (let i = 0; i < 10; i++) sum += (i < 4 ? letterValue(first10[i]) : Number(first10[i])) * 2 ** i;
      if (sum % 11 === 10) {
        samples.push(first10 + "0");
        break;
      }
    }
    for (const text of samples) {
      if (seen.has(text)) continue;
      seen.add(text);
      expect(await c.importRelease.isValidContainerNumber(container(text)), text).to.equal(true);
      const wrong = text.slice(0, 10) + ((Number(text[10]) + 1) % 10);
      expect(await c.importRelease.isValidContainerNumber(container(wrong)), wrong).to.equal(false);
      const id = await issueEir(c, await emptyReturn(c, { container: container(text) }));
      expect((await c.equipmentInterchange.equipmentInterchange(id)).container, text).to.equal(container(text));
    }
  });
});
