/**
 * Bad input on a B/L's attachments: the raw upload's query and headers, its size, who uploads, and downloads of
 * things that are not there.
 *
 * Rules to append here as rows once the gateway has them (they fail today): 415 when the bytes do not match the
 * declared type (README.md sent as application/pdf or image/jpeg, checked by magic bytes), Unicode file names that
 * upload and download, file names with control characters, line breaks or bidirectional overrides (422), media types
 * longer than 127 characters (RFC 6838).
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
};
