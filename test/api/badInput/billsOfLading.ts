/**
 * Bad input on bills of lading: issue, batch, list, read, the actions out of order or by the wrong party, amend and
 * verify; B/L numbers and orgIds with strict patterns (DCSA's transportDocumentReference pattern: a full-width
 * "TJ２０２６０００００１" never reads as TJ2026000001), party and vessel names free of NUL, zero-width, control and
 * bidirectional characters. JSON deeper than 64 and lone surrogates, in documents too, are rows of ./http.ts.
 *
 * New rules for bills of lading go here as rows, in the group of their kind.
 */
import { transportDocument, type Case, type Fixture } from "./harness.ts";

const bl = (n: string, action?: string) => `/v1/bills-of-lading/${encodeURIComponent(n)}${action ? `/${action}` : ""}`;
const ISSUE = "/v1/bills-of-lading";
const BATCH = "/v1/bills-of-lading/batch";

let counter = 0;
/** A B/L number no case issued. */
const fresh = (prefix = "NEW") => `BADX${prefix}${String(++counter).padStart(3, "0")}`;

/** A valid to-order issue request for a fresh number, with overrides. */
const issueBody =
  (overrides: Record<string, unknown> = {}, type: "toOrder" | "straight" | "seaWaybill" = "toOrder") =>
  (f: Fixture) => ({
    transportDocument: transportDocument(fresh(), type),
    issueTo: f.org.shipper,
    ...(type === "toOrder" ? {} : { consignee: f.org.consignee }),
    ...overrides,
  });

/** A valid transport document for a fresh number with some fields changed (undefined deletes one). */
const documentWith = (changes: Record<string, unknown>, reference = fresh()) => {
  const document = transportDocument(reference) as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete document[key];
    else document[key] = value;
  }
  return document;
};

const issuing = (name: string, body: Case["body"], rest: Partial<Case> & { status: number }): Case => ({
  name,
  as: "carrier",
  method: "post",
  path: ISSUE,
  body,
  ...rest,
});

const issueCases: Case[] = [
  issuing(
    "when an issue has no body fields, then 400 pointing at /transportDocument",
    {},
    {
      status: 400,
      pointer: "/transportDocument",
    },
  ),
  issuing(
    "when an issue has no issueTo, then 400 pointing at /issueTo",
    () => ({ transportDocument: transportDocument(fresh()) }),
    {
      status: 400,
      pointer: "/issueTo",
    },
  ),
  issuing(
    "when the transport document is a string, then 400",
    (f) => ({ transportDocument: "BOL", issueTo: f.org.shipper }),
    {
      status: 400,
      pointer: "/transportDocument",
    },
  ),
  issuing(
    "when the transport document is an array, then 400",
    (f) => ({ transportDocument: [], issueTo: f.org.shipper }),
    {
      status: 400,
      pointer: "/transportDocument",
    },
  ),
  issuing("when issueTo is a number, then 400", issueBody({ issueTo: 42 }), { status: 400, pointer: "/issueTo" }),
  issuing("when issueTo is empty, then 400", issueBody({ issueTo: "" }), { status: 400, pointer: "/issueTo" }),
  issuing("when issueTo is 33 characters, then 400", issueBody({ issueTo: "A".repeat(33) }), {
    status: 400,
    pointer: "/issueTo",
  }),
  issuing("when issueTo fits 32 characters but not 32 bytes, then 400", issueBody({ issueTo: "天津港".repeat(4) }), {
    status: 400,
    pointer: "/issueTo",
  }),
  issuing("when consignee is not a string, then 400", issueBody({ consignee: ["X"] }, "straight"), {
    status: 400,
    pointer: "/consignee",
  }),
  issuing("when issueTo is an unknown orgId, then 404 naming it", issueBody({ issueTo: "NOBODYKNOWS" }), {
    status: 404,
    detail: "NOBODYKNOWS",
  }),
  issuing(
    "when the consignee is an unknown orgId, then 404 naming it",
    issueBody({ consignee: "NOBODYKNOWS" }, "straight"),
    {
      status: 404,
      detail: "NOBODYKNOWS",
    },
  ),
  issuing(
    "when a to-order B/L names a consignee, then 422 at /consignee",
    (f) => issueBody({ consignee: f.org.consignee })(f),
    {
      status: 422,
      pointer: "/consignee",
      detail: "to-order",
    },
  ),
  issuing(
    "when a straight B/L names no consignee, then 422 at /consignee",
    issueBody({ consignee: undefined }, "straight"),
    {
      status: 422,
      pointer: "/consignee",
      detail: "needs a named consignee",
    },
  ),
  issuing(
    "when a sea waybill names no consignee, then 422 at /consignee",
    issueBody({ consignee: undefined }, "seaWaybill"),
    {
      status: 422,
      pointer: "/consignee",
    },
  ),
  issuing(
    "when the transport document has a numeric status, then 422 at /transportDocument/transportDocumentStatus",
    issueBody({ transportDocument: documentWith({ transportDocumentStatus: 42 }) }),
    { status: 422, pointer: "/transportDocument/transportDocumentStatus", detail: "DCSA eBL 3.0.3" },
  ),
  issuing(
    "when the transport document lacks its type code, then 422",
    issueBody({ transportDocument: documentWith({ transportDocumentTypeCode: undefined }) }),
    { status: 422, detail: "DCSA eBL 3.0.3" },
  ),
  issuing(
    "when isToOrder is the string yes, then 422 at /transportDocument/isToOrder",
    issueBody({ transportDocument: documentWith({ isToOrder: "yes" }) }),
    { status: 422, pointer: "/transportDocument/isToOrder" },
  ),
  issuing(
    "when the transport document is empty, then 422",
    (f) => ({ transportDocument: {}, issueTo: f.org.shipper }),
    {
      status: 422,
    },
  ),
  issuing(
    "when the B/L number is longer than DCSA's 20 characters, then 422",
    issueBody({ transportDocument: documentWith({}, "BADXTOOLONG123456789012") }),
    { status: 422, pointer: "/transportDocument/transportDocumentReference" },
  ),
  issuing(
    "when the B/L number is 20 CJK characters (60 bytes, more than the contract's 32), then refused",
    issueBody({ transportDocument: documentWith({}, "提单".repeat(10)) }),
    { status: 422 },
  ),
  issuing(
    "when a straight B/L names the carrier as its consignee, then refused",
    (f) => issueBody({ consignee: f.org.carrier }, "straight")(f),
    { status: 422 },
  ),
  issuing(
    "when the B/L number is missing, then 422",
    issueBody({ transportDocument: documentWith({ transportDocumentReference: undefined }) }),
    { status: 422 },
  ),
  issuing(
    "when the shipped-on-board date is not a date, then 422",
    issueBody({ transportDocument: documentWith({ shippedOnBoardDate: 20231221 }) }),
    { status: 422, pointer: "/transportDocument/shippedOnBoardDate" },
  ),
  issuing(
    "when the document has no consignment items, then 422",
    issueBody({ transportDocument: documentWith({ consignmentItems: [] }) }),
    { status: 422 },
  ),
  issuing(
    "when the document has no transport equipment, then 422",
    issueBody({ transportDocument: documentWith({ utilizedTransportEquipments: undefined }) }),
    { status: 422 },
  ),
  issuing(
    "when the document repeats an issued B/L number with other content, then 409 NumberTaken",
    (f) => ({
      transportDocument: { ...transportDocument(f.bls.held), shippedOnBoardDate: "2024-02-02" },
      issueTo: f.org.shipper,
    }),
    { status: 409, detail: "already issued", code: "BillOfLadingNumberTaken" },
  ),
  issuing(
    "when the very document of an issued B/L is issued again, then 409",
    (f) => ({ transportDocument: transportDocument(f.bls.held), issueTo: f.org.shipper }),
    { status: 409 },
  ),
  issuing(
    "when a B/L is issued to a terminal, which cannot hold title, then 422",
    (f) => issueBody({ issueTo: f.org.terminal })(f),
    {
      status: 422,
      code: "BillOfLadingInvalidRecipient",
    },
  ),
  issuing(
    "when a B/L is issued to a suspended organization, then 403",
    (f) => issueBody({ issueTo: f.org.suspended })(f),
    {
      status: 403,
      detail: "suspended",
    },
  ),
  ...["shipper", "bank", "consignee", "terminal", "customs", "haulier", "depot"].map((who) =>
    issuing(`when the ${who} issues a B/L, then 403: only a carrier issues`, issueBody(), {
      as: who,
      status: 403,
      detail: "not a carrier",
    }),
  ),
  issuing("when the operator issues a B/L, then 403", issueBody(), { as: "operator", status: 403, detail: "carrier" }),
  issuing(
    "when a transport document is larger than IPFS's 1 MiB block, then it is refused",
    issueBody({
      transportDocument: documentWith({ displayedShippedOnBoardReceivedInTransitDate: "x".repeat(1_100_000) }),
    }),
    {
      status: 413,
      detail: "1 MiB",
    },
  ),
];

const batchCases: Case[] = [
  {
    name: "when a batch is empty, then 400 at /billsOfLading",
    as: "carrier",
    method: "post",
    path: BATCH,
    body: { billsOfLading: [] },
    status: 400,
    pointer: "/billsOfLading",
  },
  {
    name: "when a batch has no billsOfLading, then 400",
    as: "carrier",
    method: "post",
    path: BATCH,
    body: {},
    status: 400,
    pointer: "/billsOfLading",
  },
  {
    name: "when billsOfLading is an object, then 400",
    as: "carrier",
    method: "post",
    path: BATCH,
    body: (f) => ({ billsOfLading: issueBody()(f) }),
    status: 400,
    pointer: "/billsOfLading",
  },
  {
    name: "when a batch holds 501 B/Ls, then 400",
    as: "carrier",
    method: "post",
    path: BATCH,
    body: (f) => ({
      billsOfLading: Array.from({ length: 501 }, () => ({ transportDocument: {}, issueTo: f.org.shipper })),
    }),
    status: 400,
    pointer: "/billsOfLading",
  },
  {
    name: "when one B/L of a batch lacks issueTo, then 400 naming its index",
    as: "carrier",
    method: "post",
    path: BATCH,
    body: (f) => ({ billsOfLading: [issueBody()(f), { transportDocument: transportDocument(fresh()) }] }),
    status: 400,
    pointer: "/billsOfLading/1/issueTo",
  },
  {
    name: "when one document of a batch breaks the schema, then 422 naming its index and nothing is issued",
    as: "carrier",
    method: "post",
    path: BATCH,
    body: (f) => ({
      billsOfLading: [
        issueBody()(f),
        issueBody({ transportDocument: documentWith({ isToOrder: "yes" }) })(f),
        issueBody()(f),
      ],
    }),
    status: 422,
    pointer: "/billsOfLading/1/transportDocument/isToOrder",
  },
  {
    name: "when a batch names one B/L number twice, then 422",
    as: "carrier",
    method: "post",
    path: BATCH,
    body: (f) => {
      const n = fresh("DUP");
      return {
        billsOfLading: [
          { transportDocument: transportDocument(n), issueTo: f.org.shipper },
          { transportDocument: { ...transportDocument(n), shippedOnBoardDate: "2023-12-22" }, issueTo: f.org.shipper },
        ],
      };
    },
    status: 422,
    detail: "same B/L number twice",
  },
  {
    name: "when a batch repeats an issued B/L number, then 409 and none of it is issued",
    as: "carrier",
    method: "post",
    path: BATCH,
    body: (f) => ({
      billsOfLading: [
        issueBody()(f),
        issueBody()(f),
        {
          transportDocument: { ...transportDocument(f.bls.held), shippedOnBoardDate: "2024-02-03" },
          issueTo: f.org.shipper,
        },
      ],
    }),
    status: 409,
    detail: "already issued",
  },
  {
    name: "when a batch names an unknown holder, then 404 and none of it is issued",
    as: "carrier",
    method: "post",
    path: BATCH,
    body: (f) => ({ billsOfLading: [issueBody()(f), issueBody({ issueTo: "NOBODYKNOWS" })(f)] }),
    status: 404,
    detail: "NOBODYKNOWS",
  },
  ...["shipper", "operator", "bank"].map((who): Case => ({
    name: `when the ${who} issues a batch, then 403`,
    as: who,
    method: "post",
    path: BATCH,
    body: (f) => ({ billsOfLading: [issueBody()(f)] }),
    status: 403,
  })),
];

const listCases: Case[] = [
  ...(
    [
      ["filter=mine", "/filter"],
      ["limit=0", "/limit"],
      ["limit=201", "/limit"],
      ["limit=abc", "/limit"],
      ["limit=1.5", "/limit"],
      ["cursor=-1", "/cursor"],
      ["cursor=x", "/cursor"],
      ["filter=held&filter=issued", "/filter"],
    ] as const
  ).map(([query, pointer]): Case => ({
    name: `when the B/L list is asked with ${query}, then 400 at ${pointer}`,
    as: "shipper",
    method: "get",
    path: `/v1/bills-of-lading?${query}`,
    status: 400,
    pointer,
  })),
  {
    name: "when the operator lists B/Ls, then 403",
    as: "operator",
    method: "get",
    path: "/v1/bills-of-lading",
    status: 403,
    detail: "operator",
  },
];

const readCases: Case[] = [
  {
    name: "when an unknown B/L is read, then 404 naming it",
    as: "carrier",
    method: "get",
    path: bl("BADXNOSUCHBL"),
    status: 404,
    detail: "BADXNOSUCHBL",
  },
  {
    name: "when an unknown B/L's endorsement chain is read, then 404",
    as: "carrier",
    method: "get",
    path: bl("BADXNOSUCHBL", "endorsement-chain"),
    status: 404,
    detail: "BADXNOSUCHBL",
  },
  {
    name: "when a 300-character B/L number is read, then 400",
    as: "carrier",
    method: "get",
    path: bl("B".repeat(300)),
    status: 400,
    pointer: "/blNumber",
  },
  {
    name: "when a B/L number with spaces is read, then 404",
    as: "carrier",
    method: "get",
    path: bl("BAD HELD 001"),
    status: 404,
  },
  {
    name: "when a B/L number with a slash is read, then 404",
    as: "carrier",
    method: "get",
    path: "/v1/bills-of-lading/BAD%2FHELD",
    status: 404,
  },
  {
    name: "when a B/L is read in lower case, then 404",
    as: "carrier",
    method: "get",
    path: (f) => bl(f.bls.held.toLowerCase()),
    status: 404,
  },
  {
    name: "when a B/L is read with an unknown ?carrier, then 404",
    as: "carrier",
    method: "get",
    path: (f) => `${bl(f.bls.held)}?carrier=NOBODYKNOWS`,
    status: 404,
  },
  {
    name: "when a B/L is read with another carrier's orgId, then 404",
    as: "carrier",
    method: "get",
    path: (f) => `${bl(f.bls.held)}?carrier=${f.org.otherCarrier}`,
    status: 404,
  },
  {
    name: "when a B/L number in the path is malformed percent-encoding, then 400",
    as: "carrier",
    method: "get",
    path: "/v1/bills-of-lading/BAD%E0%A4%A",
    status: 400,
  },
  {
    name: "when an action's B/L number is malformed percent-encoding, then 400",
    as: "shipper",
    method: "post",
    path: "/v1/bills-of-lading/%ZZ/transfer",
    body: (f) => ({ to: f.org.bank }),
    status: 400,
  },
];

const action = (
  name: string,
  who: string,
  n: keyof Fixture["bls"] | string,
  act: string,
  body: Case["body"],
  rest: Partial<Case> & { status: number },
): Case => ({
  name,
  as: who,
  method: "post",
  path: (f) => bl(n in f.bls ? f.bls[n as keyof Fixture["bls"]] : n, act),
  body,
  ...rest,
});

const actionCases: Case[] = [
  action(
    "when a transfer has no 'to', then 400 at /to",
    "shipper",
    "held",
    "transfer",
    {},
    { status: 400, pointer: "/to" },
  ),
  action(
    "when an endorse-and-deliver has no body, then 400 at /to",
    "shipper",
    "held",
    "endorse-and-deliver",
    undefined,
    { status: 400, pointer: "/to" },
  ),
  action(
    "when 'to' is a number, then 400 at /to",
    "shipper",
    "held",
    "endorse",
    { to: 7 },
    { status: 400, pointer: "/to" },
  ),
  action(
    "when 'to' is empty, then 400 at /to",
    "shipper",
    "held",
    "endorse",
    { to: "" },
    { status: 400, pointer: "/to" },
  ),
  action(
    "when 'to' is 33 characters, then 400 at /to",
    "shipper",
    "held",
    "transfer",
    { to: "B".repeat(33) },
    { status: 400, pointer: "/to" },
  ),
  action(
    "when 'to' is null, then 400 at /to",
    "shipper",
    "held",
    "transfer",
    { to: null },
    { status: 400, pointer: "/to" },
  ),
  action(
    "when a surrender has an unknown kind, then 400 at /kind",
    "shipper",
    "held",
    "surrender",
    { kind: "lost" },
    { status: 400, pointer: "/kind" },
  ),
  action(
    "when a surrender has no kind, then 400 at /kind",
    "shipper",
    "held",
    "surrender",
    {},
    { status: 400, pointer: "/kind" },
  ),
  action(
    "when a surrender's kind is in capitals, then 400",
    "shipper",
    "held",
    "surrender",
    { kind: "DELIVERY" },
    { status: 400, pointer: "/kind" },
  ),
  action(
    "when an amend has no document, then 400",
    "carrier",
    "amending",
    "amend",
    {},
    { status: 400, pointer: "/transportDocument" },
  ),
  action(
    "when the recipient is unknown, then 404 naming it",
    "shipper",
    "held",
    "endorse-and-deliver",
    { to: "NOBODYKNOWS" },
    { status: 404, detail: "NOBODYKNOWS" },
  ),
  action(
    "when an action names an unknown B/L, then 404",
    "shipper",
    "BADXNOSUCHBL",
    "transfer",
    (f: Fixture) => ({ to: f.org.bank }),
    { status: 404, detail: "BADXNOSUCHBL" },
  ),
  action(
    "when the holder passes the B/L to itself, then 422 InvalidRecipient",
    "shipper",
    "held",
    "endorse-and-deliver",
    (f: Fixture) => ({ to: f.org.shipper }),
    { status: 422, code: "BillOfLadingInvalidRecipient" },
  ),
  action(
    "when the B/L is passed to a terminal, then 422: only traders, banks and agents hold title",
    "shipper",
    "held",
    "transfer",
    (f: Fixture) => ({ to: f.org.terminal }),
    { status: 422, detail: "trader, bank or agent" },
  ),
  action(
    "when the B/L is endorsed to customs, then 422",
    "shipper",
    "held",
    "endorse",
    (f: Fixture) => ({ to: f.org.customs }),
    { status: 422, code: "BillOfLadingInvalidRecipient" },
  ),
  action(
    "when the bank acts on a B/L the shipper holds, then 403 NotHolder",
    "bank",
    "held",
    "endorse-and-deliver",
    (f: Fixture) => ({ to: f.org.consignee }),
    { status: 403, code: "BillOfLadingNotHolder", detail: "Only the holder" },
  ),
  action(
    "when the carrier surrenders a B/L it does not hold, then 403",
    "carrier",
    "held",
    "surrender",
    { kind: "delivery" },
    { status: 403 },
  ),
  action(
    "when the former holder acts on a B/L it passed on, then 403",
    "shipper",
    "atBank",
    "endorse-and-deliver",
    (f: Fixture) => ({ to: f.org.consignee }),
    { status: 403, code: "BillOfLadingNotHolder" },
  ),
  action(
    "when the consignee blank-endorses a B/L it does not hold, then 403",
    "consignee",
    "held",
    "blank-endorse",
    undefined,
    { status: 403 },
  ),
  action(
    "when the operator acts on title, then 403",
    "operator",
    "held",
    "transfer",
    (f: Fixture) => ({ to: f.org.bank }),
    { status: 403, detail: "operator" },
  ),
  action(
    "when the operator surrenders a B/L, then 403",
    "operator",
    "held",
    "surrender",
    { kind: "delivery" },
    { status: 403, detail: "operator" },
  ),
  action(
    "when a suspended holder acts on its B/L, then 403",
    "suspended",
    "ofSuspended",
    "endorse-and-deliver",
    (f: Fixture) => ({ to: f.org.bank }),
    { status: 403, detail: "is suspended" },
  ),
  action(
    "when a B/L is passed to a suspended organization, then 403",
    "shipper",
    "held",
    "endorse-and-deliver",
    (f: Fixture) => ({ to: f.org.suspended }),
    { status: 403, detail: "suspended" },
  ),
  action(
    "when the carrier accepts a surrender nobody made, then 409",
    "carrier",
    "held",
    "accept-surrender",
    undefined,
    { status: 409, detail: "active" },
  ),
  action(
    "when the carrier rejects a surrender nobody made, then 409",
    "carrier",
    "held",
    "reject-surrender",
    undefined,
    { status: 409, detail: "active" },
  ),
  action(
    "when the carrier amends a B/L not surrendered for amendment, then 409",
    "carrier",
    "held",
    "amend",
    (f: Fixture) => ({ transportDocument: { ...transportDocument(f.bls.held), shippedOnBoardDate: "2024-01-02" } }),
    { status: 409 },
  ),
  action(
    "when the carrier accepts the surrender of an accomplished B/L, then 409",
    "carrier",
    "accomplished",
    "accept-surrender",
    undefined,
    { status: 409, detail: "accomplished" },
  ),
  action(
    "when an accomplished B/L is endorsed, then 409 WrongState",
    "consignee",
    "accomplished",
    "endorse",
    (f: Fixture) => ({ to: f.org.bank }),
    { status: 409, code: "BillOfLadingWrongState" },
  ),
  action(
    "when an accomplished B/L is surrendered again, then 409",
    "consignee",
    "accomplished",
    "surrender",
    { kind: "delivery" },
    { status: 409 },
  ),
  action(
    "when a B/L awaiting the carrier is surrendered again, then 409",
    "shipper",
    "pending",
    "surrender",
    { kind: "delivery" },
    { status: 409, detail: "awaiting the carrier" },
  ),
  action(
    "when a B/L awaiting the carrier is transferred, then 409",
    "shipper",
    "pending",
    "transfer",
    (f: Fixture) => ({ to: f.org.bank }),
    { status: 409 },
  ),
  action(
    "when a surrender for amendment is accepted, then 409: it is amended",
    "carrier",
    "amending",
    "accept-surrender",
    undefined,
    { status: 409, detail: "amending" },
  ),
  action(
    "when a surrender for delivery is answered with an amendment, then 409",
    "carrier",
    "pending",
    "amend",
    (f: Fixture) => ({ transportDocument: { ...transportDocument(f.bls.pending), shippedOnBoardDate: "2024-01-03" } }),
    { status: 409, detail: "another kind" },
  ),
  action(
    "when another carrier accepts a surrender, then 403 NotIssuingCarrier",
    "otherCarrier",
    "pending",
    "accept-surrender",
    undefined,
    { status: 403, code: "BillOfLadingNotIssuingCarrier" },
  ),
  action(
    "when another carrier rejects a surrender, then 403",
    "otherCarrier",
    "pending",
    "reject-surrender",
    undefined,
    { status: 403, code: "BillOfLadingNotIssuingCarrier" },
  ),
  action("when the holder accepts its own surrender, then 403", "shipper", "pending", "accept-surrender", undefined, {
    status: 403,
  }),
  action(
    "when a straight B/L is endorsed, then 409: it cannot be endorsed",
    "shipper",
    "straight",
    "endorse",
    (f: Fixture) => ({ to: f.org.consignee }),
    { status: 409, detail: "cannot be endorsed" },
  ),
  action("when a straight B/L is blank-endorsed, then 409", "shipper", "straight", "blank-endorse", undefined, {
    status: 409,
  }),
  action(
    "when a straight B/L is passed to a bank, then 409 NotNamedConsignee",
    "shipper",
    "straight",
    "transfer",
    (f: Fixture) => ({ to: f.org.bank }),
    { status: 409, code: "BillOfLadingNotNamedConsignee" },
  ),
  action(
    "when the shipper surrenders a straight B/L, then 403: only the named consignee",
    "shipper",
    "straight",
    "surrender",
    { kind: "delivery" },
    { status: 403, detail: "named consignee" },
  ),
  action(
    "when a sea waybill is transferred, then 409",
    "shipper",
    "waybill",
    "transfer",
    (f: Fixture) => ({ to: f.org.consignee }),
    { status: 409, detail: "sea waybill" },
  ),
  action(
    "when a sea waybill is surrendered, then 409",
    "shipper",
    "waybill",
    "surrender",
    { kind: "delivery" },
    { status: 409, detail: "sea waybill" },
  ),
  action(
    "when a sea waybill is endorsed, then 409",
    "shipper",
    "waybill",
    "endorse",
    (f: Fixture) => ({ to: f.org.bank }),
    { status: 409 },
  ),
  action(
    "when there is no transfer to reject, then 409 NothingToReject",
    "shipper",
    "held",
    "reject-transfer",
    undefined,
    { status: 409, code: "BillOfLadingNothingToReject" },
  ),
  action(
    "when a B/L endorsed in blank is endorsed in blank again, then 409",
    "shipper",
    "blank",
    "blank-endorse",
    undefined,
    { status: 409, detail: "already endorsed in blank" },
  ),
  action(
    "when an amendment changes the B/L number, then 422 at its reference",
    "carrier",
    "amending",
    "amend",
    () => ({ transportDocument: transportDocument(fresh("RENAME")) }),
    { status: 422, pointer: "/transportDocument/transportDocumentReference", detail: "keeps the B/L number" },
  ),
  action(
    "when an amendment repeats the document, then 422 UnchangedDocument",
    "carrier",
    "amending",
    "amend",
    (f: Fixture) => ({ transportDocument: transportDocument(f.bls.amending) }),
    { status: 422, code: "BillOfLadingUnchangedDocument" },
  ),
  action(
    "when an amendment breaks the DCSA schema, then 422",
    "carrier",
    "amending",
    "amend",
    (f: Fixture) => ({ transportDocument: { ...transportDocument(f.bls.amending), shippedOnBoardDate: 20231221 } }),
    { status: 422, pointer: "/transportDocument/shippedOnBoardDate" },
  ),
  action(
    "when the shipper amends, then 403: only the issuing carrier",
    "shipper",
    "amending",
    "amend",
    (f: Fixture) => ({ transportDocument: { ...transportDocument(f.bls.amending), shippedOnBoardDate: "2024-01-04" } }),
    { status: 403 },
  ),
  action(
    "when another carrier amends, then 403",
    "otherCarrier",
    "amending",
    "amend",
    (f: Fixture) => ({ transportDocument: { ...transportDocument(f.bls.amending), shippedOnBoardDate: "2024-01-05" } }),
    { status: 403 },
  ),
];

const verifyCases: Case[] = [
  {
    name: "when a verification gives neither, then 400",
    as: "nobody",
    method: "post",
    path: "/v1/verify",
    body: {},
    status: 400,
  },
  {
    name: "when a verification gives both a document and a checksum, then 400",
    as: "nobody",
    method: "post",
    path: "/v1/verify",
    body: (f) => ({ documentChecksum: `0x${"0".repeat(64)}`, transportDocument: transportDocument(f.bls.held) }),
    status: 400,
  },
  {
    name: "when the checksum to verify is short, then 400",
    as: "nobody",
    method: "post",
    path: "/v1/verify",
    body: { documentChecksum: "0x1234" },
    status: 400,
    pointer: "/documentChecksum",
  },
  {
    name: "when the checksum to verify has no 0x, then 400",
    as: "nobody",
    method: "post",
    path: "/v1/verify",
    body: { documentChecksum: "ab".repeat(32) },
    status: 400,
    pointer: "/documentChecksum",
  },
  {
    name: "when the document to verify is a string, then 400",
    as: "nobody",
    method: "post",
    path: "/v1/verify",
    body: { transportDocument: "BOL" },
    status: 400,
  },
  {
    name: "when the document to verify breaks the schema, then 422",
    as: "nobody",
    method: "post",
    path: "/v1/verify",
    body: { transportDocument: { transportDocumentReference: "X" } },
    status: 422,
  },
  {
    name: "when the verification body is malformed JSON, then 400",
    as: "nobody",
    method: "post",
    path: "/v1/verify",
    headers: { "Content-Type": "application/json" },
    raw: "{",
    status: 400,
    detail: "not valid JSON",
  },
  {
    name: "when a checksum in the path is short, then 400",
    as: "nobody",
    method: "get",
    path: "/v1/verify/0x1234",
    status: 400,
    pointer: "/documentChecksum",
  },
  {
    name: "when a checksum in the path is not hex, then 400",
    as: "nobody",
    method: "get",
    path: `/v1/verify/0x${"zz".repeat(32)}`,
    status: 400,
    pointer: "/documentChecksum",
  },
  {
    name: "when a checksum in the path is too long, then 400",
    as: "nobody",
    method: "get",
    path: `/v1/verify/0x${"ab".repeat(33)}`,
    status: 400,
  },
];

// ------------------------------------------------------------------ strict B/L numbers, clean text (issue #11, 4)

/** B/L numbers that look like another (full-width, look-alikes) or carry invisible or control characters. */
const LOOK_ALIKE_NUMBERS: [string, string][] = [
  ["full-width digits (TJ２０２６０００００１)", "TJ２０２６０００００１"],
  ["full-width letters and digits", "ＴＪ２０２６０００００１"],
  ["a zero-width space", "TJ2026\u200b000001"],
  ["a byte order mark", "\ufeffTJ2026000001"],
  ["a right-to-left override", "TJ\u202e2026000001"],
  ["a Cyrillic look-alike (Т)", "ТJ2026000001"],
  ["NUL", "TJ2026\u0000000001"],
];

const strictNumberCases: Case[] = [
  ...LOOK_ALIKE_NUMBERS.map(([what, reference]) =>
    issuing(
      `when a B/L is issued whose number has ${what}, then 422 at its transportDocumentReference`,
      (f: Fixture) => ({ transportDocument: transportDocument(reference), issueTo: f.org.shipper }),
      { status: 422, pointer: "/transportDocument/transportDocumentReference" },
    ),
  ),
  ...LOOK_ALIKE_NUMBERS.flatMap(([what, reference]): Case[] => [
    {
      name: `when a B/L whose number has ${what} is read, then 400 at /blNumber`,
      as: "carrier",
      method: "get",
      path: bl(reference),
      status: 400,
      pointer: "/blNumber",
    },
    {
      name: `when a B/L whose number has ${what} is transferred, then 400 at /blNumber`,
      as: "shipper",
      method: "post",
      path: bl(reference, "transfer"),
      body: (f) => ({ to: f.org.bank }),
      status: 400,
      pointer: "/blNumber",
    },
  ]),
  {
    name: "when the endorsement chain of TJ２０２６０００００１ (full-width) is read, then 400 at /blNumber",
    as: "carrier",
    method: "get",
    path: bl("TJ２０２６０００００１", "endorsement-chain"),
    status: 400,
    pointer: "/blNumber",
  },
  {
    name: "when the held B/L's number is sent in full-width digits, then 400, not the held B/L",
    as: "shipper",
    method: "post",
    path: (f) =>
      bl(
        f.bls.held.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))),
        "transfer",
      ),
    body: (f) => ({ to: f.org.bank }),
    status: 400,
    pointer: "/blNumber",
  },
  {
    name: "when a transfer names a recipient orgId with a byte order mark, then 400 at /to",
    as: "shipper",
    method: "post",
    path: (f) => bl(f.bls.held, "transfer"),
    body: (f) => ({ to: `\ufeff${f.org.bank}` }),
    status: 400,
    pointer: "/to",
  },
  {
    name: "when a transfer names a recipient orgId in full-width digits, then 400 at /to",
    as: "shipper",
    method: "post",
    path: (f) => bl(f.bls.held, "transfer"),
    body: (f) => ({ to: f.org.bank.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))) }),
    status: 400,
    pointer: "/to",
  },
  {
    name: "when a B/L is issued to an orgId with a zero-width space, then 400 at /issueTo",
    as: "carrier",
    method: "post",
    path: ISSUE,
    body: (f) => ({ transportDocument: transportDocument(fresh()), issueTo: `${f.org.shipper}\u200b` }),
    status: 400,
    pointer: "/issueTo",
  },
];

/** Text in a transport document (party and vessel names) that is not clean: 422 pointing at it. */
const DIRTY_TEXT: [string, string][] = [
  ["NUL", "Shipper\u0000Co"],
  ["a zero-width space", "Shipper\u200bCo"],
  ["a byte order mark", "\ufeffShipper Co"],
  ["a control character (ESC)", "Shipper\u001bCo"],
  ["a right-to-left override", "Shipper\u202eCo"],
];

const withParty = (name: string) => {
  const document = transportDocument(fresh()) as { documentParties: { shipper: { partyName: string } } };
  document.documentParties.shipper.partyName = name;
  return document;
};
const withVessel = (name: string) => {
  const document = transportDocument(fresh()) as { transports: { vesselVoyages: { vesselName: string }[] } };
  document.transports.vesselVoyages[0].vesselName = name;
  return document;
};

const cleanTextCases: Case[] = [
  ...DIRTY_TEXT.map(([what, name]) =>
    issuing(
      `when the shipper's party name holds ${what}, then 422 at it`,
      (f: Fixture) => ({ transportDocument: withParty(name), issueTo: f.org.shipper }),
      { status: 422, pointer: "/transportDocument/documentParties/shipper/partyName" },
    ),
  ),
  ...DIRTY_TEXT.map(([what, name]) =>
    issuing(
      `when the vessel name holds ${what}, then 422 at it`,
      (f: Fixture) => ({ transportDocument: withVessel(name), issueTo: f.org.shipper }),
      { status: 422, pointer: "/transportDocument/transports/vesselVoyages/0/vesselName" },
    ),
  ),
  {
    name: "when an amendment's shipper party name holds a right-to-left override, then 422 at it",
    as: "carrier",
    method: "post",
    path: (f) => bl(f.bls.amending, "amend"),
    body: (f) => {
      const document = transportDocument(f.bls.amending) as { documentParties: { shipper: { partyName: string } } };
      document.documentParties.shipper.partyName = "Shipper\u202eCo";
      return { transportDocument: document };
    },
    status: 422,
    pointer: "/transportDocument/documentParties/shipper/partyName",
  },
];

export const billOfLadingCases: { [group: string]: Case[] } = {
  issue: issueCases,
  batch: batchCases,
  list: listCases,
  read: readCases,
  actions: actionCases,
  verify: verifyCases,
  "strict B/L numbers and orgIds": strictNumberCases,
  "clean document text": cleanTextCases,
};
