/**
 * Bad input in paperless import release: delivery orders, customs, the terminal's discharges, the gate; strict
 * patterns for truck plates, declaration numbers, B/L numbers and orgIds, a revocation reason free of NUL, control,
 * zero-width and bidirectional characters, and validity windows before 1970 (422: the contracts count uint40 seconds
 * from 1970).
 *
 * New rules for release go here as rows, in the group of their kind.
 */
import { box, DAY_MS, inMs, wrongCheckDigit, type Case, type Fixture } from "./harness.ts";

const ORDERS = "/v1/delivery-orders";

/** A delivery order for the accomplished B/L, for a fresh container, with overrides. */
const order =
  (overrides: Record<string, unknown> = {}) =>
  (f: Fixture) => ({
    blNumber: f.bls.accomplished,
    containers: [box()],
    terminal: f.org.terminal,
    validFrom: inMs(-DAY_MS),
    validUntil: inMs(DAY_MS),
    ...overrides,
  });

const issuing = (name: string, body: Case["body"], rest: Partial<Case> & { status: number }): Case => ({
  name,
  as: "carrier",
  method: "post",
  path: ORDERS,
  body,
  ...rest,
});

const orderCases: Case[] = [
  issuing("when a delivery order has no fields, then 400 at /blNumber", {}, { status: 400, pointer: "/blNumber" }),
  issuing("when it lists no containers, then 400 at /containers", order({ containers: [] }), {
    status: 400,
    pointer: "/containers",
  }),
  issuing(
    "when a container has a wrong check digit, then 400 at /containers/0",
    order({ containers: [wrongCheckDigit(box())] }),
    {
      status: 400,
      pointer: "/containers/0",
    },
  ),
  issuing("when a container is in lower case, then 400", order({ containers: [box().toLowerCase()] }), {
    status: 400,
    pointer: "/containers/0",
  }),
  issuing("when a container number is ten characters, then 400", order({ containers: [box().slice(0, 10)] }), {
    status: 400,
    pointer: "/containers/0",
  }),
  issuing(
    "when a container is listed twice, then 400 at /containers",
    (f) => {
      const c = box();
      return order({ containers: [c, c] })(f);
    },
    { status: 400, pointer: "/containers" },
  ),
  issuing("when it lists 201 containers, then 400", order({ containers: Array.from({ length: 201 }, () => box()) }), {
    status: 400,
    pointer: "/containers",
  }),
  issuing("when containers is a string, then 400", order({ containers: "MSKU1234565" }), {
    status: 400,
    pointer: "/containers",
  }),
  issuing("when validFrom is not a date, then 400 at /validFrom", order({ validFrom: "tomorrow" }), {
    status: 400,
    pointer: "/validFrom",
  }),
  issuing("when validUntil has no offset, then 400", order({ validUntil: "2030-01-01T00:00:00" }), {
    status: 400,
    pointer: "/validUntil",
  }),
  issuing(
    "when the delivery order's window is upside down, then 400 at /validUntil",
    order({ validFrom: inMs(DAY_MS), validUntil: inMs(-DAY_MS) }),
    {
      status: 400,
      pointer: "/validUntil",
    },
  ),
  issuing(
    "when the window is empty, then 400",
    (f) => {
      const at = inMs(DAY_MS);
      return order({ validFrom: at, validUntil: at })(f);
    },
    { status: 400, pointer: "/validUntil" },
  ),
  issuing("when the window starts before 1970, then 422", order({ validFrom: "1969-12-31T00:00:00Z" }), {
    status: 422,
    pointer: "/validFrom",
  }),
  issuing("when the window ends past the year 9999, then 400", order({ validUntil: "+275760-09-13T00:00:00Z" }), {
    status: 400,
    pointer: "/validUntil",
  }),
  issuing(
    "when a B/L number fits 32 characters but not 32 bytes, then 400, not a server error",
    order({ blNumber: "提单".repeat(16) }),
    { status: 400, pointer: "/blNumber" },
  ),
  issuing("when the window is over, then 422", order({ validFrom: inMs(-3 * DAY_MS), validUntil: inMs(-2 * DAY_MS) }), {
    status: 422,
    detail: "validity window",
  }),
  issuing("when the B/L number is 33 characters, then 400", order({ blNumber: "B".repeat(33) }), {
    status: 400,
    pointer: "/blNumber",
  }),
  issuing("when the delivery order's B/L is unknown, then 404", order({ blNumber: "BADXNOSUCHBL" }), { status: 404 }),
  issuing("when the terminal is unknown, then 404 naming it", order({ terminal: "NOBODYKNOWS" }), {
    status: 404,
    detail: "NOBODYKNOWS",
  }),
  issuing("when the terminal named is a haulier, then 422", (f) => order({ terminal: f.org.haulier })(f), {
    status: 422,
    detail: "is not a terminal",
  }),
  issuing("when the release party is unknown, then 404", order({ releaseParty: "NOBODYKNOWS" }), {
    status: 404,
    detail: "NOBODYKNOWS",
  }),
  issuing("when the B/L is not accomplished, then refused", (f) => order({ blNumber: f.bls.held })(f), { status: 409 }),
  issuing("when the B/L is a straight B/L still active, then refused", (f) => order({ blNumber: f.bls.straight })(f), {
    status: 409,
  }),
  issuing(
    "when the container is already on a live delivery order, then 409 naming it",
    (f) => order({ containers: [f.container] })(f),
    {
      status: 409,
      detail: /delivery order \d+/,
    },
  ),
  ...["customs", "shipper", "consignee", "terminal", "haulier"].map((who) =>
    issuing(`when the ${who} issues a delivery order, then 403`, order(), { as: who, status: 403 }),
  ),
  issuing("when another carrier issues the delivery order, then 403", order(), {
    as: "otherCarrier",
    status: 403,
    detail: "issuing carrier",
  }),
  issuing("when the operator issues a delivery order, then 403", order(), {
    as: "operator",
    status: 403,
    detail: "operator",
  }),
  ...["999999", "abc", "0", "-1", "1.5", "1e3x"].map((id): Case => ({
    name: `when delivery order ${id} is read, then ${id === "999999" ? 404 : 400}`,
    as: "carrier",
    method: "get",
    path: `${ORDERS}/${id}`,
    status: id === "999999" ? 404 : 400,
  })),
  {
    name: "when a revocation has no reason, then 400",
    as: "carrier",
    method: "post",
    path: (f) => `${ORDERS}/${f.deliveryOrderId}/revoke`,
    body: {},
    status: 400,
    pointer: "/reason",
  },
  {
    name: "when a revocation's reason is empty, then 400",
    as: "carrier",
    method: "post",
    path: (f) => `${ORDERS}/${f.deliveryOrderId}/revoke`,
    body: { reason: "" },
    status: 400,
    pointer: "/reason",
  },
  {
    name: "when a revocation's reason is 501 characters, then 400",
    as: "carrier",
    method: "post",
    path: (f) => `${ORDERS}/${f.deliveryOrderId}/revoke`,
    body: { reason: "r".repeat(501) },
    status: 400,
    pointer: "/reason",
  },
  {
    name: "when an unknown delivery order is revoked, then 404",
    as: "carrier",
    method: "post",
    path: `${ORDERS}/999999/revoke`,
    body: { reason: "no such order" },
    status: 404,
    detail: "no delivery order 999999",
  },
  {
    name: "when the consignee revokes the carrier's delivery order, then 403",
    as: "consignee",
    method: "post",
    path: (f) => `${ORDERS}/${f.deliveryOrderId}/revoke`,
    body: { reason: "mine now" },
    status: 403,
  },
  {
    name: "when the operator revokes a delivery order, then 403",
    as: "operator",
    method: "post",
    path: (f) => `${ORDERS}/${f.deliveryOrderId}/revoke`,
    body: { reason: "operator" },
    status: 403,
  },
  {
    name: "when another carrier revokes the delivery order, then 403",
    as: "otherCarrier",
    method: "post",
    path: (f) => `${ORDERS}/${f.deliveryOrderId}/revoke`,
    body: { reason: "not mine" },
    status: 403,
  },
];

const nominate = (name: string, who: string, body: Case["body"], rest: Partial<Case> & { status: number }): Case => ({
  name,
  as: who,
  method: "post",
  path: (f) => `${ORDERS}/${f.deliveryOrderId}/nominate-haulier`,
  body,
  ...rest,
});

const nominationCases: Case[] = [
  nominate("when a nomination has no fields, then 400", "consignee", {}, { status: 400, pointer: "/container" }),
  nominate(
    "when the container has a wrong check digit, then 400",
    "consignee",
    (f) => ({ container: wrongCheckDigit(f.container), haulier: f.org.haulier }),
    { status: 400, pointer: "/container" },
  ),
  nominate(
    "when the container is not on the delivery order, then 422",
    "consignee",
    (f) => ({ container: box(), haulier: f.org.haulier }),
    { status: 422 },
  ),
  nominate(
    "when the haulier is unknown, then 404",
    "consignee",
    (f) => ({ container: f.container, haulier: "NOBODYKNOWS" }),
    { status: 404, detail: "NOBODYKNOWS" },
  ),
  nominate(
    "when the haulier named is a terminal, then 422",
    "consignee",
    (f) => ({ container: f.container, haulier: f.org.terminal }),
    { status: 422, detail: "is not a haulier" },
  ),
  nominate(
    "when the carrier nominates the haulier, then 403: only the consignee",
    "carrier",
    (f) => ({ container: f.container, haulier: f.org.otherHaulier }),
    { status: 403, detail: "Only the consignee" },
  ),
  nominate(
    "when the haulier nominates itself, then 403",
    "haulier",
    (f) => ({ container: f.container, haulier: f.org.haulier }),
    { status: 403 },
  ),
  nominate(
    "when the operator nominates, then 403",
    "operator",
    (f) => ({ container: f.container, haulier: f.org.haulier }),
    { status: 403, detail: "operator" },
  ),
  {
    name: "when a haulier is nominated on an unknown delivery order, then 404",
    as: "consignee",
    method: "post",
    path: `${ORDERS}/999999/nominate-haulier`,
    body: (f) => ({ container: f.container, haulier: f.org.haulier }),
    status: 404,
  },
];

const customsPaths = ["/v1/customs/releases", "/v1/customs/holds", "/v1/customs/holds/lift"];
const decision =
  (overrides: Record<string, unknown> = {}) =>
  (f: Fixture) => ({
    declarationNumber: "020220261234567890",
    blNumber: f.bls.accomplished,
    containers: [f.container],
    ...overrides,
  });

const customsCases: Case[] = [
  ...customsPaths.flatMap((path): Case[] => [
    {
      name: `when ${path} has no fields, then 400`,
      as: "customs",
      method: "post",
      path,
      body: {},
      status: 400,
      pointer: "/declarationNumber",
    },
    {
      name: `when ${path} has a 33-character declaration, then 400`,
      as: "customs",
      method: "post",
      path,
      body: decision({ declarationNumber: "1".repeat(33) }),
      status: 400,
      pointer: "/declarationNumber",
    },
    {
      name: `when ${path} has a declaration of 11 CJK characters (33 bytes), then 400`,
      as: "customs",
      method: "post",
      path,
      body: decision({ declarationNumber: "报关单".repeat(4).slice(0, 11) }),
      status: 400,
      pointer: "/declarationNumber",
    },
    {
      name: `when ${path} names an unknown B/L, then 404`,
      as: "customs",
      method: "post",
      path,
      body: decision({ blNumber: "BADXNOSUCHBL" }),
      status: 404,
    },
    {
      name: `when ${path} has a wrong check digit, then 400`,
      as: "customs",
      method: "post",
      path,
      body: (f) => decision({ containers: [wrongCheckDigit(f.container)] })(f),
      status: 400,
      pointer: "/containers/0",
    },
    {
      name: `when the terminal posts ${path}, then 403: not a customs authority`,
      as: "terminal",
      method: "post",
      path,
      body: decision(),
      status: 403,
      detail: "not a customs authority",
    },
    {
      name: `when the operator posts ${path}, then 403`,
      as: "operator",
      method: "post",
      path,
      body: decision(),
      status: 403,
      detail: "operator",
    },
  ]),
  {
    name: "when the haulier places a customs hold, then 403",
    as: "haulier",
    method: "post",
    path: "/v1/customs/holds",
    body: decision(),
    status: 403,
  },
  {
    name: "when customs lifts a hold never placed, then 409",
    as: "customs",
    method: "post",
    path: "/v1/customs/holds/lift",
    body: decision(),
    status: 409,
  },
];

const terminalCases: Case[] = [
  {
    name: "when a discharge has a wrong check digit, then 400 at /container",
    as: "terminal",
    method: "post",
    path: "/v1/terminal/discharges",
    body: (f) => ({ blNumber: f.bls.accomplished, container: wrongCheckDigit(box()) }),
    status: 400,
    pointer: "/container",
  },
  {
    name: "when a discharge has no B/L number, then 400",
    as: "terminal",
    method: "post",
    path: "/v1/terminal/discharges",
    body: () => ({ container: box() }),
    status: 400,
    pointer: "/blNumber",
  },
  {
    name: "when a discharge's B/L number is empty, then 400",
    as: "terminal",
    method: "post",
    path: "/v1/terminal/discharges",
    body: () => ({ blNumber: "", container: box() }),
    status: 400,
    pointer: "/blNumber",
  },
  {
    name: "when a discharge names an unknown B/L, then 404",
    as: "terminal",
    method: "post",
    path: "/v1/terminal/discharges",
    body: () => ({ blNumber: "BADXNOSUCHBL", container: box() }),
    status: 404,
  },
  {
    name: "when a container is discharged twice, then 409",
    as: "terminal",
    method: "post",
    path: "/v1/terminal/discharges",
    body: (f) => ({ blNumber: f.bls.accomplished, container: f.container }),
    status: 409,
  },
  {
    name: "when customs records a discharge, then 403: not a terminal",
    as: "customs",
    method: "post",
    path: "/v1/terminal/discharges",
    body: (f) => ({ blNumber: f.bls.accomplished, container: box() }),
    status: 403,
    detail: "not a terminal",
  },
  {
    name: "when the haulier records a discharge, then 403",
    as: "haulier",
    method: "post",
    path: "/v1/terminal/discharges",
    body: (f) => ({ blNumber: f.bls.accomplished, container: box() }),
    status: 403,
    detail: "not a terminal",
  },
  {
    name: "when the operator records a discharge, then 403",
    as: "operator",
    method: "post",
    path: "/v1/terminal/discharges",
    body: (f) => ({ blNumber: f.bls.accomplished, container: box() }),
    status: 403,
  },
  {
    name: "when a correction leaves out blNumber, then 400",
    as: "terminal",
    method: "post",
    path: "/v1/terminal/discharge-corrections",
    body: (f) => ({ container: f.looseContainer }),
    status: 400,
    pointer: "/blNumber",
  },
  {
    name: "when a correction has a wrong check digit, then 400",
    as: "terminal",
    method: "post",
    path: "/v1/terminal/discharge-corrections",
    body: (f) => ({ container: wrongCheckDigit(f.looseContainer), blNumber: null }),
    status: 400,
    pointer: "/container",
  },
  {
    name: "when a container never discharged is corrected, then refused",
    as: "terminal",
    method: "post",
    path: "/v1/terminal/discharge-corrections",
    body: (f) => ({ container: f.unknownContainer, blNumber: null }),
    status: 409,
  },
  {
    name: "when customs corrects a discharge, then 403",
    as: "customs",
    method: "post",
    path: "/v1/terminal/discharge-corrections",
    body: (f) => ({ container: f.looseContainer, blNumber: null }),
    status: 403,
  },
  {
    name: "when a correction re-points to an unknown B/L, then 404",
    as: "terminal",
    method: "post",
    path: "/v1/terminal/discharge-corrections",
    body: (f) => ({ container: f.looseContainer, blNumber: "BADXNOSUCHBL" }),
    status: 404,
  },
];

const gateOut =
  (overrides: Record<string, unknown> = {}) =>
  (f: Fixture) => ({ container: f.looseContainer, haulier: f.org.haulier, truckPlate: "津A12345", ...overrides });

const gateCases: Case[] = [
  {
    name: "when the gate is asked without a container, then 400",
    as: "terminal",
    method: "get",
    path: (f) => `/v1/gate/decision?haulier=${f.org.haulier}`,
    status: 400,
    pointer: "/container",
  },
  {
    name: "when the gate is asked without a haulier, then 400",
    as: "terminal",
    method: "get",
    path: (f) => `/v1/gate/decision?container=${f.container}`,
    status: 400,
    pointer: "/haulier",
  },
  {
    name: "when the gate is asked with a wrong check digit, then 400",
    as: "terminal",
    method: "get",
    path: (f) => `/v1/gate/decision?container=${wrongCheckDigit(f.container)}&haulier=${f.org.haulier}`,
    status: 400,
    pointer: "/container",
  },
  {
    name: "when the gate is asked for an unknown haulier, then 404",
    as: "terminal",
    method: "get",
    path: (f) => `/v1/gate/decision?container=${f.container}&haulier=NOBODYKNOWS`,
    status: 404,
    detail: "NOBODYKNOWS",
  },
  {
    name: "when a haulier asks the gate without naming the terminal, then 403",
    as: "haulier",
    method: "get",
    path: (f) => `/v1/gate/decision?container=${f.container}&haulier=${f.org.haulier}`,
    status: 403,
    detail: "terminal",
  },
  {
    name: "when the operator asks the gate without naming the terminal, then 403",
    as: "operator",
    method: "get",
    path: (f) => `/v1/gate/decision?container=${f.container}&haulier=${f.org.haulier}`,
    status: 403,
  },
  {
    name: "when the gate is asked for an unknown terminal, then 404",
    as: "haulier",
    method: "get",
    path: (f) => `/v1/gate/decision?container=${f.container}&haulier=${f.org.haulier}&terminal=NOBODYKNOWS`,
    status: 404,
  },
  {
    name: "when the terminal named is not a terminal, then 403",
    as: "haulier",
    method: "get",
    path: (f) => `/v1/gate/decision?container=${f.container}&haulier=${f.org.haulier}&terminal=${f.org.customs}`,
    status: 403,
    detail: "terminal",
  },
  {
    name: "when a container with no delivery order is gated out, then 409 NotReleasable",
    as: "terminal",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: gateOut(),
    status: 409,
    code: "ImportReleaseNotReleasable",
  },
  {
    name: "when a container nobody has seen is gated out, then 409",
    as: "terminal",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: (f) => gateOut({ container: f.unknownContainer })(f),
    status: 409,
    code: "ImportReleaseNotReleasable",
  },
  {
    name: "when the released container leaves with a haulier not nominated, then 409",
    as: "terminal",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: (f) => gateOut({ container: f.container, haulier: f.org.otherHaulier })(f),
    status: 409,
    code: "ImportReleaseNotReleasable",
  },
  {
    name: "when the gate-out's truck plate is empty, then 400",
    as: "terminal",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: gateOut({ truckPlate: "" }),
    status: 400,
    pointer: "/truckPlate",
  },
  {
    name: "when the gate-out's truck plate is 17 characters, then 400",
    as: "terminal",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: gateOut({ truckPlate: "A".repeat(17) }),
    status: 400,
    pointer: "/truckPlate",
  },
  {
    name: "when the gate-out's truck plate is 6 CJK characters (18 bytes), then 400",
    as: "terminal",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: gateOut({ truckPlate: "津津津津津津" }),
    status: 400,
    pointer: "/truckPlate",
  },
  {
    name: "when the gate-out has no truck plate, then 400",
    as: "terminal",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: gateOut({ truckPlate: undefined }),
    status: 400,
    pointer: "/truckPlate",
  },
  {
    name: "when the gate-out has a wrong check digit, then 400",
    as: "terminal",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: (f) => gateOut({ container: wrongCheckDigit(f.container) })(f),
    status: 400,
    pointer: "/container",
  },
  {
    name: "when the gate-out names an unknown haulier, then 404",
    as: "terminal",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: gateOut({ haulier: "NOBODYKNOWS" }),
    status: 404,
  },
  {
    name: "when customs gates a container out, then 403: not a terminal",
    as: "customs",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: (f) => gateOut({ container: f.container })(f),
    status: 403,
    detail: "not a terminal",
  },
  {
    name: "when the haulier releases the container itself, then 403",
    as: "haulier",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: (f) => gateOut({ container: f.container })(f),
    status: 403,
    detail: "not a terminal",
  },
  {
    name: "when the operator gates a container out, then 403",
    as: "operator",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: (f) => gateOut({ container: f.container })(f),
    status: 403,
  },
  {
    name: "when an unknown container's release is read, then 404",
    as: "terminal",
    method: "get",
    path: (f) => `/v1/containers/${f.unknownContainer}`,
    status: 404,
  },
  {
    name: "when a container that is not a container number is read, then 404",
    as: "terminal",
    method: "get",
    path: "/v1/containers/NOT-A-BOX",
    status: 404,
  },
  ...["period=month", "groupBy=vessel", "format=xml"].map((query): Case => ({
    name: `when release times are asked with ${query}, then 400`,
    as: "nobody",
    method: "get",
    path: `/v1/release-times?${query}`,
    status: 400,
    pointer: `/${query.split("=")[0]}`,
  })),
];

// ------------------------------------------------------------------ strict patterns, clean text, times (issue #11, 3-4)

const PLATES: [string, string][] = [
  ["full-width digits", "津A１２３４５"],
  ["small letters", "津a12345"],
  ["a trailing space", "津A12345 "],
  ["a zero-width joiner", "津A\u200d12345"],
  ["a right-to-left override", "津A\u202e12345"],
  ["a line break", "津A\n12345"],
  ["NUL", "津A\u000012345"],
  ["more than 16 bytes", "津津津津津津A12345"],
];

const DECLARATIONS: [string, string][] = [
  ["full-width digits", "０２０２２０２６１２３４５６７８９０"],
  ["a zero-width space", "0202\u200b20261234567890"],
  ["a trailing space", "020220261234567890 "],
  ["a tab", "0202\t20261234567890"],
  ["a byte order mark", "\ufeff020220261234567890"],
  ["a line break", "0202202612345\n67890"],
];

const REASONS: [string, string][] = [
  ["NUL", "wrong\u0000box"],
  ["a right-to-left override", "ok\u202e"],
  ["a zero-width space", "re\u200bissued"],
  ["an escape", "wrong \u001b[31mbox"],
  ["a byte order mark", "\ufeffwrong box"],
];

const cleanCases: Case[] = [
  ...PLATES.map(([what, truckPlate]): Case => ({
    name: `when a gate-out names a truck plate with ${what}, then 400 at /truckPlate`,
    as: "terminal",
    method: "post",
    path: "/v1/gate/gate-outs",
    body: gateOut({ truckPlate }),
    status: 400,
    pointer: "/truckPlate",
  })),
  ...DECLARATIONS.map(([what, declarationNumber], i): Case => ({
    name: `when a customs decision's declaration number has ${what}, then 400 at /declarationNumber`,
    as: "customs",
    method: "post",
    path: customsPaths[i % customsPaths.length],
    body: decision({ declarationNumber }),
    status: 400,
    pointer: "/declarationNumber",
  })),
  ...REASONS.map(([what, reason]): Case => ({
    name: `when a delivery order's revocation reason holds ${what}, then 400 at /reason`,
    as: "carrier",
    method: "post",
    path: (f) => `${ORDERS}/${f.deliveryOrderId}/revoke`,
    body: { reason },
    status: 400,
    pointer: "/reason",
  })),
  {
    name: "when a delivery order names its B/L in full-width digits, then 400 at /blNumber",
    as: "carrier",
    method: "post",
    path: ORDERS,
    body: (f) =>
      order({ blNumber: f.bls.accomplished.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))) })(f),
    status: 400,
    pointer: "/blNumber",
  },
  {
    name: "when a delivery order names its terminal with a zero-width space, then 400 at /terminal",
    as: "carrier",
    method: "post",
    path: ORDERS,
    body: (f) => order({ terminal: `${f.org.terminal}\u200b` })(f),
    status: 400,
    pointer: "/terminal",
  },
  ...(
    [
      [
        "valid from 00:30 on 1 January 1970 at +01:00 (1969 in UTC)",
        { validFrom: "1970-01-01T00:30:00+01:00" },
        "/validFrom",
      ],
      ["valid from year 0", { validFrom: "0000-01-01T00:00:00Z" }, "/validFrom"],
      ["valid from 1900", { validFrom: "1900-01-01T00:00:00Z" }, "/validFrom"],
      [
        "valid from and until before 1970",
        { validFrom: "1960-01-01T00:00:00Z", validUntil: "1969-01-01T00:00:00Z" },
        "/validUntil",
      ],
    ] as const
  ).map(([what, times, pointer]) =>
    issuing(`when a delivery order is ${what}, then 422 at ${pointer}`, order(times), {
      status: 422,
      pointer,
      detail: "cannot record",
    }),
  ),
];

export const releaseCases: { [group: string]: Case[] } = {
  "delivery orders": orderCases,
  "haulier nomination": nominationCases,
  customs: customsCases,
  terminal: terminalCases,
  gate: gateCases,
  "strict patterns, clean text and times": cleanCases,
};
