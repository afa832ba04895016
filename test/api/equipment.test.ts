import { expect } from "chai";
import request from "supertest";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { interchangeReference } from "../../api/equipment/reference.ts";
import { as as asParty, expectProblem, registerOrganization } from "./helpers.ts";

/** A haulier's day through the API: an import container out on its delivery order, the empty back to a depot. */
describe("electronic equipment interchange receipts (e-EIR)", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let depot: string;
  const blNumber = "EIR0000001";
  const container = "MSKU1234565";
  const day = 86_400_000;
  const as = (role: string) => asParty(t, role);
  const window = () => ({
    validFrom: new Date(Date.now() - day).toISOString(),
    validUntil: new Date(Date.now() + 3 * day).toISOString(),
  });
  const heard: { orgId: string; type: string }[] = [];
  let pickUp: string;
  let emptyReturn: string;
  let deliveryOrderId: number;
  /** An import pick-up of the container on its delivery order, by `issuer`. */
  const pickUpRequest = (overrides: object = {}) => ({
    container,
    sizeType: "45G1",
    laden: true,
    seals: ["CN1234567"],
    purpose: "importPickUp",
    deliveryOrderId,
    outFacility: t.orgIds.terminal,
    returnFacility: t.orgIds.terminal,
    haulier: t.orgIds.haulier,
    ...window(),
    ...overrides,
  });

  before(async () => {
    t = await startTestCommunity();
    depot = await registerOrganization(t, "depot", ["depot"], {
      orgId: "91120116MA07DEPOT1",
      legalName: "Tianjin Binhai Empty Depot",
      creditTier: "regular",
    });
    for (const orgId of [t.orgIds.carrier, t.orgIds.haulier, t.orgIds.terminal, depot]) {
      t.community.ctx.notifications.stream(orgId, (n) => heard.push({ orgId: n.orgId, type: n.type }));
    }
    // The release chain: issue, endorse to the consignee, surrender, accept, discharge, delivery order, customs, haulier.
    await as("carrier")
      .post("/v1/bills-of-lading", { transportDocument: transportDocument(blNumber), issueTo: t.orgIds.shipper })
      .expect(201);
    await as("shipper")
      .post(`/v1/bills-of-lading/${blNumber}/endorse-and-deliver`, { to: t.orgIds.consignee })
      .expect(200);
    await as("consignee").post(`/v1/bills-of-lading/${blNumber}/surrender`, { kind: "delivery" }).expect(200);
    await as("carrier").post(`/v1/bills-of-lading/${blNumber}/accept-surrender`, {}).expect(200);
    await as("terminal").post("/v1/terminal/discharges", { blNumber, container }).expect(200);
    const order = await as("carrier")
      .post("/v1/delivery-orders", { blNumber, containers: [container], terminal: t.orgIds.terminal, ...window() })
      .expect(201);
    await as("customs")
      .post("/v1/customs/releases", { declarationNumber: "020220261234567891", blNumber, containers: [container] })
      .expect(200);
    await as("consignee")
      .post(`/v1/delivery-orders/${order.body.deliveryOrderId}/nominate-haulier`, {
        container,
        haulier: t.orgIds.haulier,
      })
      .expect(200);
    deliveryOrderId = order.body.deliveryOrderId;
    const issued = await as("carrier").post("/v1/equipment-interchanges", pickUpRequest()).expect(201);
    pickUp = issued.body.id;
  });
  after(async () => t.close());

  it("when the haulier assigns its truck, then the e-EIR names it and anyone can verify the e-EIR by its reference", async () => {
    const res = await as("haulier")
      .post(`/v1/equipment-interchanges/${pickUp}/assign-truck`, {
        truckPlate: "津A12345",
        driver: "120101198001011234",
      })
      .expect(200);
    expect(res.body.truckPlate).to.equal("津A12345");
    const verified = await request(t.app).get(`/v1/equipment-interchanges/${pickUp}/verify`).expect(200);
    expect(verified.body).to.include({ authentic: true, container, status: "issued", truckPlate: "津A12345" });
  });

  it("when an e-EIR is issued, then it carries a short reference derived from its id, and its paths take that reference in any case", async () => {
    const reference = interchangeReference(pickUp);
    expect(reference).to.match(/^EIR-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect((await as("haulier").get(`/v1/equipment-interchanges/${pickUp}`).expect(200)).body.reference).to.equal(
      reference,
    );
    const byReference = await as("haulier").get(`/v1/equipment-interchanges/${reference.toLowerCase()}`).expect(200);
    expect(byReference.body).to.include({ id: pickUp, reference });
    const verified = await request(t.app).get(`/v1/equipment-interchanges/${reference}/verify`).expect(200);
    expect(verified.body).to.include({ authentic: true, id: pickUp, reference, container });
    const listed = await as("haulier").get("/v1/equipment-interchanges?filter=all").expect(200);
    for (const e of listed.body.items as { id: string; reference: string }[])
      expect(e.reference, e.id).to.equal(interchangeReference(e.id));
  });

  it("when a reference names no e-EIR, then reading it is 404 and verifying it says not authentic", async () => {
    const unknown = "EIR-00000000";
    expect(t.community.ctx.equipment.withReference(unknown)).to.deep.equal([]);
    expectProblem(
      await as("haulier").get(`/v1/equipment-interchanges/${unknown.toLowerCase()}`),
      404,
      /^There is no e-EIR EIR-00000000\.$/,
    );
    const verified = await request(t.app).get(`/v1/equipment-interchanges/${unknown}/verify`).expect(200);
    expect(verified.body).to.deep.equal({ authentic: false, id: unknown });
  });

  it("when two e-EIRs share a reference, then every path given it answers 409 asking for the id, and nothing changes", async () => {
    const eir = t.community.ctx.equipment.interchange(pickUp)!;
    const twin = { ...eir, id: `0x${"ab".repeat(32)}` };
    const projection = t.community.ctx.equipment;
    const withReference = projection.withReference;
    projection.withReference = (reference) => (reference.toUpperCase() === eir.reference ? [eir, twin] : []);
    try {
      const block = await t.community.ctx.chain.blockNumber();
      const detail = new RegExp(
        `^2 e-EIRs share the reference ${eir.reference}: give the e-EIR's id instead \\(${pickUp} or 0xabab`,
      );
      expectProblem(await as("haulier").get(`/v1/equipment-interchanges/${eir.reference}`), 409, detail);
      expectProblem(await request(t.app).get(`/v1/equipment-interchanges/${eir.reference}/verify`), 409, detail);
      const cancelled = await as("carrier").post(`/v1/equipment-interchanges/${eir.reference}/cancel`, { reason: "x" });
      expectProblem(cancelled, 409, detail);
      expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
    } finally {
      projection.withReference = withReference;
    }
  });

  it("when the terminal gates the import container out before the release gate-out, then the contract refuses", async () => {
    const res = await as("terminal").post(`/v1/equipment-interchanges/${pickUp}/gate-out`, {
      haulier: t.orgIds.haulier,
      truckPlate: "津A12345",
      seals: ["CN1234567"],
      condition: "sound",
    });
    expect(res.status).to.equal(409);
    expect(res.body.contractError.name).to.equal("EquipmentInterchangeNotReleased");
  });

  it("when the release gate-out is recorded, then the e-EIR gate-out passes custody to the haulier, and its public check shows the damage and the photo hash", async () => {
    await as("terminal")
      .post("/v1/gate/gate-outs", { container, haulier: t.orgIds.haulier, truckPlate: "津A12345" })
      .expect(200);
    const photo = await as("terminal")
      .post(`/v1/equipment-interchanges/${pickUp}/photos?fileName=door.jpg`)
      .set("Content-Type", "image/jpeg")
      // A JPEG's signature: the bytes must be what their Content-Type says.
      .send(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("a photo of the doors, sealed")]))
      .expect(201);
    const res = await as("terminal")
      .post(`/v1/equipment-interchanges/${pickUp}/gate-out`, {
        haulier: t.orgIds.haulier,
        truckPlate: "津A12345",
        seals: ["CN1234567"],
        condition: "damaged",
        damages: [{ location: "LB", component: "PA", damageType: "DT" }],
        photos: [photo.body.sha256],
      })
      .expect(200);
    expect(res.body.status).to.equal("gatedOut");
    expect(res.body.gateOut).to.deep.include({ sealCheck: "matched", condition: "damaged", haulierStatus: "active" });
    expect(res.body.gateOut.sealsFound).to.deep.equal(["CN1234567"]);
    expect(res.body.gateOut.photos[0].cid).to.equal(photo.body.cid);
    const download = await as("haulier")
      .get(`/v1/equipment-interchanges/${pickUp}/photos/${photo.body.sha256}`)
      .expect(200);
    expect(download.headers["x-content-sha256"]).to.equal(photo.body.sha256);
    expect(download.headers).to.include({
      "content-type": "image/jpeg",
      "content-disposition": "attachment; filename=door.jpg",
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
    });

    // Anyone holding the reference sees the condition report on chain: the damage and the photo's hash.
    const verified = await request(t.app).get(`/v1/equipment-interchanges/${pickUp}/verify`).expect(200);
    expect(verified.body.gateOut).to.deep.include({ sealCheck: "matched", condition: "damaged" });
    expect(verified.body.gateOut.damages).to.deep.equal([{ location: "LB", component: "PA", damageType: "DT" }]);
    expect(verified.body.gateOut.photos).to.deep.equal([{ sha256: photo.body.sha256, cid: photo.body.cid }]);
    expect(verified.body.gateOut.facility.orgId).to.equal(t.orgIds.terminal);
    expect(verified.body.gateIn).to.equal(null);
  });

  it("when a gate photo's bytes are not the image its Content-Type says, then 415 and IPFS holds nothing more", async () => {
    const ipfs = t.community.ctx.documents;
    const before = [await ipfs.blockCount(), await ipfs.pinCount()];
    const res = await as("terminal")
      .post(`/v1/equipment-interchanges/${pickUp}/photos?fileName=door.jpg`)
      .set("Content-Type", "image/jpeg")
      .send(Buffer.from("a photo of the doors, sealed"));
    expect(res.status, JSON.stringify(res.body)).to.equal(415);
    expect(res.body).to.include({ declaredType: "image/jpeg", detectedType: "text/plain" });
    expect([await ipfs.blockCount(), await ipfs.pinCount()]).to.deep.equal(before);
  });

  it("when another carrier issues a pick-up on the delivery order, then 403 NotDeliveryOrderCarrier", async () => {
    await registerOrganization(t, "carrier2", ["carrier"], {
      orgId: "91120116MA07CARR02",
      legalName: "Evergreen Marine",
      creditTier: "regular",
    });
    const block = await t.community.ctx.chain.blockNumber();
    const res = await as("carrier2").post("/v1/equipment-interchanges", pickUpRequest());
    expectProblem(res, 403, /Delivery order \d+ is .*: only that carrier or its agent .*you are Evergreen Marine/);
    expect(res.body.contractError.name).to.equal("EquipmentInterchangeNotDeliveryOrderCarrier");
    expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
  });

  it("when the empty comes back to the depot with new damage, then the new damage is attributed to the haulier", async () => {
    // The import pick-up closes at the terminal (unstuffed box returned via the terminal gate), seals not compared.
    const closed = await as("terminal")
      .post(`/v1/equipment-interchanges/${pickUp}/gate-in`, {
        haulier: t.orgIds.haulier,
        truckPlate: "津A12345",
        seals: [],
        condition: "damaged",
        damages: [{ location: "LB", component: "PA", damageType: "DT" }],
      })
      .expect(200);
    expect(closed.body.newDamageAttributedToHaulier).to.deep.equal([]);
    expect(closed.body.detentionHours).to.be.a("number");

    const issued = await as("carrier")
      .post("/v1/equipment-interchanges", {
        container,
        sizeType: "45G1",
        laden: false,
        purpose: "emptyReturn",
        outFacility: t.orgIds.terminal,
        returnFacility: depot,
        haulier: t.orgIds.haulier,
        ...window(),
      })
      .expect(201);
    emptyReturn = issued.body.id;
    await as("terminal")
      .post(`/v1/equipment-interchanges/${emptyReturn}/gate-out`, {
        haulier: t.orgIds.haulier,
        truckPlate: "津A12345",
        condition: "damaged",
        damages: [{ location: "LB", component: "PA", damageType: "DT" }],
      })
      .expect(200);
    // The terminal is not the return facility: refused on chain, nothing recorded.
    const block = await t.community.ctx.chain.blockNumber();
    const wrong = await as("terminal").post(`/v1/equipment-interchanges/${emptyReturn}/gate-in`, {
      haulier: t.orgIds.haulier,
      truckPlate: "津A12345",
      condition: "sound",
    });
    expect(wrong.status).to.equal(403);
    expect(wrong.body.contractError.name).to.equal("EquipmentInterchangeWrongFacility");
    expect(await t.community.ctx.chain.blockNumber()).to.equal(block);

    const returned = await as("depot")
      .post(`/v1/equipment-interchanges/${emptyReturn}/gate-in`, {
        haulier: t.orgIds.haulier,
        truckPlate: "津A12345",
        condition: "damaged",
        damages: [
          { location: "LB", component: "PA", damageType: "DT" },
          { location: "DX", component: "DH", damageType: "BR" },
        ],
      })
      .expect(200);
    expect(returned.body.status).to.equal("returned");
    expect(returned.body.gateIn.facility.orgId).to.equal(depot);
    expect(returned.body.newDamageAttributedToHaulier).to.deep.equal([
      { location: "DX", component: "DH", damageType: "BR" },
    ]);
    expect(returned.body.detentionHours).to.be.at.least(0);
  });

  it("when the depot records the gate-in twice, then it is refused and nothing changes", async () => {
    const block = await t.community.ctx.chain.blockNumber();
    const res = await as("depot").post(`/v1/equipment-interchanges/${emptyReturn}/gate-in`, {
      haulier: t.orgIds.haulier,
      truckPlate: "津A12345",
      condition: "sound",
    });
    expect(res.status).to.equal(409);
    expect(res.body.contractError.name).to.equal("EquipmentInterchangeAlreadyReturned");
    expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
  });

  it("when bad input arrives, then 400 with pointers and nothing is recorded", async () => {
    const block = await t.community.ctx.chain.blockNumber();
    const bad = await as("carrier").post("/v1/equipment-interchanges", {
      container: "MSKU1234566",
      sizeType: "99Z9",
      laden: true,
      seals: [],
      purpose: "emptyReturn",
      outFacility: t.orgIds.terminal,
      returnFacility: depot,
      haulier: t.orgIds.haulier,
      ...window(),
    });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).to.include.members([
      "/container",
      "/sizeType",
      "/seals",
    ]);
    const twice = await as("terminal").post(`/v1/equipment-interchanges/${pickUp}/gate-out`, {
      haulier: t.orgIds.haulier,
      truckPlate: "津A12345",
      seals: ["CN1234567"],
      condition: "sound",
    });
    expect(twice.status).to.equal(409);
    expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
  });

  it("then the equipment owner, the haulier and both facilities heard every step at once", () => {
    const types = (orgId: string) => heard.filter((n) => n.orgId === orgId).map((n) => n.type);
    for (const orgId of [t.orgIds.carrier, t.orgIds.haulier, t.orgIds.terminal]) {
      expect(types(orgId)).to.include.members(["equipment.issued", "equipment.gatedOut", "equipment.gatedIn"]);
    }
    expect(types(depot)).to.include.members(["equipment.issued", "equipment.gatedIn", "equipment.newDamageAttributed"]);
    expect(types(t.orgIds.haulier)).to.include("equipment.truckAssigned");
  });

  it("when a container's history is asked, then every interchange and the release steps are there", async () => {
    const res = await as("haulier").get(`/v1/containers/${container}/interchanges`).expect(200);
    expect(res.body.interchanges.map((e: { purpose: string }) => e.purpose)).to.deep.equal([
      "importPickUp",
      "emptyReturn",
    ]);
    expect(res.body.release.history.at(-1).step).to.equal("gatedOut");
    const open = await as("haulier").get("/v1/equipment-interchanges?filter=open").expect(200);
    expect(open.body.items).to.deep.equal([]); // both cycles closed
  });

  it("when a second pick-up is issued on the same release, then its gate-out is refused: one release, one pick-up", async () => {
    const second = await as("carrier")
      // Other seals and another start of validity: not the same terms as the first (its id would be the same).
      .post(
        "/v1/equipment-interchanges",
        pickUpRequest({
          seals: ["CN1234567", "CN7654321"],
          validFrom: new Date(Date.now() - day + 60_000).toISOString(),
        }),
      )
      .expect(201);
    const block = await t.community.ctx.chain.blockNumber();
    const res = await as("terminal").post(`/v1/equipment-interchanges/${second.body.id}/gate-out`, {
      haulier: t.orgIds.haulier,
      truckPlate: "津A12345",
      seals: ["CN7654321", "CN1234567"],
      condition: "sound",
    });
    expectProblem(res, 409, /Another pick-up has already taken container MSKU1234565 out on this release/);
    expect(res.body.contractError.name).to.equal("EquipmentInterchangeReleaseAlreadyPickedUp");
    expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
    await as("carrier")
      .post(`/v1/equipment-interchanges/${second.body.id}/cancel`, { reason: "duplicate" })
      .expect(200);
  });

  it("when the delivery order is revoked, then no pick-up can be issued on it: 409 DeliveryOrderRevoked", async () => {
    await as("carrier")
      .post(`/v1/delivery-orders/${deliveryOrderId}/revoke`, { reason: "consignee changed" })
      .expect(200);
    const block = await t.community.ctx.chain.blockNumber();
    const res = await as("carrier").post("/v1/equipment-interchanges", pickUpRequest());
    expectProblem(res, 409, new RegExp(`Delivery order ${deliveryOrderId} was revoked`));
    expect(res.body.contractError.name).to.equal("EquipmentInterchangeDeliveryOrderRevoked");
    expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
  });
});
