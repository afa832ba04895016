import { expect } from "chai";
import request from "supertest";
import type { Response } from "supertest";
import { isContainerNumber } from "../../api/release/containerNumber.ts";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { as as asParty, expectProblem, expectRefused, registerOrganization } from "./helpers.ts";

/** What the gateway and the contract refuse on an e-EIR, and what they flag without refusing. */
describe("e-EIR refusals", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let depot: string;
  let otherHaulier: string;
  const day = 86_400_000;
  const BASE = "/v1/equipment-interchanges";
  const PLATE = "津A12345";
  const as = (who?: string) => asParty(t, who);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const window = () => ({
    validFrom: new Date(Date.now() - day).toISOString(),
    validUntil: new Date(Date.now() + 3 * day).toISOString(),
  });
  // An e-EIR's id packs container, issuer, haulier, purpose, seals and the issue second (not the window): two e-EIRs
  // for the same box in the same second collide (AlreadyIssued), so each gets a box of its own.
  let serial = 0;
  const box = () => {
    serial += 1;
    const prefix = `TCNU${String(400_000 + serial).padStart(6, "0")}`;
    return [..."0123456789"].map((d) => prefix + d).find(isContainerNumber)!;
  };
  /** An empty return from the terminal to the depot: no release chain needed. */
  const emptyReturn = (overrides: object = {}) => ({
    container: box(),
    sizeType: "22G1",
    laden: false,
    purpose: "emptyReturn",
    outFacility: t.orgIds.terminal,
    returnFacility: depot,
    haulier: t.orgIds.haulier,
    ...window(),
    ...overrides,
  });
  /** A sealed box picked up empty for export, with its booking. */
  const exportPickUp = (overrides: object = {}) => ({
    container: box(),
    sizeType: "45G1",
    laden: true,
    seals: ["CN1234567"],
    purpose: "emptyPickUpForExport",
    bookingReference: "BKG20260001",
    outFacility: t.orgIds.terminal,
    returnFacility: depot,
    haulier: t.orgIds.haulier,
    ...window(),
    ...overrides,
  });
  const gate = (overrides: object = {}) => ({
    haulier: t.orgIds.haulier,
    truckPlate: PLATE,
    condition: "sound",
    ...overrides,
  });
  const issue = async (body: object, who = "carrier"): Promise<string> => {
    const res = await as(who).post(BASE, body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id;
  };
  const gateOut = async (id: string, who = "terminal", body: object = gate()) => {
    const res = await as(who).post(`${BASE}/${id}/gate-out`, body);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  };
  /** Runs a call that must be refused: the problem, a chain that did not move, and the contract error if any. */
  const refused = async (
    expected: { status: number; detail?: RegExp; contractError?: string; pointer?: string },
    call: () => Promise<Response>,
  ) => {
    const problem = await expectRefused(t, { status: expected.status, detail: expected.detail }, call);
    if (expected.contractError) expect(problem.contractError?.name).to.equal(expected.contractError);
    if (expected.pointer) {
      expect(problem.errors?.map((e) => e.pointer)).to.include(expected.pointer);
    }
    return problem;
  };

  before(async () => {
    t = await startTestCommunity();
    depot = await registerOrganization(t, "depot", ["depot"], {
      orgId: "91120116MA07DEPOT1",
      legalName: "Tianjin Binhai Empty Depot",
      creditTier: "regular",
    });
    otherHaulier = await registerOrganization(t, "otherHaulier", ["haulier"], {
      orgId: "91120116MA07HAUL02",
      legalName: "Binhai Trucking",
      creditTier: "regular",
    });
  });
  after(async () => t.close());

  describe("bad input (400, nothing on chain)", () => {
    for (const container of ["MSKU1234566", "MSK1234565", "MSKX1234565", "msku1234565", "MSKU123456"]) {
      it(`when the container number is ${container}, then 400 at /container`, async () => {
        const problem = await refused({ status: 400, pointer: "/container" }, () =>
          as("carrier").post(BASE, emptyReturn({ container })),
        );
        const error = problem.errors!.find((e) => e.pointer === "/container")!;
        expect(error.message).to.match(/ISO 6346/);
      });
    }

    for (const sizeType of ["99Z9", "22X1", "2G1", "22G1X", ""]) {
      it(`when the size/type code is "${sizeType}", then 400 at /sizeType`, async () => {
        const problem = await refused({ status: 400, pointer: "/sizeType" }, () =>
          as("carrier").post(BASE, emptyReturn({ sizeType })),
        );
        expect(problem.errors!.find((e) => e.pointer === "/sizeType")!.message).to.be.a("string").and.not.empty;
      });
    }

    it("when a box carries four seals, then 400 at /seals", async () => {
      await refused({ status: 400, pointer: "/seals" }, () =>
        as("carrier").post(BASE, exportPickUp({ seals: ["S1", "S2", "S3", "S4"] })),
      );
    });

    it("when a seal number is longer than 16 bytes (ASCII or UTF-8), then 400 under /seals", async () => {
      for (const seal of ["CN12345678901234567", "封条封条封条"]) {
        const problem = await refused({ status: 400 }, () => as("carrier").post(BASE, exportPickUp({ seals: [seal] })));
        const error = problem.errors!.find((e) => e.pointer.startsWith("/seals"))!;
        expect(error, JSON.stringify(problem)).to.exist;
        expect(error.message).to.match(/16 bytes/);
      }
    });

    it("when a laden container has no seals, then 400 at /seals", async () => {
      const problem = await refused({ status: 400, pointer: "/seals" }, () =>
        as("carrier").post(BASE, exportPickUp({ seals: [] })),
      );
      expect(problem.errors!.find((e) => e.pointer === "/seals")!.message).to.match(/laden/);
    });
  });

  describe("gate events out of order or at the wrong place", () => {
    it("when the depot records a gate-in before the gate-out, then 409 NotGatedOut", async () => {
      const id = await issue(emptyReturn());
      await refused({ status: 409, detail: /not gone out/, contractError: "EquipmentInterchangeNotGatedOut" }, () =>
        as("depot").post(`${BASE}/${id}/gate-in`, gate()),
      );
    });

    it("when the terminal records the gate-out twice, then 409 AlreadyGatedOut", async () => {
      const id = await issue(emptyReturn());
      await gateOut(id);
      await refused(
        { status: 409, detail: /already gone out/, contractError: "EquipmentInterchangeAlreadyGatedOut" },
        () => as("terminal").post(`${BASE}/${id}/gate-out`, gate()),
      );
    });

    it("when the gate-in is at a facility other than the return facility, then 403 WrongFacility", async () => {
      const id = await issue(emptyReturn());
      await gateOut(id);
      await refused({ status: 403, detail: /Depot/, contractError: "EquipmentInterchangeWrongFacility" }, () =>
        as("terminal").post(`${BASE}/${id}/gate-in`, gate()),
      );
    });

    it("when the gate-out is at a facility other than the out facility, then 403 WrongFacility", async () => {
      const id = await issue(emptyReturn());
      const problem = await refused({ status: 403, contractError: "EquipmentInterchangeWrongFacility" }, () =>
        as("depot").post(`${BASE}/${id}/gate-out`, gate()),
      );
      expect(problem.detail).to.match(/Tianjin Binhai Empty Depot/);
    });
  });

  describe("the wrong haulier or truck", () => {
    it("when another haulier turns up at the gate, then 403 WrongHaulier", async () => {
      const id = await issue(emptyReturn());
      await refused({ status: 403, detail: /Binhai Trucking/, contractError: "EquipmentInterchangeWrongHaulier" }, () =>
        as("terminal").post(`${BASE}/${id}/gate-out`, gate({ haulier: otherHaulier })),
      );
    });

    it("when a truck other than the assigned one turns up, then 403 WrongTruck", async () => {
      const id = await issue(emptyReturn());
      await as("haulier").post(`${BASE}/${id}/assign-truck`, { truckPlate: PLATE }).expect(200);
      await refused({ status: 403, detail: /truck/, contractError: "EquipmentInterchangeWrongTruck" }, () =>
        as("terminal").post(`${BASE}/${id}/gate-out`, gate({ truckPlate: "津B99999" })),
      );
    });

    it("when anyone but the named haulier assigns a truck, then 403 NotHaulier", async () => {
      const id = await issue(emptyReturn());
      for (const who of ["otherHaulier", "carrier", "terminal"]) {
        await refused({ status: 403, detail: /named haulier/, contractError: "EquipmentInterchangeNotHaulier" }, () =>
          as(who).post(`${BASE}/${id}/assign-truck`, { truckPlate: PLATE }),
        );
      }
    });
  });

  describe("validity", () => {
    it("when the validity has ended, then the gate-out is refused with Expired", async () => {
      const until = Math.ceil(Date.now() / 1000) + 3;
      const id = await issue(
        emptyReturn({
          validFrom: new Date(Date.now() - day).toISOString(),
          validUntil: new Date(until * 1000).toISOString(),
        }),
      );
      // The chain keeps wall-clock time, but a block's second can trail the wall clock by about a second (a gate-out
      // 1.1 s after validUntil once went through): wait 3 s past the end, then poll, within a bound, for the refusal.
      await sleep(Math.max(0, until * 1000 - Date.now()) + 3_000);
      const deadline = Date.now() + 15_000;
      let res: Response;
      for (;;) {
        const block = await t.community.ctx.chain.blockNumber();
        res = await as("terminal").post(`${BASE}/${id}/gate-out`, gate());
        expect(res.status, "the e-EIR was used after its validity ended").not.to.equal(200);
        expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
        if (res.body.contractError?.name === "EquipmentInterchangeExpired" || Date.now() > deadline) break;
        await sleep(250);
      }
      expectProblem(res, 409, /expired/);
      expect(res.body.contractError.name).to.equal("EquipmentInterchangeExpired");
      const view = await as("carrier").get(`${BASE}/${id}`).expect(200);
      expect(view.body).to.include({ status: "issued", overdue: false });
    });

    it("when the validity starts tomorrow, then the gate-out is refused with NotYetValid", async () => {
      const id = await issue(
        emptyReturn({
          validFrom: new Date(Date.now() + day).toISOString(),
          validUntil: new Date(Date.now() + 2 * day).toISOString(),
        }),
      );
      await refused({ status: 409, detail: /not valid yet/, contractError: "EquipmentInterchangeNotYetValid" }, () =>
        as("terminal").post(`${BASE}/${id}/gate-out`, gate()),
      );
    });
  });

  describe("cancellation, issuing and unknown e-EIRs", () => {
    it("when the issuer cancels with a reason, then the gate-out is refused IsCancelled", async () => {
      const id = await issue(emptyReturn());
      const cancelled = await as("carrier")
        .post(`${BASE}/${id}/cancel`, { reason: "Box reassigned to another booking" })
        .expect(200);
      expect(cancelled.body).to.include({
        status: "cancelled",
        cancellationReason: "Box reassigned to another booking",
      });
      await refused({ status: 409, detail: /cancelled/, contractError: "EquipmentInterchangeIsCancelled" }, () =>
        as("terminal").post(`${BASE}/${id}/gate-out`, gate()),
      );
      await refused({ status: 409, contractError: "EquipmentInterchangeIsCancelled" }, () =>
        as("carrier").post(`${BASE}/${id}/cancel`, { reason: "again" }),
      );
    });

    it("when anyone but the issuer cancels, then 403 NotIssuer", async () => {
      const id = await issue(emptyReturn());
      for (const who of ["haulier", "terminal", "depot"]) {
        await refused({ status: 403, detail: /issuer/, contractError: "EquipmentInterchangeNotIssuer" }, () =>
          as(who).post(`${BASE}/${id}/cancel`, { reason: "not mine to cancel" }),
        );
      }
      const view = await as("carrier").get(`${BASE}/${id}`).expect(200);
      expect(view.body.status).to.equal("issued");
    });

    for (const who of ["shipper", "bank", "customs"]) {
      it(`when the ${who} issues an e-EIR, then 403 NotEquipmentOwner`, async () => {
        await refused(
          { status: 403, detail: /equipment owner/, contractError: "EquipmentInterchangeNotEquipmentOwner" },
          () => as(who).post(BASE, emptyReturn()),
        );
      });
    }

    it("when an e-EIR id is unknown, then 404 on every route", async () => {
      const unknown = "0x" + "ab".repeat(32);
      expectProblem(await as("carrier").get(`${BASE}/${unknown}`), 404, /e-EIR/);
      expectProblem(await as("carrier").get(`${BASE}/not-an-id`), 404, /e-EIR/);
      await refused({ status: 404, detail: /e-EIR/ }, () => as("terminal").post(`${BASE}/${unknown}/gate-out`, gate()));
      await refused({ status: 404, detail: /e-EIR/ }, () => as("depot").post(`${BASE}/${unknown}/gate-in`, gate()));
      await refused({ status: 404, detail: /e-EIR/ }, () =>
        as("carrier").post(`${BASE}/${unknown}/cancel`, { reason: "no such thing" }),
      );
      await refused({ status: 404, detail: /e-EIR/ }, () =>
        as("haulier").post(`${BASE}/${unknown}/assign-truck`, { truckPlate: PLATE }),
      );
    });
  });

  describe("standing at every act (issue 9)", () => {
    it("when an agent appointed for a trader issues an e-EIR, then 403 PrincipalNotCarrier", async () => {
      const agent = await registerOrganization(t, "tradersAgent", ["agent"], {
        orgId: "91120116MA07AGENT9",
        legalName: "Harbour Cargo Agency",
        creditTier: "regular",
      });
      await as("consignee")
        .post(`/v1/organizations/${agent}/appoint-agent`, { principal: t.orgIds.consignee })
        .expect(200);
      await refused(
        {
          status: 403,
          detail: /Harbour Cargo Agency .*is appointed for .*not an active carrier/,
          contractError: "EquipmentInterchangePrincipalNotCarrier",
        },
        () => as("tradersAgent").post(BASE, emptyReturn()),
      );
    });

    it("when the haulier is suspended, then it may bring a box back (recorded) but not take one out", async () => {
      const haulier = await registerOrganization(t, "laterSuspended", ["haulier"], {
        orgId: "91120116MA07HAUL03",
        legalName: "Dagang Haulage",
        creditTier: "regular",
      });
      const toTake = await issue(emptyReturn({ haulier }));
      const toReturn = await issue(emptyReturn({ haulier }));
      await gateOut(toReturn, "terminal", gate({ haulier }));
      await as("operator").post(`/v1/organizations/${haulier}/suspend`).expect(200);
      await refused(
        {
          status: 403,
          detail: /Dagang Haulage .*is suspended: it may bring a container back but not take one out/,
          contractError: "EquipmentInterchangeHaulierNotActive",
        },
        () => as("terminal").post(`${BASE}/${toTake}/gate-out`, gate({ haulier })),
      );
      const back = await as("depot").post(`${BASE}/${toReturn}/gate-in`, gate({ haulier })).expect(200);
      expect(back.body.status).to.equal("returned");
      expect(back.body.gateIn).to.include({ haulierStatus: "suspended", sealCheck: "matched" });
      expect(back.body.gateIn.sealsFound).to.deep.equal([]);
    });
  });

  describe("flagged, not refused", () => {
    it("when the seals found differ, then the gate-out passes with the mismatch flagged and the seals listed", async () => {
      const id = await issue(exportPickUp({ seals: ["CN1234567", "CUS7654321"] }));
      const out = await gateOut(id, "terminal", gate({ seals: ["CN1234567", "CN7777777"] }));
      expect(out.status).to.equal("gatedOut");
      expect(out.gateOut.sealCheck).to.equal("mismatched");
      expect(out.gateOut.sealsFound).to.deep.equal(["CN1234567", "CN7777777"]);
      expect(out.seals).to.deep.equal(["CN1234567", "CUS7654321"]);
    });

    it("when an e-EIR gated out outlives its validity, then it is overdue and listed as overdue", async () => {
      const until = Math.ceil(Date.now() / 1000) + 3;
      const id = await issue(
        emptyReturn({
          container: "MSKU1234565",
          validFrom: new Date(Date.now() - day).toISOString(),
          validUntil: new Date(until * 1000).toISOString(),
        }),
      );
      const out = await gateOut(id);
      expect(out.overdue).to.equal(false);
      let listed = await as("haulier").get(`${BASE}?filter=overdue`).expect(200);
      expect(listed.body.items.map((e: { id: string }) => e.id)).not.to.include(id);
      await sleep(Math.max(0, until * 1000 - Date.now()) + 1_100);
      const view = await as("haulier").get(`${BASE}/${id}`).expect(200);
      expect(view.body).to.include({ status: "gatedOut", overdue: true });
      listed = await as("haulier").get(`${BASE}?filter=overdue`).expect(200);
      expect(listed.body.items.map((e: { id: string }) => e.id)).to.include(id);
      expect(listed.body.items.every((e: { overdue: boolean }) => e.overdue)).to.equal(true);
      // A late return is accepted, and then it is no longer overdue.
      const back = await as("depot").post(`${BASE}/${id}/gate-in`, gate()).expect(200);
      expect(back.body).to.include({ status: "returned", overdue: false });
      listed = await as("haulier").get(`${BASE}?filter=overdue`).expect(200);
      expect(listed.body.items.map((e: { id: string }) => e.id)).not.to.include(id);
    });
  });

  describe("lists and verification", () => {
    it("when e-EIRs are listed by container, then only that container's are there", async () => {
      const id = await issue(emptyReturn({ container: "MSKU1234565" }));
      const other = await issue(exportPickUp({ container: "CSQU3054383" }));
      const res = await as("carrier").get(`${BASE}?filter=all&container=MSKU1234565`).expect(200);
      const ids = res.body.items.map((e: { id: string }) => e.id);
      expect(ids).to.include(id).and.not.include(other);
      expect(ids.length).to.be.at.least(2); // with the overdue one
      expect(res.body.items.every((e: { container: string }) => e.container === "MSKU1234565")).to.equal(true);
      const theOther = await as("haulier").get(`${BASE}?container=CSQU3054383`).expect(200); // "mine" by default
      expect(theOther.body.items.map((e: { id: string }) => e.id)).to.deep.equal([other]);
      const none = await as("carrier").get(`${BASE}?filter=all&container=TCNU1002220`).expect(200);
      expect(none.body.items).to.deep.equal([]);
      await refused({ status: 400, pointer: "/container" }, () =>
        as("carrier").get(`${BASE}?filter=all&container=MSKU1234566`),
      );
    });

    it("when an unknown e-EIR is verified without a key, then it is not authentic", async () => {
      const unknown = "0x" + "cd".repeat(32);
      const res = await request(t.app).get(`${BASE}/${unknown}/verify`).expect(200);
      expect(res.body).to.deep.equal({ authentic: false, id: unknown });
      const junk = await request(t.app).get(`${BASE}/nonsense/verify`).expect(200);
      expect(junk.body.authentic).to.equal(false);
    });
  });
});
