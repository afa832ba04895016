/** Shared behaviours and assertions for the B/L specification files. */
import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { BillOfLading, PartyRegistry } from "../../../types/ethers-contracts/index.js";
import { BlState, SurrenderKind, checksum, type ExtendedCommunity } from "../../fixtures/community.ts";
import { describeAction, perform, predict, readRecord, readWorld, type Action, type Outcome } from "./rules.ts";

export type Contracts = { partyRegistry: PartyRegistry; billOfLading: BillOfLading };

/** Asserts that `attempt` does what `outcome` says: resolves, or reverts with exactly the predicted error. */
export async function expectOutcome(contracts: Contracts, attempt: Promise<unknown>, outcome: Outcome, label: string) {
  try {
    if (outcome.ok) {
      await attempt;
    } else {
      const { contract, error, args } = outcome.refusal;
      await expect(attempt)
        .to.be.revertedWithCustomError(contracts[contract], error)
        .withArgs(...args);
    }
  } catch (e) {
    const expected = outcome.ok ? "success" : `${outcome.refusal.error}(${outcome.refusal.args.join(", ")})`;
    (e as Error).message = `${label}: expected ${expected}: ${(e as Error).message}`;
    throw e;
  }
}

/** Every action a party could attempt on a B/L, with a recipient `to` for the ones that have one. */
export function everyAction(to: number): Record<string, Action> {
  return {
    transferPossession: { op: "transferPossession", to },
    endorse: { op: "endorse", to },
    blankEndorse: { op: "blankEndorse" },
    endorseAndDeliver: { op: "endorseAndDeliver", to },
    rejectTransfer: { op: "rejectTransfer" },
    "surrender:Delivery": { op: "surrender", kind: SurrenderKind.Delivery },
    "surrender:Amendment": { op: "surrender", kind: SurrenderKind.Amendment },
    "surrender:Paper": { op: "surrender", kind: SurrenderKind.Paper },
    "surrender:None": { op: "surrender", kind: SurrenderKind.None },
    acceptSurrender: { op: "acceptSurrender" },
    rejectSurrender: { op: "rejectSurrender" },
    amend: { op: "amend", checksum: checksum("amended document") },
  };
}

/**
 * Checks every action by every actor on `tokenId` against the rules, by simulation (nothing is sent).
 * Returns the labels of the actions that succeeded, as "actor action".
 */
export async function checkEveryAction(
  community: ExtendedCommunity,
  actors: Record<string, HardhatEthersSigner>,
  tokenId: bigint,
  to: number,
  /** The checksum of another B/L's document, to try amending to (refused: BillOfLadingDocumentInUse). */
  inUse?: string,
): Promise<string[]> {
  const { billOfLading, partyRegistry } = community;
  const exists = await billOfLading.billOfLading(tokenId).then(
    () => true,
    () => false,
  );
  const record = exists ? await readRecord(billOfLading, tokenId) : undefined;
  const current = exists ? await billOfLading.documentChecksum(tokenId) : checksum("none");
  const actions = {
    ...everyAction(to),
    "amend:unchanged": { op: "amend", checksum: current } as Action,
    "amend:zero": { op: "amend", checksum: "0x" + "00".repeat(32) } as Action,
    "amend:inUse": { op: "amend", checksum: inUse ?? checksum("no other B/L") } as Action,
  };
  const checksums = Object.values(actions).flatMap((a) => (a.op === "amend" ? [a.checksum] : []));
  const world = await readWorld(
    partyRegistry,
    Object.values(actors).map((s) => s.address),
    { billOfLading, checksums },
  );
  const allowed: string[] = [];
  for (const [actorName, signer] of Object.entries(actors)) {
    for (const [actionName, action] of Object.entries(actions)) {
      const outcome = predict(world, signer.address, tokenId, record, current, action);
      const attempt = perform(billOfLading.connect(signer), tokenId, action, true);
      await expectOutcome(community, attempt, outcome, `${actorName} ${describeAction(action)}`);
      if (outcome.ok) allowed.push(`${actorName} ${actionName}`);
    }
  }
  return allowed;
}

/** A B/L that is accomplished or voided: final, without an ERC-721 owner, but still on record. */
export function shouldBehaveLikeAFinalBillOfLading(
  load: () => Promise<{ community: ExtendedCommunity; tokenId: bigint }>,
  state: number,
) {
  describe(`when the B/L is ${state === BlState.Accomplished ? "accomplished" : "voided"}`, function () {
    it("then its record keeps its parties and shows the final state", async function () {
      const { community, tokenId } = await load();
      const record = await community.billOfLading.billOfLading(tokenId);
      expect(record.state).to.equal(state);
      expect(record.carrier).to.equal(community.orgs.carrier);
    });

    it("then no organization controls it", async function () {
      const { community, tokenId } = await load();
      expect(await community.billOfLading.controller(tokenId)).to.equal(0n);
    });

    it("then it has no ERC-721 owner and no approval", async function () {
      const { community, tokenId } = await load();
      const { billOfLading } = community;
      await expect(billOfLading.ownerOf(tokenId))
        .to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken")
        .withArgs(tokenId);
      await expect(billOfLading.getApproved(tokenId))
        .to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken")
        .withArgs(tokenId);
    });

    it("then its document checksum and CID stay readable, but it has no token URI, is not locked and counts in no balance", async function () {
      const { community, tokenId } = await load();
      const { billOfLading } = community;
      const record = await billOfLading.billOfLading(tokenId);
      const checksum = await billOfLading.documentChecksum(tokenId);
      expect(checksum).to.not.equal("0x" + "00".repeat(32));
      expect(await billOfLading.documentCid(tokenId)).to.match(/^bafkrei/);
      expect(await billOfLading.tokenIdOfDocument(checksum), "its document stays its own").to.equal(tokenId);
      for (const view of [billOfLading.tokenURI, billOfLading.locked]) {
        await expect(view(tokenId))
          .to.be.revertedWithCustomError(billOfLading, "ERC721NonexistentToken")
          .withArgs(tokenId);
      }
      const lastHolder = await community.partyRegistry.titleAddress(record.holder);
      expect(await billOfLading.balanceOf(lastHolder)).to.equal(0n);
    });

    it("then nothing moves it: every action of every party reverts", async function () {
      const { community, tokenId } = await load();
      const { signers, outsider, billOfLading } = community;
      const allowed = await checkEveryAction(community, { ...signers, outsider }, tokenId, community.orgs.bank);
      expect(allowed).to.deep.equal([]);
      // Spot-check that the refusal is the state, for the parties that were last in control.
      await expect(billOfLading.connect(signers.carrier).rejectSurrender(tokenId))
        .to.be.revertedWithCustomError(billOfLading, "BillOfLadingWrongState")
        .withArgs(tokenId, state);
    });
  });
}
