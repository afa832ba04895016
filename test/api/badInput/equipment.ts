/**
 * Bad input on electronic equipment interchange receipts (e-EIR): issue, list, truck, cancel, the gates, photos;
 * strict patterns for seal numbers, booking references and truck plates, driver names and reasons free of NUL,
 * control, zero-width and bidirectional characters, windows before 1970 (422), photo file names with control or
 * bidirectional characters (422), photos whose bytes are not the declared image type and media types longer than 127
 * characters (415).
 *
 * New rules for e-EIRs go here as rows, in the group of their kind.
 */
import { box, DAY_MS, inMs, wrongCheckDigit, type Case, type Fixture } from "./harness.ts";

const BASE = "/v1/equipment-interchanges";
const eir = (f: Fixture, action?: string) => `${BASE}/${f.eirId}${action ? `/${action}` : ""}`;

/** An empty return from the terminal to the depot, for a fresh box, with overrides. */
const emptyReturn =
  (overrides: Record<string, unknown> = {}) =>
  (f: Fixture) => ({
    container: box("EIRU"),
    sizeType: "22G1",
    laden: false,
    purpose: "emptyReturn",
    outFacility: f.org.terminal,
    returnFacility: f.org.depot,
    haulier: f.org.haulier,
    validFrom: inMs(-DAY_MS),
    validUntil: inMs(3 * DAY_MS),
    ...overrides,
  });

const issuing = (name: string, body: Case["body"], rest: Partial<Case> & { status: number }): Case => ({
  name,
  as: "carrier",
  method: "post",
  path: BASE,
  body,
  ...rest,
});

const issueCases: Case[] = [
  issuing("when an e-EIR has no fields, then 400", {}, { status: 400, pointer: "/container" }),
  ...["MSKU1234566", "MSK1234565", "MSKX1234565", "msku1234565", "MSKU123456", "MSKU12345650"].map((container) =>
    issuing(`when the container is ${container}, then 400 at /container`, emptyReturn({ container }), {
      status: 400,
      pointer: "/container",
    }),
  ),
  ...["99Z9", "22X1", "2G1", "22G1X", ""].map((sizeType) =>
    issuing(`when the size/type code is "${sizeType}", then 400 at /sizeType`, emptyReturn({ sizeType }), {
      status: 400,
      pointer: "/sizeType",
    }),
  ),
  issuing("when laden is the string true, then 400", emptyReturn({ laden: "true" }), {
    status: 400,
    pointer: "/laden",
  }),
  issuing("when the purpose is unknown, then 400", emptyReturn({ purpose: "joyride" }), {
    status: 400,
    pointer: "/purpose",
  }),
  issuing(
    "when a box carries four seals, then 400 at /seals",
    emptyReturn({ laden: true, seals: ["S1", "S2", "S3", "S4"] }),
    {
      status: 400,
      pointer: "/seals",
    },
  ),
  issuing("when a seal is 17 characters, then 400", emptyReturn({ laden: true, seals: ["S".repeat(17)] }), {
    status: 400,
    pointer: "/seals/0",
  }),
  issuing(
    "when a seal is 6 CJK characters (18 bytes), then 400",
    emptyReturn({ laden: true, seals: ["封条封条封条"] }),
    {
      status: 400,
      pointer: "/seals/0",
    },
  ),
  issuing("when a seal is empty, then 400", emptyReturn({ laden: true, seals: [""] }), {
    status: 400,
    pointer: "/seals/0",
  }),
  issuing("when a laden box has no seals, then 400 at /seals", emptyReturn({ laden: true, seals: [] }), {
    status: 400,
    pointer: "/seals",
  }),
  issuing(
    "when an import pick-up names no delivery order, then 400",
    emptyReturn({ purpose: "importPickUp", laden: true, seals: ["S1"] }),
    {
      status: 400,
      pointer: "/deliveryOrderId",
    },
  ),
  issuing("when the delivery order id is 0, then 400", emptyReturn({ deliveryOrderId: 0 }), {
    status: 400,
    pointer: "/deliveryOrderId",
  }),
  issuing("when the delivery order id is a string, then 400", emptyReturn({ deliveryOrderId: "1" }), {
    status: 400,
    pointer: "/deliveryOrderId",
  }),
  issuing("when an export pick-up names no booking, then 400", emptyReturn({ purpose: "emptyPickUpForExport" }), {
    status: 400,
    pointer: "/bookingReference",
  }),
  issuing("when the booking is 33 bytes, then 400", emptyReturn({ bookingReference: "B".repeat(33) }), {
    status: 400,
    pointer: "/bookingReference",
  }),
  issuing(
    "when the e-EIR's window is upside down, then 400 at /validUntil",
    emptyReturn({ validFrom: inMs(DAY_MS), validUntil: inMs(-DAY_MS) }),
    {
      status: 400,
      pointer: "/validUntil",
    },
  ),
  issuing("when the e-EIR's window starts before 1970, then 422", emptyReturn({ validFrom: "1969-12-31T00:00:00Z" }), {
    status: 422,
    pointer: "/validFrom",
  }),
  issuing(
    "when the e-EIR's window ends in the year 275760, then 400",
    emptyReturn({ validUntil: "+275760-09-13T00:00:00Z" }),
    {
      status: 400,
      pointer: "/validUntil",
    },
  ),
  issuing("when validFrom is not a date, then 400", emptyReturn({ validFrom: "now" }), {
    status: 400,
    pointer: "/validFrom",
  }),
  issuing("when the e-EIR's truck plate is 17 bytes, then 400", emptyReturn({ truckPlate: "T".repeat(17) }), {
    status: 400,
    pointer: "/truckPlate",
  }),
  issuing("when the e-EIR's haulier is unknown, then 404", emptyReturn({ haulier: "NOBODYKNOWS" }), {
    status: 404,
    detail: "NOBODYKNOWS",
  }),
  issuing("when the out facility is unknown, then 404", emptyReturn({ outFacility: "NOBODYKNOWS" }), { status: 404 }),
  issuing("when the return facility is unknown, then 404", emptyReturn({ returnFacility: "NOBODYKNOWS" }), {
    status: 404,
  }),
  ...["shipper", "terminal", "customs", "haulier"].map((who) =>
    issuing(`when the ${who} issues an e-EIR, then 403 NotEquipmentOwner`, emptyReturn(), {
      as: who,
      status: 403,
      code: "EquipmentInterchangeNotEquipmentOwner",
    }),
  ),
  issuing("when the operator issues an e-EIR, then 403", emptyReturn(), {
    as: "operator",
    status: 403,
    detail: "operator",
  }),
];

const gate =
  (overrides: Record<string, unknown> = {}) =>
  (f: Fixture) => ({
    haulier: f.org.haulier,
    truckPlate: "津A12345",
    condition: "sound",
    ...overrides,
  });

const gating = (
  name: string,
  who: string,
  direction: "out" | "in",
  body: Case["body"],
  rest: Partial<Case> & { status: number },
): Case => ({
  name,
  as: who,
  method: "post",
  path: (f) => eir(f, `gate-${direction}`),
  body,
  ...rest,
});

const gateCases: Case[] = [
  gating("when a gate-out has no fields, then 400", "terminal", "out", {}, { status: 400, pointer: "/haulier" }),
  gating("when the condition is unknown, then 400", "terminal", "out", gate({ condition: "broken" }), {
    status: 400,
    pointer: "/condition",
  }),
  gating("when damaged comes with no damage report, then 400", "terminal", "out", gate({ condition: "damaged" }), {
    status: 400,
    pointer: "/damages",
  }),
  gating(
    "when sound comes with a damage report, then 400",
    "terminal",
    "out",
    gate({ damages: [{ location: "LB", component: "PA", damageType: "DT" }] }),
    {
      status: 400,
      pointer: "/damages",
    },
  ),
  gating(
    "when a damage code is one letter, then 400",
    "terminal",
    "out",
    gate({ condition: "damaged", damages: [{ location: "L", component: "PA", damageType: "DT" }] }),
    {
      status: 400,
      pointer: "/damages/0/location",
    },
  ),
  gating(
    "when a damage code is in lower case, then 400",
    "terminal",
    "out",
    gate({ condition: "damaged", damages: [{ location: "lb", component: "PA", damageType: "DT" }] }),
    {
      status: 400,
      pointer: "/damages/0/location",
    },
  ),
  gating(
    "when 17 damages are reported, then 400",
    "terminal",
    "out",
    gate({
      condition: "damaged",
      damages: Array.from({ length: 17 }, () => ({ location: "LB", component: "PA", damageType: "DT" })),
    }),
    {
      status: 400,
      pointer: "/damages",
    },
  ),
  gating("when four seals are found, then 400", "terminal", "out", gate({ seals: ["S1", "S2", "S3", "S4"] }), {
    status: 400,
    pointer: "/seals",
  }),
  gating("when a seal found is 17 characters, then 400", "terminal", "out", gate({ seals: ["S".repeat(17)] }), {
    status: 400,
    pointer: "/seals/0",
  }),
  gating("when a seal found is a number, then 400", "terminal", "out", gate({ seals: [1234567] }), {
    status: 400,
    pointer: "/seals/0",
  }),
  gating("when a photo is not a SHA-256, then 400", "terminal", "out", gate({ photos: ["photo.jpg"] }), {
    status: 400,
    pointer: "/photos/0",
  }),
  gating(
    "when a photo's SHA-256 is in capitals, then 400",
    "terminal",
    "out",
    gate({ photos: [`0x${"AB".repeat(32)}`] }),
    { status: 400, pointer: "/photos/0" },
  ),
  gating(
    "when a photo cited was never uploaded, then 404",
    "terminal",
    "out",
    gate({ photos: [`0x${"ab".repeat(32)}`] }),
    { status: 404, detail: "upload it first" },
  ),
  gating("when the truck plate is missing, then 400", "terminal", "out", gate({ truckPlate: undefined }), {
    status: 400,
    pointer: "/truckPlate",
  }),
  gating("when the truck plate is 17 bytes, then 400", "terminal", "out", gate({ truckPlate: "T".repeat(17) }), {
    status: 400,
    pointer: "/truckPlate",
  }),
  gating("when the haulier at the gate is unknown, then 404", "terminal", "out", gate({ haulier: "NOBODYKNOWS" }), {
    status: 404,
  }),
  gating(
    "when another haulier turns up, then 403 WrongHaulier",
    "terminal",
    "out",
    (f) => gate({ haulier: f.org.otherHaulier })(f),
    { status: 403, code: "EquipmentInterchangeWrongHaulier" },
  ),
  gating("when the depot records the gate-out, then 403 WrongFacility", "depot", "out", gate(), {
    status: 403,
    code: "EquipmentInterchangeWrongFacility",
  }),
  gating("when the depot records a gate-in before the gate-out, then 409 NotGatedOut", "depot", "in", gate(), {
    status: 409,
    code: "EquipmentInterchangeNotGatedOut",
  }),
  gating("when the haulier records its own gate-out, then 403", "haulier", "out", gate(), { status: 403 }),
  gating("when the operator records a gate-out, then 403", "operator", "out", gate(), {
    status: 403,
    detail: "operator",
  }),
  {
    name: "when an unknown e-EIR is gated out, then 404",
    as: "terminal",
    method: "post",
    path: `${BASE}/0x${"00".repeat(32)}/gate-out`,
    body: gate(),
    status: 404,
    detail: "e-EIR",
  },
];

const otherCases: Case[] = [
  {
    name: "when e-EIRs are listed with an unknown filter, then 400",
    as: "carrier",
    method: "get",
    path: `${BASE}?filter=everything`,
    status: 400,
    pointer: "/filter",
  },
  {
    name: "when e-EIRs are listed by a wrong container number, then 400",
    as: "carrier",
    method: "get",
    path: `${BASE}?container=MSKU1234566`,
    status: 400,
    pointer: "/container",
  },
  {
    name: "when an unknown e-EIR is read, then 404",
    as: "carrier",
    method: "get",
    path: `${BASE}/0x${"00".repeat(32)}`,
    status: 404,
    detail: "e-EIR",
  },
  {
    name: "when an e-EIR is read by a reference that is not one, then 404",
    as: "carrier",
    method: "get",
    path: `${BASE}/not-an-id`,
    status: 404,
    detail: "e-EIR",
  },
  {
    name: "when a truck is assigned with no plate, then 400",
    as: "haulier",
    method: "post",
    path: (f) => eir(f, "assign-truck"),
    body: {},
    status: 400,
    pointer: "/truckPlate",
  },
  {
    name: "when a truck is assigned a 17-byte plate, then 400",
    as: "haulier",
    method: "post",
    path: (f) => eir(f, "assign-truck"),
    body: { truckPlate: "T".repeat(17) },
    status: 400,
    pointer: "/truckPlate",
  },
  {
    name: "when a driver reference is 101 characters, then 400",
    as: "haulier",
    method: "post",
    path: (f) => eir(f, "assign-truck"),
    body: { truckPlate: "津A12345", driver: "d".repeat(101) },
    status: 400,
    pointer: "/driver",
  },
  {
    name: "when the terminal assigns the truck, then 403 NotHaulier",
    as: "terminal",
    method: "post",
    path: (f) => eir(f, "assign-truck"),
    body: { truckPlate: "津A12345" },
    status: 403,
    code: "EquipmentInterchangeNotHaulier",
  },
  {
    name: "when another haulier assigns the truck, then 403 NotHaulier",
    as: "otherHaulier",
    method: "post",
    path: (f) => eir(f, "assign-truck"),
    body: { truckPlate: "津A12345" },
    status: 403,
    code: "EquipmentInterchangeNotHaulier",
  },
  {
    name: "when a truck is assigned to an unknown e-EIR, then 404",
    as: "haulier",
    method: "post",
    path: `${BASE}/0x${"00".repeat(32)}/assign-truck`,
    body: { truckPlate: "津A12345" },
    status: 404,
  },
  {
    name: "when a cancellation has no reason, then 400",
    as: "carrier",
    method: "post",
    path: (f) => eir(f, "cancel"),
    body: {},
    status: 400,
    pointer: "/reason",
  },
  {
    name: "when a cancellation's reason is 501 characters, then 400",
    as: "carrier",
    method: "post",
    path: (f) => eir(f, "cancel"),
    body: { reason: "r".repeat(501) },
    status: 400,
    pointer: "/reason",
  },
  {
    name: "when the haulier cancels, then 403 NotIssuer",
    as: "haulier",
    method: "post",
    path: (f) => eir(f, "cancel"),
    body: { reason: "not going" },
    status: 403,
    code: "EquipmentInterchangeNotIssuer",
  },
  {
    name: "when the terminal cancels, then 403 NotIssuer",
    as: "terminal",
    method: "post",
    path: (f) => eir(f, "cancel"),
    body: { reason: "not going" },
    status: 403,
    code: "EquipmentInterchangeNotIssuer",
  },
  {
    name: "when the operator cancels, then 403",
    as: "operator",
    method: "post",
    path: (f) => eir(f, "cancel"),
    body: { reason: "operator" },
    status: 403,
  },
  {
    name: "when an unknown e-EIR is cancelled, then 404",
    as: "carrier",
    method: "post",
    path: `${BASE}/0x${"00".repeat(32)}/cancel`,
    body: { reason: "none" },
    status: 404,
  },
  {
    name: "when a container's interchanges are asked with a wrong check digit, then 400",
    as: "carrier",
    method: "get",
    path: (f) => `/v1/containers/${wrongCheckDigit(f.eirContainer)}/interchanges`,
    status: 400,
    pointer: "/container",
  },
  {
    name: "when an unknown container's interchanges are asked, then 404",
    as: "carrier",
    method: "get",
    path: () => `/v1/containers/${box("NONU")}/interchanges`,
    status: 404,
  },
];

const photo = (
  name: string,
  who: string,
  path: (f: Fixture) => string,
  rest: Partial<Case> & { status: number },
): Case => ({
  name,
  as: who,
  method: "post",
  path,
  headers: { "Content-Type": "image/jpeg" },
  raw: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]),
  ...rest,
});

const photoCases: Case[] = [
  photo("when the shipper adds a gate photo, then 403", "shipper", (f) => eir(f, "photos"), {
    status: 403,
    detail: "facilities, issuer or haulier",
  }),
  photo("when the operator adds a gate photo, then 403", "operator", (f) => eir(f, "photos"), {
    status: 403,
    detail: "operator",
  }),
  photo(
    "when a photo is added to an unknown e-EIR, then 404",
    "terminal",
    () => `${BASE}/0x${"00".repeat(32)}/photos`,
    { status: 404 },
  ),
  photo("when a photo's file name has a slash, then 422", "terminal", (f) => `${eir(f, "photos")}?fileName=a%2Fb.jpg`, {
    status: 422,
    pointer: "/fileName",
  }),
  photo(
    "when a photo's file name has a backslash, then 422",
    "terminal",
    (f) => `${eir(f, "photos")}?fileName=a%5Cb.jpg`,
    { status: 422, pointer: "/fileName" },
  ),
  photo(
    "when a photo's file name is 201 characters, then 400",
    "terminal",
    (f) => `${eir(f, "photos")}?fileName=${"p".repeat(201)}`,
    { status: 400, pointer: "/fileName" },
  ),
  photo("when a photo's file name is empty, then 400", "terminal", (f) => `${eir(f, "photos")}?fileName=`, {
    status: 400,
    pointer: "/fileName",
  }),
  photo("when a photo declares more bytes than allowed, then 413", "terminal", (f) => eir(f, "photos"), {
    raw: Buffer.alloc(1024 * 1024 + 1, 7),
    status: 413,
    detail: "Photos are limited",
  }),
  {
    name: "when a photo no gate cites is downloaded, then 404",
    as: "terminal",
    method: "get",
    path: (f) => `${eir(f, "photos")}/0x${"ab".repeat(32)}`,
    status: 404,
    detail: "cite no such photo",
  },
];

// ------------------------------------------------------------------ strict patterns and clean text (issue #11, 4)

const SEALS: [string, string][] = [
  ["full-width forms", "ＣＮ１２３４５６７"],
  ["small letters", "cn1234567"],
  ["an inner space", "CN 1234567"],
  ["a zero-width space", "CN\u200b1234567"],
  ["NUL", "CN\u00001234567"],
  ["a right-to-left override", "CN\u202e1234567"],
];

const sealExport = (seal: string) =>
  emptyReturn({ laden: true, seals: [seal], purpose: "emptyPickUpForExport", bookingReference: "BKG20260001" });

const cleanCases: Case[] = [
  ...SEALS.map(([what, seal]) =>
    issuing(`when an e-EIR lists a seal with ${what}, then 400 at /seals/0`, sealExport(seal), {
      status: 400,
      pointer: "/seals/0",
    }),
  ),
  ...SEALS.slice(0, 3).map(([what, seal]) =>
    gating(
      `when a gate-out finds a seal with ${what}, then 400 at /seals/0`,
      "terminal",
      "out",
      gate({ seals: [seal] }),
      {
        status: 400,
        pointer: "/seals/0",
      },
    ),
  ),
  ...(
    [
      ["full-width digits", "BKG２０２６０００１"],
      ["a zero-width space", "BKG2026\u200b0001"],
      ["a line break", "BKG2026\n0001"],
      ["a right-to-left override", "BKG\u202e20260001"],
    ] as const
  ).map(([what, bookingReference]) =>
    issuing(
      `when an export pick-up's booking reference has ${what}, then 400 at /bookingReference`,
      emptyReturn({ purpose: "emptyPickUpForExport", bookingReference }),
      { status: 400, pointer: "/bookingReference" },
    ),
  ),
  ...(
    [
      ["full-width digits", "津A１２３４５"],
      ["a zero-width joiner", "津A\u200d12345"],
      ["a right-to-left override", "津A\u202e12345"],
      ["small letters", "津a12345"],
    ] as const
  ).flatMap(([what, truckPlate]): Case[] => [
    {
      name: `when a haulier assigns a truck plate with ${what}, then 400 at /truckPlate`,
      as: "haulier",
      method: "post",
      path: (f) => eir(f, "assign-truck"),
      body: { truckPlate },
      status: 400,
      pointer: "/truckPlate",
    },
    gating(
      `when an e-EIR's gate-out names a truck plate with ${what}, then 400 at /truckPlate`,
      "terminal",
      "out",
      gate({ truckPlate }),
      {
        status: 400,
        pointer: "/truckPlate",
      },
    ),
  ]),
  ...(
    [
      ["a line break", "D1\nD2"],
      ["NUL", "Wang\u0000Wei"],
      ["a zero-width space", "Wang\u200bWei"],
      ["a right-to-left override", "Wang\u202eWei"],
    ] as const
  ).map(([what, driver]): Case => ({
    name: `when a haulier names a driver with ${what}, then 400 at /driver`,
    as: "haulier",
    method: "post",
    path: (f) => eir(f, "assign-truck"),
    body: { truckPlate: "津A12345", driver },
    status: 400,
    pointer: "/driver",
  })),
  ...(
    [
      ["a zero-width space", "re\u200bassigned"],
      ["NUL", "re\u0000assigned"],
      ["a right-to-left override", "reassigned\u202e"],
    ] as const
  ).map(([what, reason]): Case => ({
    name: `when an e-EIR's cancellation reason holds ${what}, then 400 at /reason`,
    as: "carrier",
    method: "post",
    path: (f) => eir(f, "cancel"),
    body: { reason },
    status: 400,
    pointer: "/reason",
  })),
  issuing("when the e-EIR's window starts in 1900, then 422", emptyReturn({ validFrom: "1900-01-01T00:00:00Z" }), {
    status: 422,
    pointer: "/validFrom",
    detail: "cannot record",
  }),
  issuing(
    "when the e-EIR's window starts and ends before 1970, then 422",
    emptyReturn({ validFrom: "1960-01-01T00:00:00Z", validUntil: "1969-01-01T00:00:00Z" }),
    { status: 422, pointer: "/validUntil", detail: "cannot record" },
  ),
];

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

const photoFileCases: Case[] = [
  ...(
    [
      ["a right-to-left override", "x\u202egpj.exe"],
      ["a line feed", "gate\nout.jpg"],
      ["NUL", "gate\u0000.jpg"],
      ["a carriage return and line feed", "gate\r\nX-Injected: 1.jpg"],
      ["a left-to-right isolate", "gate\u2066.jpg"],
      ["a C1 control", "gate\u0085.jpg"],
    ] as const
  ).map(([what, fileName]) =>
    photo(
      `when a photo's file name holds ${what}, then 422 at /fileName`,
      "terminal",
      (f) => `${eir(f, "photos")}?fileName=${encodeURIComponent(fileName)}`,
      { status: 422, pointer: "/fileName" },
    ),
  ),
  ...(
    [
      [
        "README text sent as a photo (image/jpeg)",
        Buffer.from("# Paperless Port\n\nA README, not a photo.\n"),
        "image/jpeg",
        "text/plain",
      ],
      ["a PNG sent as image/jpeg", PNG, "image/jpeg", "image/png"],
      ["a PNG sent as text/plain", PNG, "text/plain", "image/png"],
      ["a PDF sent as image/png", Buffer.from("%PDF-1.4\n%%EOF\n"), "image/png", "application/pdf"],
    ] as const
  ).map(([what, raw, contentType, detected]) =>
    photo(`when ${what}, then 415 naming ${detected}`, "terminal", (f) => `${eir(f, "photos")}?fileName=gate.jpg`, {
      headers: { "Content-Type": contentType },
      raw,
      status: 415,
      detail: detected,
    }),
  ),
  photo(
    "when a photo's media type is 128 characters, then 415",
    "terminal",
    (f) => `${eir(f, "photos")}?fileName=gate.jpg`,
    { headers: { "Content-Type": `image/${"x".repeat(122)}` }, status: 415, detail: "not a media type" },
  ),
];

export const equipmentCases: { [group: string]: Case[] } = {
  issue: issueCases,
  gates: gateCases,
  "list, truck, cancel": otherCases,
  photos: photoCases,
  "strict patterns and clean text": cleanCases,
  "photo files": photoFileCases,
};
