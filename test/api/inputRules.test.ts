/**
 * Input that used to give a 500 or slip dirty text onto the chain: JSON nested too deep, lone surrogates, times the
 * chain cannot hold, identifiers that look like others, control, zero-width and bidirectional characters. Each case
 * is refused with its status as application/problem+json, points at the field, and changes nothing.
 */
import { expect } from "chai";
import request from "supertest";
import { canonicalize } from "../../api/billsOfLading/canonicalForm.ts";
import { MAX_JSON_DEPTH } from "../../api/domain.ts";
import { Problem } from "../../api/problem.ts";
import { isMediaType, jsonBodyProblem, MediaType } from "../../api/validation.ts";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { act, as, blPath, expectRefused, expectStatus, issue, issueRequest, newBlNumber } from "./helpers.ts";
import { box, DAY_MS, inMs, releaseSteps } from "./releaseSteps.ts";

/** `depth` arrays nested in each other, as JSON text (built as text: JSON.stringify would itself recurse). */
const nestedArrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

describe("input rules: what used to give a 500 or dirty text is refused, and changes nothing", function () {
  this.timeout(180_000);
  let t: TestCommunity;
  let held: string;
  let surrendered: string;
  let deliveryOrderId: number;
  let interchangeId: string;
  let releasable: string;
  const TJ = "TJ2026000001";

  /** A raw JSON text POSTed as `who` (no key for undefined). */
  const postJson = (who: string | undefined, path: string, text: string) => {
    const r = request(t.app).post(path).set("Content-Type", "application/json");
    return (who ? r.set("Authorization", `Bearer ${t.keys[who]}`) : r).send(text);
  };

  before(async () => {
    t = await startTestCommunity();
    held = newBlNumber("RULES");
    await issue(t, held);
    await issue(t, TJ);
    surrendered = newBlNumber("RSURR");
    await issue(t, surrendered);
    await act(t, "shipper", surrendered, "surrender", { kind: "amendment" });
    const steps = releaseSteps(t);
    releasable = await steps.releasableBl("RREL");
    const container = box();
    deliveryOrderId = expectStatus(await steps.issueOrder(releasable, [container]), 201).deliveryOrderId;
    const eir = await as(t, "carrier").post("/v1/equipment-interchanges", {
      container: box(),
      sizeType: "22G1",
      laden: false,
      purpose: "emptyReturn",
      outFacility: t.orgIds.terminal,
      returnFacility: t.orgIds.terminal,
      haulier: t.orgIds.haulier,
      validFrom: inMs(-DAY_MS),
      validUntil: inMs(DAY_MS),
    });
    interchangeId = expectStatus(eir, 201).id;
  });
  after(async () => t.close());

  const bls = () => [held, TJ, surrendered];

  describe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels: 400 before anything reads it`, function () {
    const deep = (depth: number) => `{"transportDocument":{"x":${nestedArrays(depth - 2)}}}`;
    for (const [label, who, path, text] of [
      ["the open /v1/verify, 65 levels", undefined, "/v1/verify", () => deep(MAX_JSON_DEPTH + 1)],
      ["the open /v1/verify, 100000 levels", undefined, "/v1/verify", () => deep(100_000)],
      ["an issue, 65 levels", "carrier", "/v1/bills-of-lading", () => deep(MAX_JSON_DEPTH + 1)],
      ["an issue, 100000 levels", "carrier", "/v1/bills-of-lading", () => deep(100_000)],
      ["an amendment", "carrier", "amend", () => deep(5000)],
      ["a transfer", "shipper", "transfer", () => `{"to":${nestedArrays(1000)}}`],
      ["a registration", "operator", "/v1/organizations", () => `{"orgId":"X","name":${nestedArrays(1000)}}`],
      ["a bare deep array", "carrier", "/v1/delivery-orders", () => nestedArrays(MAX_JSON_DEPTH + 1)],
    ] as const) {
      it(`when ${label} is sent nested too deep, then it is refused with 400`, async () => {
        const target =
          path === "amend" ? blPath(surrendered, "amend") : path === "transfer" ? blPath(held, "transfer") : path;
        const problem = await expectRefused(t, { status: 400, detail: /more than 64 levels deep/, bls: bls() }, () =>
          postJson(who, target, text()),
        );
        expect(problem.errors?.[0].message).to.match(/nested more than 64 levels deep/);
      });
    }

    it("when a body is exactly 64 levels deep, then the depth rule lets it through to the schema", async () => {
      // 64 levels: the body, transportDocument, x and 61 arrays; the DCSA schema then refuses it, with a 422.
      const problem = await expectRefused(t, { status: 422, bls: bls() }, () =>
        postJson(undefined, "/v1/verify", deep(MAX_JSON_DEPTH)),
      );
      expect(problem.detail).not.to.match(/levels deep/);
    });

    it("when canonicalize is given a document nested 100000 deep, then it throws a 400 problem, not a stack overflow", function () {
      const document = JSON.parse(`{"a":${nestedArrays(100_000)}}`);
      expect(() => canonicalize(document))
        .to.throw(Problem)
        .with.property("status", 400);
      expect(jsonBodyProblem(JSON.parse(nestedArrays(MAX_JSON_DEPTH)))).to.equal(undefined);
    });
  });

  describe("lone UTF-16 surrogates: 400 pointing at the field", function () {
    const org = JSON.stringify({ orgId: "91120000SURROGATE1", roles: ["trader"] }).slice(0, -1);
    for (const [label, who, path, text, pointer] of [
      ["an organization's name", "operator", "/v1/organizations", `${org},"name":"Acme \\ud800 Ltd"}`, "/name"],
      ["a low surrogate alone", "operator", "/v1/organizations", `${org},"name":"\\udc00"}`, "/name"],
      ["a member name", "operator", "/v1/organizations", `${org},"name":"Acme","\\ud83d":1}`, "/\ud83d"],
      ["a recipient", "shipper", "transfer", `{"to":"9112\\ud800"}`, "/to"],
      [
        "a checksum on the open /v1/verify",
        undefined,
        "/v1/verify",
        `{"documentChecksum":"0x\\ud800"}`,
        "/documentChecksum",
      ],
      ["a reason", "carrier", "revoke", `{"reason":"stop \\udfff"}`, "/reason"],
      ["a nested array item", "carrier", "/v1/customs/releases", `{"containers":["A","\\ud800"]}`, "/containers/1"],
    ] as const) {
      it(`when ${label} holds a lone surrogate, then it is refused with 400 at ${pointer}`, async () => {
        const target =
          path === "transfer"
            ? blPath(held, "transfer")
            : path === "revoke"
              ? `/v1/delivery-orders/${deliveryOrderId}/revoke`
              : path;
        const problem = await expectRefused(t, { status: 400, detail: /lone UTF-16 surrogate/, bls: bls() }, () =>
          postJson(who, target, text),
        );
        expect(problem.errors).to.deep.equal([
          { pointer, message: "contains a lone UTF-16 surrogate (such as \\ud800)" },
        ]);
      });
    }

    it("when a name holds a well-formed surrogate pair (an emoji), then the surrogate rule lets it through", async () => {
      const res = await postJson(
        "operator",
        "/v1/organizations",
        JSON.stringify({ orgId: "91120000EMOJI00001", name: "Harbour \ud83d\udea2 Ltd", roles: ["trader"] }),
      );
      expect(expectStatus(res, 201).name).to.equal("Harbour \u{1f6a2} Ltd");
    });
  });

  describe("times the chain cannot record: 422", function () {
    const order = (times: { validFrom?: string; validUntil?: string }) => ({
      blNumber: releasable,
      containers: [box()],
      terminal: t.orgIds.terminal,
      validFrom: inMs(-DAY_MS),
      validUntil: inMs(DAY_MS),
      ...times,
    });
    const interchange = (times: { validFrom?: string; validUntil?: string }) => ({
      container: box(),
      sizeType: "22G1",
      laden: false,
      purpose: "emptyReturn",
      outFacility: t.orgIds.terminal,
      returnFacility: t.orgIds.terminal,
      haulier: t.orgIds.haulier,
      validFrom: inMs(-DAY_MS),
      validUntil: inMs(DAY_MS),
      ...times,
    });
    for (const [label, path, body, pointer] of [
      [
        "a delivery order valid from 1969",
        "/v1/delivery-orders",
        () => order({ validFrom: "1969-12-31T23:59:59Z" }),
        "/validFrom",
      ],
      [
        "a delivery order valid from 00:30 on 1 January 1970 at +01:00 (1969 in UTC)",
        "/v1/delivery-orders",
        () => order({ validFrom: "1970-01-01T00:30:00+01:00" }),
        "/validFrom",
      ],
      [
        "a delivery order valid from year 0",
        "/v1/delivery-orders",
        () => order({ validFrom: "0000-01-01T00:00:00Z" }),
        "/validFrom",
      ],
      [
        "an e-EIR valid from 1900",
        "/v1/equipment-interchanges",
        () => interchange({ validFrom: "1900-01-01T00:00:00Z" }),
        "/validFrom",
      ],
      [
        "an e-EIR valid from and until before 1970",
        "/v1/equipment-interchanges",
        () => interchange({ validFrom: "1960-01-01T00:00:00Z", validUntil: "1969-01-01T00:00:00Z" }),
        "/validUntil",
      ],
    ] as const) {
      it(`when ${label} is issued, then it is refused with 422 at ${pointer}`, async () => {
        const problem = await expectRefused(t, { status: 422, detail: /cannot record/, bls: [releasable] }, () =>
          as(t, "carrier").post(path, body()),
        );
        expect(problem.errors?.map((e) => e.pointer)).to.include(pointer);
        expect(problem.errors?.[0].message).to.match(/1970-01-01T00:00:00Z/);
      });
    }

    it("when a time is past year 9999 (not ISO 8601 as the schema states it), then it is refused with 400", async () => {
      const problem = await expectRefused(t, { status: 400, bls: [releasable] }, () =>
        as(t, "carrier").post("/v1/delivery-orders", order({ validUntil: "+275760-09-13T00:00:00Z" })),
      );
      expect(problem.errors?.map((e) => e.pointer)).to.deep.equal(["/validUntil"]);
    });
  });

  describe("identifiers have strict patterns; text on chain is clean", function () {
    const register = (overrides: object) => ({
      orgId: "91120000CLEANORG01",
      name: "Clean Trading Co.",
      roles: ["trader"],
      ...overrides,
    });
    const DIRTY: [string, string][] = [
      ["NUL", "Acme\u0000Ltd"],
      ["a line break", "Acme\nLtd"],
      ["a tab", "Acme\tLtd"],
      ["DEL", "Acme\u007fLtd"],
      ["a C1 control (NEL)", "Acme\u0085Ltd"],
      ["a zero-width space", "Acme\u200bLtd"],
      ["a zero-width non-joiner", "Acme\u200cLtd"],
      ["a zero-width joiner", "Acme\u200dLtd"],
      ["a word joiner", "Acme\u2060Ltd"],
      ["a byte order mark", "\ufeffAcme Ltd"],
      ["a right-to-left override", "Acme\u202eLtd"],
      ["a left-to-right embedding", "Acme\u202aLtd"],
      ["a first-strong isolate", "Acme\u2068Ltd"],
      ["a right-to-left mark", "Acme\u200fLtd"],
      ["an Arabic letter mark", "Acme\u061cLtd"],
    ];
    for (const [what, name] of DIRTY) {
      it(`when an organization's name holds ${what}, then the registration is refused with 400 at /name`, async () => {
        const problem = await expectRefused(t, { status: 400 }, () =>
          as(t, "operator").post("/v1/organizations", register({ name })),
        );
        expect(problem.errors?.map((e) => e.pointer)).to.deep.equal(["/name"]);
        const organizations = expectStatus(await as(t, "operator").get("/v1/organizations"), 200);
        expect(JSON.stringify(organizations)).not.to.include("CLEANORG");
      });
    }

    for (const [what, orgId] of [
      ["small letters", "91120000cleanorg01"],
      ["full-width digits", "９１１２００００CLEAN"],
      ["an inner space", "91120000 CLEAN"],
      ["a zero-width space", "91120000\u200bCLEAN"],
      ["NUL", "91120000\u0000CLEAN"],
      ["a leading hyphen", "-91120000CLEAN"],
      ["33 characters", "9".repeat(33)],
      ["nothing", ""],
      ["a Cyrillic look-alike (С)", "91120000СLEAN"],
    ] as const) {
      it(`when an orgId has ${what}, then the registration is refused with 400 at /orgId`, async () => {
        const problem = await expectRefused(t, { status: 400 }, () =>
          as(t, "operator").post("/v1/organizations", register({ orgId })),
        );
        expect(problem.errors?.map((e) => e.pointer)).to.deep.equal(["/orgId"]);
      });
    }

    it("when an organization's name is sent decomposed (e + U+0301), then it is kept NFC-normalized (é)", async () => {
      const res = await as(t, "operator").post(
        "/v1/organizations",
        register({ orgId: "91120000NFCTRADER1", name: "Cafe\u0301 du Port" }),
      );
      expect(expectStatus(res, 201).name).to.equal("Caf\u00e9 du Port");
    });

    for (const [what, reference] of [
      ["full-width digits", "TJ２０２６０００００１"],
      ["full-width letters and digits", "ＴＪ２０２６０００００１"],
      ["a zero-width space", "TJ2026\u200b000001"],
      ["a byte order mark", "\ufeffTJ2026000001"],
      ["a right-to-left override", "TJ\u202e2026000001"],
      ["a Cyrillic look-alike (Т)", "ТJ2026000001"],
    ] as const) {
      it(`when a B/L is issued whose number has ${what}, then it is refused with 422 at its transportDocumentReference`, async () => {
        const body = issueRequest(t, reference);
        const problem = await expectRefused(t, { status: 422, bls: bls(), documents: [body.transportDocument] }, () =>
          as(t, "carrier").post("/v1/bills-of-lading", body),
        );
        expect(problem.errors?.map((e) => e.pointer)).to.include("/transportDocument/transportDocumentReference");
      });
    }

    it("when TJ２０２６０００００１ (full-width) is looked up or acted on, then it is refused with 400, never TJ2026000001", async () => {
      const fullWidth = "TJ２０２６０００００１";
      for (const path of [blPath(fullWidth), blPath(fullWidth, "endorsement-chain")]) {
        const problem = await expectRefused(t, { status: 400, bls: bls() }, () => as(t, "carrier").get(path));
        expect(problem.errors?.map((e) => e.pointer)).to.deep.equal(["/blNumber"]);
      }
      await expectRefused(t, { status: 400, bls: bls() }, () =>
        as(t, "shipper").post(blPath(fullWidth, "transfer"), { to: t.orgIds.bank }),
      );
      await expectRefused(t, { status: 400, bls: [releasable] }, () =>
        as(t, "carrier").post("/v1/delivery-orders", {
          blNumber: "ＲＲＥＬ0001",
          containers: [box()],
          terminal: t.orgIds.terminal,
          validFrom: inMs(-DAY_MS),
          validUntil: inMs(DAY_MS),
        }),
      );
      // The real one is still there, held by the shipper.
      expect(expectStatus(await as(t, "carrier").get(blPath(TJ)), 200).holder.orgId).to.equal(t.orgIds.shipper);
    });

    it("when a party name in the transport document holds a bidirectional override, then the issue is refused with 422 at it", async () => {
      const body = issueRequest(t, newBlNumber("BIDI"));
      const document = body.transportDocument as { documentParties: { shipper: { partyName: string } } };
      document.documentParties.shipper.partyName = "Shipper\u202eCo";
      const problem = await expectRefused(t, { status: 422, bls: bls(), documents: [body.transportDocument] }, () =>
        as(t, "carrier").post("/v1/bills-of-lading", body),
      );
      expect(problem.errors?.map((e) => e.pointer)).to.deep.equal([
        "/transportDocument/documentParties/shipper/partyName",
      ]);
    });

    const plates: [string, string][] = [
      ["full-width digits", "津A１２３４５"],
      ["small letters", "津a12345"],
      ["a trailing space", "津A12345 "],
      ["a zero-width joiner", "津A\u200d12345"],
      ["a right-to-left override", "津A\u202e12345"],
      ["a line break", "津A\n12345"],
      ["more than 16 bytes", "津津津津津津A12345"],
    ];
    for (const [what, truckPlate] of plates) {
      it(`when a gate-out names a truck plate with ${what}, then it is refused with 400 at /truckPlate`, async () => {
        const problem = await expectRefused(t, { status: 400, bls: [releasable] }, () =>
          as(t, "terminal").post("/v1/gate/gate-outs", { container: box(), haulier: t.orgIds.haulier, truckPlate }),
        );
        expect(problem.errors?.map((e) => e.pointer)).to.deep.equal(["/truckPlate"]);
      });
      it(`when a haulier assigns a truck plate with ${what}, then it is refused with 400 at /truckPlate`, async () => {
        const problem = await expectRefused(t, { status: 400 }, () =>
          as(t, "haulier").post(`/v1/equipment-interchanges/${interchangeId}/assign-truck`, { truckPlate }),
        );
        expect(problem.errors?.map((e) => e.pointer)).to.deep.equal(["/truckPlate"]);
      });
    }

    for (const [what, seal] of [
      ["full-width forms", "ＣＮ１２３４５６７"],
      ["small letters", "cn1234567"],
      ["an inner space", "CN 1234567"],
      ["a zero-width space", "CN\u200b1234567"],
      ["NUL", "CN\u00001234567"],
      ["17 characters", "C".repeat(17)],
    ] as const) {
      it(`when an e-EIR lists a seal with ${what}, then it is refused with 400 at /seals/0`, async () => {
        const problem = await expectRefused(t, { status: 400 }, () =>
          as(t, "carrier").post("/v1/equipment-interchanges", {
            container: box(),
            sizeType: "45G1",
            laden: true,
            seals: [seal],
            purpose: "emptyPickUpForExport",
            bookingReference: "BKG20260001",
            outFacility: t.orgIds.terminal,
            returnFacility: t.orgIds.terminal,
            haulier: t.orgIds.haulier,
            validFrom: inMs(-DAY_MS),
            validUntil: inMs(DAY_MS),
          }),
        );
        expect(problem.errors?.map((e) => e.pointer)).to.deep.equal(["/seals/0"]);
      });
    }

    for (const [label, who, path, body, pointer] of [
      ["a delivery order's revocation reason with NUL", "carrier", "revoke", { reason: "wrong\u0000box" }, "/reason"],
      [
        "a delivery order's revocation reason with a bidi override",
        "carrier",
        "revoke",
        { reason: "ok\u202e" },
        "/reason",
      ],
      [
        "an e-EIR's cancellation reason with a zero-width space",
        "carrier",
        "cancel",
        { reason: "re\u200bassigned" },
        "/reason",
      ],
      [
        "an e-EIR's driver with a line break",
        "haulier",
        "assign",
        { truckPlate: "津A12345", driver: "D1\nD2" },
        "/driver",
      ],
      [
        "a customs declaration number in full-width digits",
        "customs",
        "/v1/customs/releases",
        { declarationNumber: "０２０２２０２６１２３４５６７８９０", blNumber: "RREL0001", containers: [] },
        "/declarationNumber",
      ],
      [
        "a customs declaration number with a zero-width space",
        "customs",
        "/v1/customs/holds",
        { declarationNumber: "0202\u200b2026", blNumber: "RREL0001", containers: ["MSKU1234565"] },
        "/declarationNumber",
      ],
      ["a recipient orgId with a byte order mark", "shipper", "transfer", { to: `\ufeff${"91120000BANK"}` }, "/to"],
    ] as const) {
      it(`when ${label} is sent, then it is refused with 400 at ${pointer}`, async () => {
        const target =
          {
            revoke: `/v1/delivery-orders/${deliveryOrderId}/revoke`,
            cancel: `/v1/equipment-interchanges/${interchangeId}/cancel`,
            assign: `/v1/equipment-interchanges/${interchangeId}/assign-truck`,
            transfer: blPath(held, "transfer"),
          }[path as string] ?? path;
        const problem = await expectRefused(t, { status: 400, bls: [...bls(), releasable] }, () =>
          as(t, who).post(target, body),
        );
        expect(problem.errors?.map((e) => e.pointer)).to.include(pointer);
      });
    }

    it("when the delivery order and the e-EIR are read after all this, then they are unchanged: valid and issued", async () => {
      expect(expectStatus(await as(t, "carrier").get(`/v1/delivery-orders/${deliveryOrderId}`), 200).status).to.equal(
        "valid",
      );
      const eir = expectStatus(await as(t, "carrier").get(`/v1/equipment-interchanges/${interchangeId}`), 200);
      expect([eir.status, eir.truckPlate, eir.cancellationReason]).to.deep.equal(["issued", null, null]);
    });
  });

  describe("media types (RFC 6838)", function () {
    for (const [mediaType, valid] of [
      ["application/pdf", true],
      ["image/jpeg", true],
      ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true],
      ["application/ld+json", true],
      [`application/${"x".repeat(115)}`, true],
      [`application/${"x".repeat(116)}`, false],
      ["application", false],
      ["application/", false],
      ["/pdf", false],
      ["application/pdf; charset=utf-8", false],
      ["text/ plain", false],
      ["text/plain\u0000", false],
      ["application/pdf\r\nX-Evil: 1", false],
      ["applicatión/pdf", false],
    ] as const) {
      it(`when the media type is ${JSON.stringify(mediaType).slice(0, 60)}, then it is ${valid ? "accepted" : "refused"}`, function () {
        expect(MediaType.safeParse(mediaType).success).to.equal(valid);
      });
    }

    it("when a Content-Type carries parameters, then its type/subtype is what is checked", function () {
      expect(isMediaType("application/pdf; charset=binary")).to.equal(true);
      expect(isMediaType("not a type; charset=binary")).to.equal(false);
    });
  });

  it("when the B/Ls are read at the end, then the surrendered one is still pending and the held one is with the shipper", async () => {
    expect(expectStatus(await as(t, "carrier").get(blPath(surrendered)), 200).state).to.equal("surrenderPending");
    expect(expectStatus(await as(t, "carrier").get(blPath(held)), 200).holder.orgId).to.equal(t.orgIds.shipper);
    expect(transportDocument(TJ).transportDocumentReference).to.equal(TJ);
  });
});
