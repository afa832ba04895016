import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect } from "chai";
import { transportDocumentFacts, validateTransportDocument } from "../../api/billsOfLading/transportDocument.ts";
import { canonicalize, documentChecksum } from "../../api/billsOfLading/canonicalForm.ts";
import { dcsaExampleTransportDocument, dcsaExampleTransportDocuments } from "../fixtures/dcsaExamples.ts";
import type { FieldError, TransportDocument } from "../../api/billsOfLading/transportDocument.ts";

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** A mutable copy of the first DCSA example, typed loosely so tests can break it at any depth. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function example(): Record<string, any> {
  return dcsaExampleTransportDocument();
}

function errorsOf(input: unknown, options?: { pointerPrefix?: string }): FieldError[] {
  const result = validateTransportDocument(input, options);
  if (result.ok) expect.fail("expected the document to be rejected");
  return result.errors;
}

function errorAt(errors: FieldError[], pointer: string): FieldError {
  const found = errors.find((error) => error.pointer === pointer);
  if (!found) expect.fail(`no error at ${pointer}; got ${JSON.stringify(errors)}`);
  return found;
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe("DCSA eBL transport document", function () {
  // The first call parses the 0.5 MB OpenAPI document and compiles the schema.
  this.timeout(20_000);

  describe("validateTransportDocument", function () {
    const examples = dcsaExampleTransportDocuments();

    it("finds the example transport documents embedded in the DCSA document", function () {
      expect(examples.length).to.be.at.least(3);
      expect(examples.map((document) => document.transportDocumentReference)).to.include.members([
        "62CD536BA8D34C469AFD",
        "D8931B95625E4B339F2A",
        "4AD3FA470BB541B980CE",
      ]);
    });

    examples.forEach((document, index) => {
      it(`accepts DCSA example ${index} (${document.transportDocumentReference}, ${document.transportDocumentStatus})`, function () {
        const result = validateTransportDocument(document);
        expect(result).to.deep.equal({ ok: true, document });
      });
    });

    it("returns the input itself as the validated document", function () {
      const document = example();
      const result = validateTransportDocument(document);
      expect(result.ok && result.document).to.equal(document);
    });

    it("when a required top-level field is missing, then points at it and names it", function () {
      const document = example();
      delete document.carrierCode;
      expect(errorsOf(document)).to.deep.equal([
        { pointer: "/carrierCode", message: "The transport document is missing the required field 'carrierCode'." },
      ]);
    });

    it("when a required field deep in an array is missing, then points at that array element's field", function () {
      const document = example();
      delete document.consignmentItems[0].cargoItems[0].equipmentReference;
      expect(errorsOf(document)).to.deep.equal([
        {
          pointer: "/consignmentItems/0/cargoItems/0/equipmentReference",
          message: "consignmentItems[0].cargoItems[0] is missing the required field 'equipmentReference'.",
        },
      ]);
    });

    it("when an enum value is wrong, then lists the allowed values", function () {
      const document = example();
      document.transportDocumentTypeCode = "MBL";
      expect(errorsOf(document)).to.deep.equal([
        {
          pointer: "/transportDocumentTypeCode",
          message: 'transportDocumentTypeCode must be one of "BOL", "SWB", not "MBL".',
        },
      ]);
    });

    it("when transportDocumentReference is longer than 20 characters, then says the limit", function () {
      const document = example();
      document.transportDocumentReference = "A".repeat(21);
      expect(errorsOf(document)).to.deep.equal([
        {
          pointer: "/transportDocumentReference",
          message: "transportDocumentReference must be at most 20 characters long; it has 21.",
        },
      ]);
    });

    it("when a value deep in an array has the wrong type, then names the expected type", function () {
      const document = example();
      document.utilizedTransportEquipments[0].seals[0].number = 123;
      expect(errorsOf(document)).to.deep.equal([
        {
          pointer: "/utilizedTransportEquipments/0/seals/0/number",
          message: "utilizedTransportEquipments[0].seals[0].number must be a text string, not the number 123.",
        },
      ]);
    });

    it("when a text breaks the DCSA pattern, then explains the rule in words", function () {
      const document = example();
      document.transportDocumentReference = " PPBL0001";
      const error = errorAt(errorsOf(document), "/transportDocumentReference");
      expect(error.message).to.equal(
        'transportDocumentReference must not be empty, start or end with spaces, or contain line breaks; the text " PPBL0001" does not.',
      );
    });

    it("when a date is not a calendar date, then says the expected form", function () {
      const document = example();
      document.transports.plannedArrivalDate = "2025-02-30";
      expect(errorsOf(document)).to.deep.equal([
        {
          pointer: "/transports/plannedArrivalDate",
          message:
            'transports.plannedArrivalDate must be a calendar date written YYYY-MM-DD; the text "2025-02-30" is not.',
        },
      ]);
    });

    it("when a weight is zero, then says it must be greater than zero", function () {
      const document = example();
      document.consignmentItems[0].cargoItems[0].cargoGrossWeight.value = 0;
      expect(errorsOf(document)).to.deep.equal([
        {
          pointer: "/consignmentItems/0/cargoItems/0/cargoGrossWeight/value",
          message: "consignmentItems[0].cargoItems[0].cargoGrossWeight.value must be greater than 0, not 0.",
        },
      ]);
    });

    it("when neither alternative of a oneOf is given, then names both in one sentence", function () {
      const document = example();
      document.invoicePayableAt = {};
      expect(errorsOf(document)).to.deep.equal([
        {
          pointer: "/invoicePayableAt",
          message: "invoicePayableAt must give exactly one of 'UNLocationCode' or 'freeText'.",
        },
      ]);
    });

    it("when both alternatives of a oneOf are given, then asks for only one", function () {
      const document = example();
      document.invoicePayableAt = { UNLocationCode: "NLRTM", freeText: "Rotterdam" };
      expect(errorsOf(document)).to.deep.equal([
        {
          pointer: "/invoicePayableAt",
          message: "invoicePayableAt must give only one of 'UNLocationCode' or 'freeText', not both.",
        },
      ]);
    });

    it("when the chosen oneOf alternative is malformed, then reports the field inside it", function () {
      const document = example();
      document.invoicePayableAt = { UNLocationCode: "nlrtm" };
      expect(errorsOf(document)).to.deep.equal([
        {
          pointer: "/invoicePayableAt/UNLocationCode",
          message:
            'invoicePayableAt.UNLocationCode must be a 5-character UN/LOCODE (e.g. NLRTM); the text "nlrtm" does not.',
        },
      ]);
    });

    it("when a sea waybill is marked to order, then rejects isToOrder", function () {
      const document = dcsaExampleTransportDocument({ blType: "seaWaybill" }) as Record<string, unknown>;
      document.isToOrder = true;
      expect(errorsOf(document)).to.deep.equal([
        {
          pointer: "/isToOrder",
          message:
            "isToOrder must be false for a sea waybill (transportDocumentTypeCode 'SWB'); only a BOL can be to order.",
        },
      ]);
    });

    it("lists every problem at once, prefixed with where the document sits in the request body", function () {
      const document = example();
      delete document.carrierCode;
      document.transportDocumentTypeCode = "MBL";
      document.consignmentItems[0].cargoItems[0].equipmentReference = 42;
      const errors = errorsOf(document, { pointerPrefix: "/transportDocument" });
      expect(errors.map((error) => error.pointer)).to.have.members([
        "/transportDocument/carrierCode",
        "/transportDocument/transportDocumentTypeCode",
        "/transportDocument/consignmentItems/0/cargoItems/0/equipmentReference",
      ]);
      expect(errorAt(errors, "/transportDocument/carrierCode").message).to.equal(
        "transportDocument is missing the required field 'carrierCode'.",
      );
      expect(errorAt(errors, "/transportDocument/consignmentItems/0/cargoItems/0/equipmentReference").message).to.equal(
        "transportDocument.consignmentItems[0].cargoItems[0].equipmentReference must be a text string, not the number 42.",
      );
    });

    for (const [input, described] of [
      [null, "null"],
      [[], "an array"],
      ["BOL", 'the text "BOL"'],
      [42, "the number 42"],
      [undefined, "undefined"],
    ] as const) {
      it(`when the input is ${described}, then rejects it as not an object`, function () {
        expect(errorsOf(input)).to.deep.equal([
          { pointer: "", message: `The transport document must be a JSON object, not ${described}.` },
        ]);
      });
    }
  });

  describe("canonicalize and documentChecksum", function () {
    // RFC 8785 section 3.2.2.3 and appendix B: numbers as they arrive in JSON text, and their canonical form.
    for (const [json, expected] of [
      ["1e21", "1e+21"],
      ["1E30", "1e+30"],
      ["1e20", "100000000000000000000"],
      ["0.000001", "0.000001"],
      ["1e-7", "1e-7"],
      ["-0", "0"],
      ["333333333.33333329", "333333333.3333333"],
      ["4.50", "4.5"],
      ["2e-3", "0.002"],
      ["0.000000000000000000000000001", "1e-27"],
      ["9007199254740992", "9007199254740992"],
      ["295147905179352830000", "295147905179352830000"],
    ] as const) {
      it(`serializes the JSON number ${json} as ${expected}`, function () {
        expect(text(canonicalize(JSON.parse(json)))).to.equal(expected);
      });
    }

    it("reproduces the RFC 8785 section 3.2.2 example", function () {
      const input: unknown = JSON.parse(String.raw`{
        "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
      }`);
      expect(text(canonicalize(input))).to.equal(
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
      );
    });

    it("sorts keys by UTF-16 code units as in RFC 8785 section 3.2.3", function () {
      const input = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
      };
      const order = [...text(canonicalize(input)).matchAll(/"([^"]+)"(?=[,}])/g)].map((match) => match[1]);
      expect(order).to.deep.equal([
        "Carriage Return",
        "One",
        "Control",
        "Latin Small Letter O With Diaeresis",
        "Euro Sign",
        "Emoji: Grinning Face",
        "Hebrew Letter Dalet With Dagesh",
      ]);
    });

    it("encodes the canonical text as UTF-8", function () {
      expect([...canonicalize({ vesselName: "MSC Gülsün" })]).to.deep.equal([
        ...Buffer.from('{"vesselName":"MSC Gülsün"}', "utf8"),
      ]);
    });

    it("refuses values that are not JSON", function () {
      expect(() => canonicalize(Number.NaN)).to.throw("NaN is not allowed");
      expect(() => canonicalize(undefined)).to.throw(TypeError, "Only JSON values can be canonicalized");
    });

    it("is the SHA-256 of the bytes, as 0x and lowercase hex", function () {
      expect(documentChecksum(new TextEncoder().encode("abc"))).to.equal(
        "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      );
    });

    it("gives equal documents with different key order the same checksum", function () {
      const document = example();
      const reordered = Object.fromEntries(Object.entries(document).reverse());
      reordered.transports = Object.fromEntries(Object.entries(document.transports).reverse());
      expect(JSON.stringify(reordered)).not.to.equal(JSON.stringify(document));
      const bytes = canonicalize(document);
      expect(documentChecksum(canonicalize(reordered))).to.equal(documentChecksum(bytes));
      expect(documentChecksum(bytes)).to.equal(`0x${createHash("sha256").update(bytes).digest("hex")}`);
    });

    it("gives a different checksum when any value changes", function () {
      const document = example();
      const changed = example();
      changed.consignmentItems[0].cargoItems[0].cargoGrossWeight.value += 1;
      expect(documentChecksum(canonicalize(changed))).not.to.equal(documentChecksum(canonicalize(document)));
    });
  });

  describe("transportDocumentFacts", function () {
    it("reads a to-order bill of lading", function () {
      const document = dcsaExampleTransportDocument({ reference: "PPBL0001", blType: "toOrder" });
      expect(transportDocumentFacts(document)).to.deep.equal({
        blNumber: "PPBL0001",
        blType: "toOrder",
        equipmentReferences: ["NARU3472484"],
        shipperName: "DCSA CTK",
        vesselName: "MSC Gülsün",
        voyage: "402E",
      });
    });

    it("reads a straight bill of lading with its named consignee", function () {
      const document = dcsaExampleTransportDocument({ index: 1, blType: "straight" });
      expect(validateTransportDocument(document).ok).to.equal(true);
      expect(transportDocumentFacts(document)).to.deep.equal({
        blNumber: "D8931B95625E4B339F2A",
        blType: "straight",
        equipmentReferences: ["KKFU6671914"],
        shipperName: "DCSA CTK",
        consigneeName: "Example Consignee B.V.",
        vesselName: "Ever Ace",
        voyage: "402E",
      });
    });

    it("reads a sea waybill", function () {
      const document = dcsaExampleTransportDocument({ index: 2, blType: "seaWaybill" });
      expect(validateTransportDocument(document).ok).to.equal(true);
      expect(transportDocumentFacts(document)).to.include({ blType: "seaWaybill", blNumber: "4AD3FA470BB541B980CE" });
    });

    it("lists each container once, in document order", function () {
      const document = dcsaExampleTransportDocument() as TransportDocument;
      const [first] = document.utilizedTransportEquipments;
      const second = structuredClone(first);
      second.equipment.equipmentReference = "MSKU1234565";
      document.utilizedTransportEquipments.push(structuredClone(first), second);
      expect(transportDocumentFacts(document).equipmentReferences).to.deep.equal(["NARU3472484", "MSKU1234565"]);
    });
  });

  describe("dcsaExampleTransportDocuments", function () {
    it("returns fresh copies on every call", function () {
      const first = dcsaExampleTransportDocuments()[0];
      first.transportDocumentReference = "CHANGED";
      expect(dcsaExampleTransportDocuments()[0].transportDocumentReference).to.equal("62CD536BA8D34C469AFD");
    });
  });

  describe("scripts/dcsa-example.ts", function () {
    type Outcome = { code: number; stdout: string; stderr: string };
    const invocations = {
      plain: [],
      toOrder: ["--reference", "PPBL0042", "--to-order"],
      straight: ["--reference", "PPBL0042", "--straight"],
      seaWaybill: ["--reference", "PPBL0042", "--waybill"],
      tooLong: ["--reference", "A".repeat(21)],
    } satisfies Record<string, string[]>;
    const outcomes = {} as Record<keyof typeof invocations, Outcome>;

    // Each run parses and compiles the schema (about a second), so all runs start together.
    before(async function () {
      await Promise.all(
        Object.entries(invocations).map(async ([name, args]) => {
          outcomes[name as keyof typeof invocations] = await run(
            process.execPath,
            ["scripts/dcsa-example.ts", ...args],
            { cwd: projectRoot },
          ).then(
            ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
            (error: Outcome) => error,
          );
        }),
      );
    });

    it("prints a valid transport document", function () {
      expect(outcomes.plain.code).to.equal(0);
      expect(validateTransportDocument(JSON.parse(outcomes.plain.stdout)).ok).to.equal(true);
    });

    for (const [blType, flag, code, isToOrder] of [
      ["toOrder", "--to-order", "BOL", true],
      ["straight", "--straight", "BOL", false],
      ["seaWaybill", "--waybill", "SWB", false],
    ] as const) {
      it(`with --reference and ${flag}, prints a valid ${blType} document with that B/L number`, function () {
        expect(outcomes[blType].code).to.equal(0);
        const result = validateTransportDocument(JSON.parse(outcomes[blType].stdout));
        if (!result.ok) expect.fail(JSON.stringify(result.errors));
        expect(result.document).to.include({ transportDocumentTypeCode: code, isToOrder });
        expect(transportDocumentFacts(result.document)).to.include({ blNumber: "PPBL0042", blType });
      });
    }

    it("refuses a reference the schema would reject, and says why", function () {
      expect(outcomes.tooLong.code).to.equal(2);
      expect(outcomes.tooLong.stdout).to.equal("");
      expect(outcomes.tooLong.stderr).to.include(
        "transportDocumentReference must be at most 20 characters long; it has 21.",
      );
    });
  });
});
