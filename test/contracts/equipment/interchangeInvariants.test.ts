/**
 * Property tests of the e-EIR: random sequences of issuer, haulier, facility and operator actions (most of them not
 * allowed) on two import containers and an empty one, with time passing. After every step:
 * - at most one import pick-up gates out per release of a container;
 * - an import pick-up never gates out before the release gate-out of its container, from the same terminal with the
 *   same haulier, and the pick-up's issuer is the release's carrier or its agent;
 * - custody is always with exactly one party: the events of each e-EIR pass it facility → haulier → facility, once
 *   each, and the contract's status says the same holder;
 * - a gate-out of an e-EIR whose haulier is not active never succeeds; a gate-in is never refused for the haulier's
 *   status alone.
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { Interface, type ContractTransactionResponse } from "ethers";
import { OrgStatus } from "../../fixtures/community.ts";
import { CONTAINERS, DAY } from "../../fixtures/release.ts";
import {
  InterchangeStatus,
  PLATE,
  Purpose,
  SEALS,
  deployWithImport,
  emptyReturn,
  gateArgs,
  importPickUp,
  type WithImport,
} from "../../fixtures/equipment.ts";

const { ethers, networkHelpers } = await network.create();

const RUNS = 50;
/** Fixed, so that the states the sequences reach (checked at the end) are the same on every machine. */
const SEED = 20261201;
const STEPS = 30;

const ISSUERS = ["carrier", "agent", "carrier2"] as const;
const HAULIERS = ["haulier", "haulier2"] as const;
const BOXES = [CONTAINERS.first, CONTAINERS.second] as const;
const STATUS_PARTIES = ["carrier", "agent", "haulier", "haulier2", "terminal", "depot"] as const;

type Step =
  | {
      kind: "issue";
      issuer: (typeof ISSUERS)[number];
      haulier: (typeof HAULIERS)[number];
      box: number;
      pickUp: boolean;
    }
  | { kind: "repeat"; pick: number; issuer: (typeof ISSUERS)[number] }
  | { kind: "nominate"; box: number; haulier: (typeof HAULIERS)[number] }
  | { kind: "release"; box: number; haulier: (typeof HAULIERS)[number] }
  | { kind: "gateOut"; pick: number; facility: "terminal" | "depot"; otherHaulier: boolean }
  | { kind: "gateIn"; pick: number; facility: "depot" | "terminal"; suspendHaulier: boolean }
  | { kind: "cancel"; pick: number; by: (typeof ISSUERS)[number] }
  | {
      kind: "registry";
      change: "suspend" | "reinstate" | "revoke";
      party: (typeof STATUS_PARTIES)[number];
    }
  | { kind: "wait"; days: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("issue" as const),
      issuer: fc.constantFrom(...ISSUERS, "carrier", "agent"),
      haulier: fc.constantFrom(...HAULIERS, "haulier", "haulier"),
      box: fc.nat({ max: 1 }),
      pickUp: fc.constantFrom(true, true, false),
    }),
  },
  {
    // Another pick-up of a box whose pick-up already left, with the same haulier, tried at the gate at once.
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("repeat" as const),
      pick: fc.nat(),
      issuer: fc.constantFrom(...ISSUERS, "carrier", "agent"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("nominate" as const),
      box: fc.nat({ max: 1 }),
      haulier: fc.constantFrom(...HAULIERS),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("release" as const),
      box: fc.nat({ max: 1 }),
      haulier: fc.constantFrom(...HAULIERS, "haulier"),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("gateOut" as const),
      pick: fc.nat(),
      facility: fc.constantFrom("terminal" as const, "terminal" as const, "depot" as const),
      otherHaulier: fc.boolean().map((b) => b && Math.random() < 0.3),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("gateIn" as const),
      pick: fc.nat(),
      facility: fc.constantFrom("depot" as const, "depot" as const, "terminal" as const),
      // The operator suspends the e-EIR's haulier just before it comes back (if it is active), for this return only.
      suspendHaulier: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat(), by: fc.constantFrom(...ISSUERS) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("registry" as const),
      change: fc.constantFrom(...(["suspend", "reinstate", "reinstate", "suspend", "reinstate", "revoke"] as const)),
      party: fc.constantFrom(...STATUS_PARTIES, "haulier", "haulier"),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wait" as const), days: fc.integer({ min: 1, max: 4 }) }) },
);

/** The custody of one e-EIR as its events tell it. */
type Custody = { holder: number; outFacility: number; returnFacility: number; gatedOut: number; gatedIn: number };

describe("EquipmentInterchange: properties of random action sequences", function () {
  this.timeout(300_000);

  it(`with ${RUNS} runs of ${STEPS} steps, releases, custody and standing always agree`, async function () {
    // What the sequences reached, so that a generator that stops reaching the interesting states fails the test.
    const reached = { pickUpsOut: 0, secondPickUpsRefused: 0, returnsByInactiveHaulier: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: STEPS, maxLength: STEPS }), async (steps) => {
        const c: WithImport = await networkHelpers.loadFixture(fixture);
        ERRORS ??= new Interface(
          [c.equipmentInterchange, c.importRelease, c.partyRegistry].flatMap((k) =>
            k.interface.fragments.filter((f) => f.type === "error"),
          ),
        );
        const contract = c.equipmentInterchange;
        const ids: bigint[] = [];
        const custody = new Map<bigint, Custody>();
        const pickUpsPerRelease = new Map<string, number>();

        /** The name of the last refusal's custom error. */
        let refusal = "";
        /** Sends a transaction; its parsed e-EIR logs if it went through, undefined if it reverted. */
        async function attempt(send: () => Promise<ContractTransactionResponse>) {
          try {
            const receipt = await (await send()).wait();
            return receipt!.logs.map((l) => contract.interface.parseLog(l)).filter((p) => p !== null);
          } catch (error) {
            expect(String(error), "a refusal is a custom error, never a panic").not.to.match(/panic|0x4e487b71/i);
            const data = (error as { data?: string }).data;
            refusal = data ? (ERRORS!.parseError(data)?.name ?? "unknown") : "unknown";
            return undefined;
          }
        }
        const standing = async (org: number) => Number((await c.partyRegistry.standing(org))[0]);

        for (const step of steps) {
          // Gates mostly pick an e-EIR that can pass them (issued for a gate-out, out for a gate-in), sometimes any.
          const wanted = step.kind === "gateOut" ? InterchangeStatus.Issued : InterchangeStatus.GatedOut;
          const statuses = await Promise.all(
            ids.map(async (id) => Number((await contract.equipmentInterchange(id)).status)),
          );
          const fitting = ids.filter((_, i) => statuses[i] === wanted);
          const pool =
            "pick" in step && step.kind !== "cancel" && fitting.length && step.pick % 4 !== 0 ? fitting : ids;
          const eir = pool.length ? pool[("pick" in step ? step.pick : 0) % pool.length] : undefined;
          let logs: Awaited<ReturnType<typeof attempt>>;
          switch (step.kind) {
            case "issue": {
              const box = BOXES[step.box];
              const request = step.pickUp
                ? await importPickUp(c, { container: box, haulier: c.orgs[step.haulier] })
                : await emptyReturn(c, { haulier: c.orgs[step.haulier] });
              logs = await attempt(() => c.eir(step.issuer).issue(request));
              const issued = logs?.find((l) => l.name === "Issued");
              if (issued) {
                ids.push(issued.args.id);
                custody.set(issued.args.id, {
                  holder: Number(issued.args.outFacility),
                  outFacility: Number(issued.args.outFacility),
                  returnFacility: Number(issued.args.returnFacility),
                  gatedOut: 0,
                  gatedIn: 0,
                });
              }
              break;
            }
            case "repeat": {
              const out = [];
              for (const id of ids) {
                const view = await contract.equipmentInterchange(id);
                if (view.purpose === BigInt(Purpose.ImportPickUp) && view.gatedOutAt > 0n) out.push(view);
              }
              if (out.length === 0) break;
              const first = out[step.pick % out.length];
              const request = await importPickUp(c, { container: first.container, haulier: Number(first.haulier) });
              logs = await attempt(() => c.eir(step.issuer).issue(request));
              const issued = logs?.find((l) => l.name === "Issued");
              if (!issued) break;
              const id: bigint = issued.args.id;
              ids.push(id);
              custody.set(id, {
                holder: Number(issued.args.outFacility),
                outFacility: Number(issued.args.outFacility),
                returnFacility: Number(issued.args.returnFacility),
                gatedOut: 0,
                gatedIn: 0,
              });
              // …and it comes to the gate at once, as in attack 7c.
              logs = await attempt(() =>
                c.eir("terminal").recordGateOut(id, ...gateArgs(c, { haulier: Number(first.haulier) }, SEALS)),
              );
              if (!logs && refusal === "EquipmentInterchangeReleaseAlreadyPickedUp") reached.secondPickUpsRefused += 1;
              break;
            }
            case "nominate":
              await attempt(() =>
                c.as("consignee").nominateHaulier(c.deliveryOrderId, BOXES[step.box], c.orgs[step.haulier]),
              );
              break;
            case "release":
              await attempt(() => c.as("terminal").recordGateOut(BOXES[step.box], c.orgs[step.haulier], PLATE));
              break;
            case "gateOut": {
              if (eir === undefined) break;
              const view = await contract.equipmentInterchange(eir);
              const haulier = step.otherHaulier
                ? view.haulier === BigInt(c.orgs.haulier)
                  ? c.orgs.haulier2
                  : c.orgs.haulier
                : Number(view.haulier);
              const haulierStatus = await standing(Number(view.haulier));
              const seals = view.purpose === BigInt(Purpose.ImportPickUp) ? SEALS : [SEALS[0]];
              logs = await attempt(() => c.eir(step.facility).recordGateOut(eir, ...gateArgs(c, { haulier }, seals)));
              if (!logs && refusal === "EquipmentInterchangeReleaseAlreadyPickedUp") reached.secondPickUpsRefused += 1;
              if (logs && haulierStatus !== OrgStatus.Active) {
                expect.fail(`e-EIR ${eir} gated out with a haulier whose status is ${haulierStatus}`);
              }
              break;
            }
            case "gateIn": {
              if (eir === undefined) break;
              const view = await contract.equipmentInterchange(eir);
              const suspended =
                step.suspendHaulier &&
                (await c.partyRegistry.suspend(view.haulier).then(
                  () => true,
                  () => false,
                ));
              const facility = c.orgs[step.facility];
              const facilityActive = (await standing(facility)) === OrgStatus.Active;
              logs = await attempt(() =>
                c.eir(step.facility).recordGateIn(eir, ...gateArgs(c, { haulier: Number(view.haulier) }, [])),
              );
              const allowed =
                view.status === BigInt(InterchangeStatus.GatedOut) &&
                view.returnFacility === BigInt(facility) &&
                facilityActive;
              // The haulier's status never stops a return: the gate-in succeeds exactly when the rest allows it.
              expect(logs !== undefined, `gate-in of ${eir} at ${step.facility}`).to.equal(allowed);
              if (logs && (await standing(Number(view.haulier))) !== OrgStatus.Active)
                reached.returnsByInactiveHaulier += 1;
              if (suspended) await c.partyRegistry.reinstate(view.haulier); // suspended for this return only
              break;
            }
            case "cancel":
              if (eir !== undefined) logs = await attempt(() => c.eir(step.by).cancel(eir, "property test"));
              break;
            case "registry":
              await c.partyRegistry[step.change](c.orgs[step.party]).catch(() => undefined); // invalid changes revert
              break;
            case "wait":
              await networkHelpers.time.increase(step.days * DAY);
              break;
          }

          // The custody the events tell: facility → haulier at gate-out, haulier → facility at gate-in, once each.
          for (const log of logs ?? []) {
            const held = log.args.id !== undefined ? custody.get(log.args.id) : undefined;
            if (!held) continue;
            if (log.name === "GatedOut") {
              expect(held.holder, "gate-out from the holder").to.equal(Number(log.args.facility));
              expect(held.holder).to.equal(held.outFacility);
              held.holder = Number(log.args.haulier);
              held.gatedOut += 1;
              const view = await contract.equipmentInterchange(log.args.id);
              if (view.purpose === BigInt(Purpose.ImportPickUp)) {
                const release = await c.importRelease.containerRelease(view.container);
                expect(release.gatedOutAt, "the release gate-out came first").to.be.greaterThan(0n);
                expect(release.gatedOutAt).to.be.at.most(view.gatedOutAt);
                expect([release.terminal, release.haulier]).to.deep.equal([log.args.facility, log.args.haulier]);
                const order = await c.importRelease.deliveryOrder(release.deliveryOrderId);
                const issuer = Number(view.issuer);
                const principal = Number(await c.partyRegistry.principalOf(issuer));
                expect([issuer, principal], "issued by the release's carrier or its agent").to.include(
                  Number(order.carrier),
                );
                const key = `${view.container}:${release.deliveryOrderId}:${release.gatedOutAt}`;
                pickUpsPerRelease.set(key, (pickUpsPerRelease.get(key) ?? 0) + 1);
                expect(pickUpsPerRelease.get(key), "one release, one pick-up").to.equal(1);
                reached.pickUpsOut += 1;
              }
            } else if (log.name === "GatedIn") {
              expect(held.holder, "gate-in from the haulier").to.equal(Number(log.args.haulier));
              expect(held.gatedOut).to.equal(1);
              held.holder = Number(log.args.facility);
              expect(held.holder).to.equal(held.returnFacility);
              held.gatedIn += 1;
            }
          }
          // The contract's status names the same single holder.
          for (const id of ids) {
            const view = await contract.equipmentInterchange(id);
            const held = custody.get(id)!;
            const status = Number(view.status);
            const holder =
              status === InterchangeStatus.GatedOut
                ? Number(view.haulier)
                : status === InterchangeStatus.Returned
                  ? Number(view.returnFacility)
                  : Number(view.outFacility);
            expect(held.holder, `custody of ${id}`).to.equal(holder);
            expect(held.gatedOut).to.be.at.most(1);
            expect(held.gatedIn).to.be.at.most(held.gatedOut);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(reached.pickUpsOut, "import pick-ups gated out").to.be.greaterThan(0);
    expect(reached.secondPickUpsRefused, "second pick-ups on a used release refused").to.be.greaterThan(0);
    expect(reached.returnsByInactiveHaulier, "returns by a suspended or revoked haulier").to.be.greaterThan(0);
  });
});

const fixture = () => deployWithImport(ethers);
/** Every custom error of the contracts a step may call, to name a refusal. */
let ERRORS: Interface | undefined;
