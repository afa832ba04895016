/**
 * Bad input on a B/L's attachments: the raw upload's query and headers, its size, who uploads, and downloads of
 * things that are not there; file names with control characters, line breaks or bidirectional overrides (422); bytes
 * that do not match the declared type (README text as application/pdf, PNG bytes as text/plain: 415, by magic bytes)
 * and media types longer than 127 characters (RFC 6838: 415). Each leaves no block and no pin.
 *
 * New rules for attachments go here as rows, in the group of their kind.
 */
import type { Case, Fixture } from "./harness.ts";

const attachments = (n: string, query = "fileName=invoice.pdf") =>
  `/v1/bills-of-lading/${encodeURIComponent(n)}/attachments${query ? `?${query}` : ""}`;
const PDF = Buffer.from("%PDF-1.4 a refused attachment\n");

const upload = (
  name: string,
  who: string,
  path: (f: Fixture) => string,
  rest: Partial<Case> & { status: number },
): Case => ({
  name,
  as: who,
  method: "post",
  path,
  headers: { "Content-Type": "application/pdf" },
  raw: PDF,
  ...rest,
});

// ------------------------------------------------------------------ file names and bytes (issue #11, 1-2 and 4)

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const README = Buffer.from("# Paperless Port\n\nAn e-B/L title registry. This is a README, not an invoice.\n");

const fileNameCases: Case[] = (
  [
    ["a line feed", "a\nb.pdf"],
    ["a carriage return and line feed", "invoice\r\nX-Injected: 1.pdf"],
    ["a tab", "a\tb.pdf"],
    ["an escape", "a\u001b[31mb.pdf"],
    ["DEL", "a\u007fb.pdf"],
    ["a C1 next line", "a\u0085b.pdf"],
    ["a C1 control sequence introducer", "a\u009bb.pdf"],
    ["a right-to-left override (invoice‮fdp.exe)", "invoice\u202efdp.exe"],
    ["a left-to-right embedding", "a\u202ab.pdf"],
    ["a pop directional formatting", "a\u202cb.pdf"],
    ["a left-to-right override", "a\u202db.pdf"],
    ["a right-to-left isolate", "a\u2067b.pdf"],
    ["a pop directional isolate", "a\u2069b.pdf"],
    ["a right-to-left mark", "a\u200fb.pdf"],
    ["only dots", ".."],
  ] as const
).map(([what, fileName]) =>
  upload(
    `when the file name holds ${what}, then 422 at /fileName`,
    "shipper",
    (f) => attachments(f.bls.held, `fileName=${encodeURIComponent(fileName)}&kind=other`),
    { status: 422, pointer: "/fileName" },
  ),
);

const magicByteCases: Case[] = [
  ...(
    [
      ["README text sent as application/pdf", README, "application/pdf", "text/plain"],
      ["README text sent as image/jpeg", README, "image/jpeg", "text/plain"],
      ["PNG bytes sent as text/plain", PNG, "text/plain", "image/png"],
      ["PNG bytes sent as application/pdf", PNG, "application/pdf", "image/png"],
      ["PNG bytes sent as application/json", PNG, "application/json", "image/png"],
      ["a PDF sent as text/csv", PDF, "text/csv", "application/pdf"],
      [
        "bytes that are not UTF-8 sent as text/csv",
        Buffer.from([0x61, 0x2c, 0xff, 0xfe, 0x0a]),
        "text/csv",
        "not UTF-8",
      ],
      ["text with a NUL sent as text/plain", Buffer.from("abc\u0000def"), "text/plain", "not UTF-8"],
    ] as const
  ).map(([what, raw, contentType, detected]) =>
    upload(
      `when ${what}, then 415 naming ${detected}`,
      "shipper",
      (f) => attachments(f.bls.held, "fileName=file.bin"),
      {
        headers: { "Content-Type": contentType },
        raw,
        status: 415,
        detail: contentType,
      },
    ),
  ),
  upload("when the Content-Type is not a media type, then 415", "shipper", (f) => attachments(f.bls.held), {
    headers: { "Content-Type": "pdf" },
    status: 415,
    detail: "not a media type",
  }),
  upload("when the media type is 128 characters, then 415", "shipper", (f) => attachments(f.bls.held), {
    headers: { "Content-Type": `application/${"x".repeat(116)}` },
    status: 415,
    detail: "not a media type",
  }),
  upload(
    "when a text media type is 128 characters and the bytes are text, then 415",
    "shipper",
    (f) => attachments(f.bls.held),
    {
      headers: { "Content-Type": `text/${"x".repeat(123)}` },
      raw: Buffer.from("plain text, a type too long\n"),
      status: 415,
      detail: "not a media type",
    },
  ),
  upload("when the media type is 300 characters, then 415", "shipper", (f) => attachments(f.bls.held), {
    headers: { "Content-Type": `application/${"x".repeat(288)}` },
    status: 415,
  }),
];

export const attachmentCases: { [group: string]: Case[] } = {
  upload: [
    upload("when an upload has no file name, then 400 at /fileName", "shipper", (f) => attachments(f.bls.held, ""), {
      status: 400,
      pointer: "/fileName",
    }),
    upload("when the file name is empty, then 400", "shipper", (f) => attachments(f.bls.held, "fileName="), {
      status: 400,
      pointer: "/fileName",
    }),
    upload(
      "when the file name has a slash, then 422",
      "shipper",
      (f) => attachments(f.bls.held, "fileName=..%2Fetc%2Fpasswd"),
      {
        status: 422,
        pointer: "/fileName",
        detail: "U+002F",
      },
    ),
    upload(
      "when the file name has a backslash, then 422",
      "shipper",
      (f) => attachments(f.bls.held, "fileName=C%3A%5Cinvoice.pdf"),
      {
        status: 422,
        pointer: "/fileName",
      },
    ),
    upload("when the file name has a NUL, then 422", "shipper", (f) => attachments(f.bls.held, "fileName=a%00.pdf"), {
      status: 422,
      pointer: "/fileName",
    }),
    upload(
      "when the file name is 201 characters, then 400",
      "shipper",
      (f) => attachments(f.bls.held, `fileName=${"f".repeat(201)}`),
      {
        status: 400,
        pointer: "/fileName",
      },
    ),
    upload(
      "when the file name is given twice, then 400",
      "shipper",
      (f) => attachments(f.bls.held, "fileName=a.pdf&fileName=b.pdf"),
      {
        status: 400,
        pointer: "/fileName",
      },
    ),
    upload(
      "when the kind is unknown, then 400 at /kind",
      "shipper",
      (f) => attachments(f.bls.held, "fileName=a.pdf&kind=love-letter"),
      {
        status: 400,
        pointer: "/kind",
      },
    ),
    upload("when the B/L is unknown, then 404", "shipper", () => attachments("BADXNOSUCHBL"), {
      status: 404,
      detail: "BADXNOSUCHBL",
    }),
    upload("when the operator uploads, then 403", "operator", (f) => attachments(f.bls.held), {
      status: 403,
      detail: "operator",
    }),
    upload("when a party of no role in the B/L uploads, then 403", "bank", (f) => attachments(f.bls.held), {
      status: 403,
      detail: "carrier, holder, endorsee or consignee",
    }),
    upload("when the terminal uploads to a B/L, then 403", "terminal", (f) => attachments(f.bls.held), { status: 403 }),
    upload("when the upload declares more bytes than allowed, then 413", "shipper", (f) => attachments(f.bls.held), {
      raw: Buffer.alloc(1024 * 1024 + 1, 1),
      status: 413,
      detail: "Attachments are limited",
    }),
    {
      name: "when a chunked upload passes the size limit, then 413 and no block is left",
      as: "shipper",
      method: "post",
      path: (f) => attachments(f.bls.held, "fileName=big.bin"),
      headers: { "Content-Type": "application/octet-stream" },
      chunks: () => Array.from({ length: 20 }, (_, i) => Buffer.alloc(64 * 1024, i)),
      status: 413,
      detail: "Attachments are limited",
    },
    {
      name: "when a suspended holder uploads, then 403 and no block is left",
      as: "suspended",
      method: "post",
      path: (f) => attachments(f.bls.ofSuspended),
      headers: { "Content-Type": "application/pdf" },
      raw: Buffer.from("%PDF-1.4 from a suspended holder\n"),
      status: 403,
      detail: "is suspended",
    },
  ],
  download: [
    {
      name: "when an unknown B/L's attachments are listed, then 404",
      as: "shipper",
      method: "get",
      path: () => attachments("BADXNOSUCHBL", ""),
      status: 404,
    },
    {
      name: "when an attachment the B/L does not have is downloaded, then 404",
      as: "shipper",
      method: "get",
      path: (f) => `${attachments(f.bls.held, "")}/bafkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`,
      status: 404,
    },
    {
      name: "when an attachment is downloaded from another B/L, then 404",
      as: "shipper",
      method: "get",
      path: (f) => `${attachments(f.bls.atBank, "")}/${f.attachmentCid}`,
      status: 404,
    },
    {
      name: "when an attachment is downloaded with a CID that is not one, then 404",
      as: "shipper",
      method: "get",
      path: (f) => `${attachments(f.bls.held, "")}/not-a-cid`,
      status: 404,
    },
  ],
  "file names": fileNameCases,
  "bytes not their declared type": magicByteCases,
};
