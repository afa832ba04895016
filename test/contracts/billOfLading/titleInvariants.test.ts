/**
 * Property tests of exclusive control and singularity, over random sequences of operator actions (suspend, reinstate,
 * revoke, set roles), carrier actions (issue with reused documents and respelled numbers, accept, reject, amend) and
 * holder actions, on several B/Ls at once. After every step:
 * - no B/L changed controller, holder, endorsee or state unless the step was a transaction signed by a key of the
 *   organization that controlled it (its holder, or its carrier while a surrender was pending); an operator step
 *   moves nothing;
 * - at most one B/L, live or not, has any document checksum, and `tokenIdOfDocument` names it;
 * - every action did exactly what the rules say (rules.ts), and `balanceOf` counts each title address's live B/Ls.
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  BlState,
  BlType,
  OrgStatus,
  Role,
  SurrenderKind,
  blNumber,
  checksum,
  deployExtendedCommunity,
  titleAddressOf,
  tokenIdFor,
  type ExtendedCommunity,
} from "../../fixtures/community.ts";
import { expectOutcome } from "./behaviours.ts";
import {
  describeAction,
  expectedController,
  perform,
  predict,
  readDocuments,
  readRecord,
  readWorld,
  type Action,
  type BlRecord,
  type Refusal,
  type World,
} from "./rules.ts";

const { ethers, networkHelpers } = await network.create();

async function community() {
  return deployExtendedCommunity(ethers);
}

const RUNS = 25;
const STEPS = 30;

type Party = keyof ExtendedCommunity["signers"] | "outsider";
const ACTORS: Party[] = [
  "carrier",
  "carrier2",
  "shipper",
  "bank",
  "bank2",
  "consignee",
  "agent",
  "revoked",
  "outsider",
];
const OPERATED: Party[] = ["carrier", "carrier2", "shipper", "bank", "bank2", "consignee", "agent"];
const HOLDERS = ["shipper", "bank", "agent"] as const;
const RECIPIENTS: Party[] = ["shipper", "bank", "bank2", "consignee", "agent", "suspended", "revoked", "carrier"];
/** A few documents and numbers, so that sequences reuse them: "TJ0001 " is "TJ0001" with a trailing space. */
const DOCUMENTS = ["doc A", "doc B", "doc C", "doc D"].map(checksum);
const NUMBERS = ["TJ0001", "TJ0001 ", "TJ0002", " TJ0003", "TJ0004"];
const OPS: Action["op"][] = [
  "transferPossession",
  "endorse",
  "blankEndorse",
  "endorseAndDeliver",
  "endorseAndDeliver",
  "rejectTransfer",
  "surrender",
  "surrender",
  "acceptSurrender",
  "rejectSurrender",
  "amend",
];

type Step =
  | { kind: "operator"; change: "suspend" | "reinstate" | "revoke" | "setRoles"; party: Party; flip: boolean }
  | {
      kind: "issue";
      carrier: "carrier" | "carrier2";
      number: number;
      document: number;
      holder: (typeof HOLDERS)[number];
    }
  | {
      kind: "act";
      bl: number;
      byController: boolean;
      party: Party;
      op: Action["op"];
      /** The action the carrier takes when a surrender is pending and the controller acts. */
      decision: Action["op"];
      to: Party;
      surrenderKind: number;
      document: number;
    };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("operator" as const),
      change: fc.constantFrom(
        "suspend" as const,
        "reinstate" as const,
        "reinstate" as const,
        "revoke" as const,
        "setRoles" as const,
      ),
      party: fc.constantFrom(...OPERATED),
      flip: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("issue" as const),
      carrier: fc.constantFrom("carrier" as const, "carrier2" as const),
      number: fc.nat({ max: NUMBERS.length - 1 }),
      document: fc.nat({ max: DOCUMENTS.length - 1 }),
      holder: fc.constantFrom(...HOLDERS),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant("act" as const),
      bl: fc.nat({ max: 7 }),
      byController: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      party: fc.constantFrom(...ACTORS),
      op: fc.constantFrom(...OPS),
      decision: fc.constantFrom<Action["op"]>("acceptSurrender", "acceptSurrender", "rejectSurrender", "amend"),
      to: fc.constantFrom(...RECIPIENTS),
      surrenderKind: fc.constantFrom(SurrenderKind.Delivery, SurrenderKind.Amendment, SurrenderKind.Paper),
      document: fc.nat({ max: DOCUMENTS.length - 1 }),
    }),
  },
);

/** The roles `setRoles` gives: a carrier loses or regains the carrier role, a holder loses or regains title roles. */
function rolesFor(party: Party, flip: boolean): number {
  if (party === "carrier" || party === "carrier2") return flip ? Role.AGENT : Role.CARRIER;
  if (party === "agent") return flip ? Role.TERMINAL : Role.AGENT;
  if (party === "bank" || party === "bank2") return flip ? Role.TERMINAL : Role.BANK;
  return flip ? Role.TERMINAL : Role.TRADER;
}

const ASCII_NUMBER = /^[\x21-\x7e](?:[\x20-\x7e]{0,18}[\x21-\x7e])?$/;

/** What `issue` must do, by the same rules as the contract, in its order of checks. */
function predictIssue(
  world: World,
  signer: string,
  number: string,
  document: string,
  holder: number,
  issued: Set<string>,
): Refusal | null {
  const org = world.signerOrg.get(signer)!;
  const info = world.orgs.get(org)!;
  if (info.status !== OrgStatus.Active)
    return { contract: "partyRegistry", error: "PartyRegistryOrganizationNotActive", args: [org, info.status] };
  if ((info.roles & Role.CARRIER) === 0)
    return { contract: "billOfLading", error: "BillOfLadingNotCarrier", args: [org] };
  const bytes = blNumber(number);
  if (!ASCII_NUMBER.test(number))
    return { contract: "billOfLading", error: "BillOfLadingInvalidNumber", args: [bytes] };
  const h = world.orgs.get(holder)!;
  if (h.status !== OrgStatus.Active)
    return { contract: "partyRegistry", error: "PartyRegistryOrganizationNotActive", args: [holder, h.status] };
  if ((h.roles & (Role.TRADER | Role.BANK | Role.AGENT)) === 0) {
    return { contract: "billOfLading", error: "BillOfLadingInvalidRecipient", args: [holder, h.roles] };
  }
  if (issued.has(`${org}/${bytes}`))
    return { contract: "billOfLading", error: "BillOfLadingNumberTaken", args: [org, bytes] };
  const inUse = world.documents.get(document.toLowerCase());
  if (inUse !== undefined)
    return { contract: "billOfLading", error: "BillOfLadingDocumentInUse", args: [document, inUse] };
  return null;
}

type Control = { controller: number; holder: number; endorsee: number; state: number };
const controlOf = (r: BlRecord): Control => ({
  controller: expectedController(r),
  holder: r.holder,
  endorsee: r.endorsee,
  state: r.state,
});
const live = (r: BlRecord) => r.state === BlState.Active || r.state === BlState.SurrenderPending;

describe("BillOfLading: properties of exclusive control and singularity", function () {
  this.timeout(180_000);

  it(`with ${RUNS} runs of ${STEPS} steps on several B/Ls, only the controller moves a B/L and no document backs two`, async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: STEPS, maxLength: STEPS }), async (steps) => {
        const c = await networkHelpers.loadFixture(community);
        const { billOfLading, partyRegistry, orgs, signers, outsider, operator } = c;
        const signerOf = (party: Party): HardhatEthersSigner => (party === "outsider" ? outsider : signers[party]);
        const orgOf = (party: Party) => (party === "outsider" ? 0 : orgs[party]);
        const keys = ACTORS.map((p) => signerOf(p).address);
        const registry = await partyRegistry.getAddress();
        const tokens: bigint[] = [];
        const numbersTaken = new Set<string>();
        let world = await readWorld(partyRegistry, keys);

        for (const [i, step] of steps.entries()) {
          const records = await Promise.all(tokens.map((t) => readRecord(billOfLading, t)));
          const before = records.map(controlOf);
          let actedBy: { org: number; tokenId: bigint } | null = null; // whose key signed a B/L action, on which B/L
          let label = `step ${i}: ${JSON.stringify(step)}`;

          if (step.kind === "operator") {
            const org = orgOf(step.party);
            const asOperator = partyRegistry.connect(operator);
            const tx =
              step.change === "setRoles"
                ? asOperator.setRoles(org, rolesFor(step.party, step.flip))
                : asOperator[step.change](org);
            await tx.then((t) => t.wait()).catch(() => undefined); // an invalid status change just reverts
            world = { ...(await readWorld(partyRegistry, keys)), documents: world.documents };
          } else if (step.kind === "issue") {
            const signer = signers[step.carrier];
            const number = NUMBERS[step.number];
            const document = DOCUMENTS[step.document];
            const holder = orgs[step.holder];
            world = { ...world, documents: await readDocuments(billOfLading, DOCUMENTS) };
            const refusal = predictIssue(world, signer.address, number, document, holder, numbersTaken);
            const attempt = billOfLading.connect(signer).issue(blNumber(number), document, BlType.ToOrder, holder, 0);
            await expectOutcome(c, attempt, refusal ? { ok: false, refusal } : ({ ok: true } as never), label);
            if (!refusal) {
              const carrier = orgs[step.carrier];
              numbersTaken.add(`${carrier}/${blNumber(number)}`);
              tokens.push(tokenIdFor(ethers, carrier, blNumber(number)));
            }
          } else if (tokens.length > 0) {
            const tokenId = tokens[step.bl % tokens.length];
            const record = records[step.bl % tokens.length];
            const current = await billOfLading.documentChecksum(tokenId);
            const controller = expectedController(record);
            const signer = step.byController
              ? (Object.values(signers).find((s) => world.signerOrg.get(s.address) === controller) ?? outsider)
              : signerOf(step.party);
            const op = step.byController && record.state === BlState.SurrenderPending ? step.decision : step.op;
            const action: Action =
              op === "transferPossession" || op === "endorse" || op === "endorseAndDeliver"
                ? { op, to: orgOf(step.to) }
                : op === "surrender"
                  ? { op, kind: step.surrenderKind }
                  : op === "amend"
                    ? { op, checksum: DOCUMENTS[step.document] }
                    : { op };
            label = `step ${i}: ${signer.address.slice(0, 8)} ${describeAction(action)} on B/L ${step.bl % tokens.length}`;
            world = { ...world, documents: await readDocuments(billOfLading, DOCUMENTS) };
            const outcome = predict(world, signer.address, tokenId, record, current, action);
            await expectOutcome(c, perform(billOfLading.connect(signer), tokenId, action), outcome, label);
            actedBy = { org: world.signerOrg.get(signer.address) ?? 0, tokenId };
          }

          // No B/L changes hands without a signature of its controller.
          const after = await Promise.all(tokens.map((t) => readRecord(billOfLading, t)));
          for (const [k, tokenId] of tokens.entries()) {
            if (k >= before.length) continue; // issued by this step
            const changed = JSON.stringify(controlOf(after[k])) !== JSON.stringify(before[k]);
            if (!changed) continue;
            expect(actedBy?.tokenId, `${label}: B/L ${k} moved in a step that did not act on it`).to.equal(tokenId);
            expect(actedBy!.org, `${label}: B/L ${k} moved without its controller's signature`).to.equal(
              before[k].controller,
            );
            expect(before[k].controller, label).to.not.equal(0);
          }

          // At most one B/L per document, and tokenIdOfDocument names it.
          const checksums = await Promise.all(tokens.map((t) => billOfLading.documentChecksum(t)));
          const liveChecksums = checksums.filter((_, k) => live(after[k]));
          expect(new Set(liveChecksums).size, `${label}: one live B/L per document`).to.equal(liveChecksums.length);
          for (const [k, sum] of checksums.entries()) {
            expect(await billOfLading.tokenIdOfDocument(sum), label).to.equal(tokens[k]);
          }

          // balanceOf counts the live B/Ls of each title address.
          for (const holder of ["shipper", "bank", "bank2", "consignee", "agent"] as const) {
            const count = after.filter((r) => live(r) && r.holder === orgs[holder]).length;
            const title = titleAddressOf(ethers, registry, orgs[holder]);
            expect(await billOfLading.balanceOf(title), `${label}: balance of the ${holder}`).to.equal(BigInt(count));
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
