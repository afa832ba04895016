/**
 * Attachment files end to end (issue #11, points 1, 2 and 6): Unicode file names up and down, names that do not read
 * as what they are refused, bytes that are not their declared type refused, refused uploads leave nothing in IPFS,
 * and downloads stream with safe headers, through no temporary file and without leaking file descriptors.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { parse as parseContentDisposition } from "content-disposition";
import { Chain } from "../../api/adapters/chain/chain.ts";
import { NotFoundError } from "../../api/adapters/ipfs/documentStore.ts";
import { downloadHeaders } from "../../api/attachments/download.ts";
import { OPERATOR } from "../../api/context.ts";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { as, expectProblem, registerOrganization } from "./helpers.ts";

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n% Commercial invoice CI-2026-001\n%%EOF\n");
const README = readFileSync("README.md");

describe("attachment files", function () {
  this.timeout(180_000);
  let t: TestCommunity;
  const blNumber = "ATTFILES0001";

  before(async () => {
    t = await startTestCommunity();
    const issued = await as(t, "carrier").post("/v1/bills-of-lading", {
      transportDocument: transportDocument(blNumber),
      issueTo: t.orgIds.shipper,
    });
    expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
  });
  after(async () => t?.close());

  const url = (query: string, bl = blNumber) => `/v1/bills-of-lading/${bl}/attachments?${query}`;
  const upload = (fileName: string, body: Buffer, type: string, who = "shipper", bl = blNumber) =>
    as(t, who)
      .post(url(`fileName=${encodeURIComponent(fileName)}&kind=other`, bl))
      .set("Content-Type", type)
      // As is: superagent would turn a Buffer sent as application/json into JSON of the Buffer.
      .serialize((bytes: Buffer) => bytes as unknown as string)
      .send(body);
  const download = (cid: string, who = "bank") =>
    as(t, who)
      .get(`/v1/bills-of-lading/${blNumber}/attachments/${cid}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => {
          const bytes = Buffer.concat(chunks);
          const problem = /problem\+json/.test(String(response.headers["content-type"]));
          done(null, problem ? JSON.parse(bytes.toString("utf8")) : bytes);
        });
      });

  /** What a refusal must leave alone: the chain's height, the B/L's attachments, IPFS's blocks and pins. */
  async function state() {
    const ctx = t.community.ctx;
    const tokenId = ctx.index.billsOfLadingByNumber(blNumber)[0].tokenId;
    return {
      block: await ctx.chain.blockNumber(),
      attachments: ctx.index.attachmentsOf(tokenId).length,
      blocks: await ctx.documents.blockCount(),
      pins: await ctx.documents.pinCount(),
    };
  }

  describe("Unicode file names upload and download", () => {
    // Different bytes each: a download finds its attachment by CID.
    for (const [fileName, body, type] of [
      ["发票.pdf", Buffer.concat([PDF, Buffer.from("% 1\n")]), "application/pdf"],
      ["装箱单 2026.pdf", Buffer.concat([PDF, Buffer.from("% 2\n")]), "application/pdf"],
      ["📦 container photo.png", PNG, "image/png"],
      ['Ürün "listesi" (Ön) %20.txt', Buffer.from("satır 1\n"), "text/plain"],
    ] as const) {
      it(`when ${fileName} is uploaded and downloaded, then its name comes back whole in filename* (RFC 8187)`, async () => {
        const up = await upload(fileName, body, type);
        expect(up.status, JSON.stringify(up.body)).to.equal(201);
        expect(up.body.fileName).to.equal(fileName);
        const res = await download(up.body.cid);
        expect(res.status).to.equal(200);
        expect(Buffer.compare(res.body as Buffer, body)).to.equal(0);
        const disposition = res.headers["content-disposition"];
        const parsed = parseContentDisposition(disposition);
        expect(parsed.type).to.equal("attachment");
        expect(parsed.parameters.filename).to.equal(fileName);
        if (/[^\x20-\x7e]/.test(fileName)) expect(disposition).to.contain("filename*=UTF-8''");
      });
    }
  });

  describe("records from before the rules (or written on chain by another gateway)", () => {
    const record = { cid: "bafk", sha256: "0x00", size: 1 };
    it("when a stored name holds a right-to-left override or a line feed, then it is served with _ in their place", () => {
      for (const [stored, served] of [
        ["invoice\u202efdp.exe", "invoice_fdp.exe"],
        ["a\nb.pdf", "a_b.pdf"],
        ["..", "download"],
      ]) {
        const headers = downloadHeaders({ ...record, fileName: stored, mediaType: "application/pdf" });
        expect(parseContentDisposition(headers["Content-Disposition"]).parameters.filename).to.equal(served);
      }
    });

    it("when a stored media type is not a plain type/subtype, then the file is served as application/octet-stream", () => {
      for (const mediaType of ["text/plain; charset=latin1", "text/html\r\nX-Injected: 1", "pdf"]) {
        const headers = downloadHeaders({ ...record, fileName: "a.txt", mediaType });
        expect(headers["Content-Type"]).to.equal("application/octet-stream");
      }
    });
  });

  describe("short references", () => {
    it("when the same bytes are attached under two names, then each has its own ATT- reference and downloads by it under its own name", async () => {
      const bytes = Buffer.concat([PDF, Buffer.from("% shared\n")]);
      const first = await upload("提单副本.pdf", bytes, "application/pdf");
      const second = await upload("copy of the bill of lading.pdf", bytes, "application/pdf");
      expect([first.status, second.status]).to.deep.equal([201, 201]);
      expect(first.body.cid).to.equal(second.body.cid);
      for (const attachment of [first.body, second.body]) {
        expect(attachment.reference).to.match(/^ATT-[0-9A-HJKMNP-TV-Z]{8}$/);
        const res = await download(attachment.reference.toLowerCase()); // read out, typed in lower case
        expect(res.status).to.equal(200);
        expect(parseContentDisposition(res.headers["content-disposition"]).parameters.filename).to.equal(
          attachment.fileName,
        );
      }
      expect(first.body.reference).not.to.equal(second.body.reference);
      const listed = await as(t, "bank").get(`/v1/bills-of-lading/${blNumber}/attachments`);
      expect(
        listed.body.items.find((a: { attachmentId: string }) => a.attachmentId === first.body.attachmentId),
      ).to.have.property("reference", first.body.reference);
    });

    it("when a reference the B/L does not have is downloaded, then 404", async () => {
      expectProblem(await download("ATT-00000000"), 404, /no attachment ATT-00000000/);
    });
  });

  describe("file names that do not read as what they are: 422, nothing stored or sent", () => {
    const names: [string, string][] = [
      ["NUL", "a\u0000b.pdf"],
      ["a line feed", "a\nb.pdf"],
      ["a carriage return and line feed", "invoice\r\nX-Injected: 1.pdf"],
      ["a tab", "a\tb.pdf"],
      ["an escape", "a\u001b[31mb.pdf"],
      ["DEL", "a\u007fb.pdf"],
      ["a C1 next line", "a\u0085b.pdf"],
      ["a C1 control sequence introducer", "a\u009bb.pdf"],
      ["a right-to-left override", "invoice\u202efdp.exe"],
      ["a left-to-right embedding", "a\u202ab.pdf"],
      ["a right-to-left embedding", "a\u202bb.pdf"],
      ["a pop directional formatting", "a\u202cb.pdf"],
      ["a left-to-right override", "a\u202db.pdf"],
      ["a left-to-right isolate", "a\u2066b.pdf"],
      ["a right-to-left isolate", "a\u2067b.pdf"],
      ["a first strong isolate", "a\u2068b.pdf"],
      ["a pop directional isolate", "a\u2069b.pdf"],
      ["a left-to-right mark", "a\u200eb.pdf"],
      ["a right-to-left mark", "a\u200fb.pdf"],
      ["a slash", "a/b.pdf"],
      ["a backslash", "a\\b.pdf"],
      ["only dots", ".."],
    ];
    for (const [what, fileName] of names) {
      it(`when the file name holds ${what}, then 422 pointing at fileName`, async () => {
        const before = await state();
        const res = await upload(fileName, PDF, "application/pdf");
        const problem = expectProblem(res, 422);
        expect(problem.errors).to.have.length(1);
        expect(problem.errors![0].pointer).to.equal("/fileName");
        expect(await state()).to.deep.equal(before);
      });
    }

    it("when a gate photo's file name holds a right-to-left override, then 422 pointing at fileName", async () => {
      const res = await as(t, "terminal")
        .post(`/v1/equipment-interchanges/0x${"11".repeat(32)}/photos?fileName=${encodeURIComponent("x\u202egpj.exe")}`)
        .set("Content-Type", "image/png")
        .send(PNG);
      // The name is checked before the e-EIR is looked up (this one does not exist) and before any byte is read.
      const problem = expectProblem(res, 422, /U\+202E/);
      expect(problem.errors![0].pointer).to.equal("/fileName");
    });
  });

  describe("bytes that are not their declared type: 415 naming both, nothing stored or sent", () => {
    const cases: [string, Buffer, string, string][] = [
      ["README.md sent as application/pdf", README, "application/pdf", "text/plain"],
      ["README.md sent as image/jpeg", README, "image/jpeg", "text/plain"],
      ["a PNG sent as application/pdf", PNG, "application/pdf", "image/png"],
      ["a PNG sent as text/plain", PNG, "text/plain", "image/png"],
      ["a PNG sent as application/json", PNG, "application/json", "image/png"],
      ["a PDF sent as text/csv", PDF, "text/csv", "application/pdf"],
      [
        "random bytes sent as image/png",
        randomBytes(1000),
        "image/png",
        "application/octet-stream (no known signature)",
      ],
      [
        "bytes that are not UTF-8 sent as text/csv",
        Buffer.from([0x61, 0x2c, 0xff, 0xfe, 0x0a]),
        "text/csv",
        "application/octet-stream (not UTF-8 text)",
      ],
      [
        "text with a NUL sent as text/plain",
        Buffer.from("abc\u0000def"),
        "text/plain",
        "application/octet-stream (not UTF-8 text)",
      ],
      [
        "text that stops being UTF-8 after 300 KB, sent as text/plain",
        Buffer.concat([Buffer.alloc(300_000, "a"), Buffer.from([0xc3, 0x28])]),
        "text/plain",
        "application/octet-stream (not UTF-8 text)",
      ],
      [
        "text cut inside a UTF-8 character, sent as text/plain",
        Buffer.from("发票").subarray(0, 4),
        "text/plain",
        "application/octet-stream (not UTF-8 text)",
      ],
    ];
    for (const [what, body, declared, detected] of cases) {
      it(`when ${what}, then 415 with declaredType ${declared} and detectedType ${detected}`, async () => {
        const before = await state();
        const res = await upload("file.bin", body, declared);
        const problem = expectProblem(res, 415, new RegExp(declared.replace("/", "\\/")));
        expect(problem).to.deep.include({ declaredType: declared, detectedType: detected });
        expect(await state()).to.deep.equal(before);
      });
    }

    it("when the Content-Type is not a media type, then 415", async () => {
      const before = await state();
      const res = await upload("file.pdf", PDF, "pdf");
      expectProblem(res, 415, /not a media type/);
      expect(await state()).to.deep.equal(before);
    });

    for (const [what, body, declared, stored, served] of [
      ["README.md as text/markdown", README, "text/markdown", "text/markdown", "text/markdown; charset=utf-8"],
      [
        "CSV as text/csv with a charset",
        Buffer.from("a,b\n1,2\n"),
        "text/csv; charset=UTF-8",
        "text/csv",
        "text/csv; charset=utf-8",
      ],
      [
        "JSON as application/json",
        Buffer.from('{"a": 1}'),
        "application/json",
        "application/json",
        "application/json; charset=utf-8",
      ],
      [
        "XML as application/xml",
        Buffer.from('<?xml version="1.0"?><a/>'),
        "application/xml",
        "application/xml",
        "application/xml; charset=utf-8",
      ],
      ["a PNG as image/png", PNG, "image/png", "image/png", "image/png"],
      ["a PDF as APPLICATION/PDF", PDF, "APPLICATION/PDF", "application/pdf", "application/pdf"],
      [
        "random bytes as application/octet-stream",
        randomBytes(2000),
        "application/octet-stream",
        "application/octet-stream",
        "application/octet-stream",
      ],
      [
        "an EDIFACT invoice (a type file-type knows no signature for)",
        Buffer.from("UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER'"),
        "application/edifact",
        "application/edifact",
        "application/edifact",
      ],
    ] as const) {
      it(`when ${what} is uploaded, then it is kept as ${stored} and served as ${served}`, async () => {
        const up = await upload("file", body, declared);
        expect(up.status, JSON.stringify(up.body)).to.equal(201);
        expect(up.body.mediaType).to.equal(stored);
        const res = await download(up.body.cid);
        expect(res.status).to.equal(200);
        expect(res.headers["content-type"]).to.equal(served);
        expect(Buffer.compare(res.body as Buffer, body)).to.equal(0);
      });
    }
  });

  describe("a refused upload leaves no block and no pin in IPFS", () => {
    it("when a chunked upload (no Content-Length) passes the size limit, then 413 and IPFS holds no more blocks or pins", async () => {
      const before = await state();
      const server = t.app.listen(0, "127.0.0.1");
      await new Promise((resolve) => server.once("listening", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const { status, type, body } = await new Promise<{ status: number; type: string; body: string }>(
          (resolve, reject) => {
            const req = http.request(
              {
                host: "127.0.0.1",
                port,
                method: "POST",
                path: url("fileName=big.bin"),
                headers: { Authorization: `Bearer ${t.keys.shipper}`, "Content-Type": "application/octet-stream" },
              },
              (res) => {
                let text = "";
                res.on("data", (c) => (text += c));
                res.on("end", () =>
                  resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), body: text }),
                );
              },
            );
            req.on("error", reject);
            const chunk = randomBytes(64 * 1024);
            let sent = 0;
            const write = () => {
              while (sent <= t.config.maxUploadBytes + chunk.length) {
                sent += chunk.length;
                if (!req.write(chunk)) return void req.once("drain", write);
              }
              req.end();
            };
            write();
          },
        );
        expect(status, body).to.equal(413);
        expect(type).to.match(/^application\/problem\+json/);
        expect(JSON.parse(body).detail).to.contain(String(t.config.maxUploadBytes));
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      expect(await state()).to.deep.equal(before);
    });

    it("when the gateway refuses the upload (the uploader's organization is suspended), then 403 and IPFS holds no more blocks or pins", async () => {
      const orgId = "SUSPENDEDTRADER001";
      await registerOrganization(t, "suspendedTrader", ["trader"], { orgId });
      const n = "ATTFILES0002";
      const issued = await as(t, "carrier").post("/v1/bills-of-lading", {
        transportDocument: transportDocument(n),
        issueTo: orgId,
      });
      expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
      expect((await as(t, "operator").post(`/v1/organizations/${orgId}/suspend`)).status).to.equal(200);
      const before = await state();
      const res = await upload(
        "发票.pdf",
        Buffer.concat([PDF, randomBytes(600_000)]),
        "application/pdf",
        "suspendedTrader",
        n,
      );
      expectProblem(res, 403);
      expect(await state()).to.deep.equal(before);
    });

    it("when the gateway's checks pass but the contract refuses (the holder changed its keys outside this node), then 403 UnknownSigner and IPFS holds no more blocks or pins", async () => {
      const orgId = "91120000KEYSMOVED1";
      await registerOrganization(t, "keysMoved", ["trader"], { orgId });
      const n = "ATTFILES0003";
      const issued = await as(t, "carrier").post("/v1/bills-of-lading", {
        transportDocument: transportDocument(n),
        issueTo: orgId,
      });
      expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
      // Outside this node, with the organization's own key: a fresh signer is added, then it removes the node's key.
      // The index is not told: the node still takes the organization as active and its key as its signer.
      const ctx = t.community.ctx;
      const org = ctx.index.organizationByOrgId(orgId)!.org;
      const nodeKey = await ctx.keystore.wallet(orgId);
      const elsewhere = Chain.wallet(Chain.randomKey());
      await ctx.chain.fund(await ctx.keystore.wallet(OPERATOR), elsewhere.address, ctx.signerFundingWei);
      await ctx.chain.submit(nodeKey, "PartyRegistry", "addSigner", [org, elsewhere.address]);
      await ctx.chain.submit(elsewhere, "PartyRegistry", "removeSigner", [org, nodeKey.address]);

      const before = await state();
      const res = await upload(
        "发票.pdf",
        Buffer.concat([PDF, randomBytes(600_000)]),
        "application/pdf",
        "keysMoved",
        n,
      );
      const problem = expectProblem(res, 403);
      expect(problem.contractError?.name, JSON.stringify(problem)).to.equal("PartyRegistryUnknownSigner");
      expect(await state()).to.deep.equal(before);
    });

    it("when an accepted upload is stored, then IPFS holds its blocks and one more pin (the counts can move)", async () => {
      const before = await state();
      const res = await upload("bigger.pdf", Buffer.concat([PDF, randomBytes(600_000)]), "application/pdf");
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      const after = await state();
      expect(after.blocks).to.equal(before.blocks + 4); // three 256 KiB leaves and their root
      expect(after.pins).to.equal(before.pins + 1);
      expect(after.attachments).to.equal(before.attachments + 1);
    });
  });

  describe("downloads", () => {
    let cid: string;
    let body: Buffer;
    before(async () => {
      body = Buffer.concat([PDF, randomBytes(400_000)]); // two chunks
      const up = await upload("发票.pdf", body, "application/pdf");
      expect(up.status, JSON.stringify(up.body)).to.equal(201);
      cid = up.body.cid;
    });

    it("when a file is downloaded, then it carries nosniff, a sandboxing CSP and the Content-Type validated at upload", async () => {
      const res = await download(cid);
      expect(res.status).to.equal(200);
      expect(res.headers).to.include({
        "content-type": "application/pdf",
        "content-length": String(body.length),
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox; default-src 'none'",
        "x-content-sha256": "0x" + createHash("sha256").update(body).digest("hex"),
        "x-ipfs-cid": cid,
      });
    });

    describe("when IPFS fails or serves other bytes", () => {
      let original: typeof t.community.ctx.documents.catAttachment;
      beforeEach(() => (original = t.community.ctx.documents.catAttachment));
      afterEach(() => (t.community.ctx.documents.catAttachment = original));

      it("when the file is missing from IPFS, then 502 problem", async () => {
        // As Helia fails for a CID it does not hold: before the first chunk.
        t.community.ctx.documents.catAttachment = () => ({
          [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new NotFoundError("gone")) }),
        });
        expectProblem(await download(cid), 502, /does not hold it/);
      });

      it("when IPFS serves bytes of the right size but another hash, then 502 before anything is sent", async () => {
        t.community.ctx.documents.catAttachment = () =>
          (async function* () {
            yield Buffer.alloc(body.length, 1);
          })();
        expectProblem(await download(cid), 502, /does not match the hash on chain/);
      });

      it("when the last chunk differs from the file on chain, then the download is cut before it: never the whole file", async () => {
        t.community.ctx.documents.catAttachment = (c) =>
          (async function* () {
            const chunks: Uint8Array[] = [];
            for await (const chunk of original(c)) chunks.push(chunk);
            const last = Buffer.from(chunks.pop()!);
            last[last.length - 1] ^= 0xff;
            yield* chunks;
            yield last;
          })();
        const received = await new Promise<{ status: number; bytes: number; complete: boolean }>((resolve) => {
          const server = t.app.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as AddressInfo;
            const finish = (r: { status: number; bytes: number; complete: boolean }) => {
              server.closeAllConnections();
              server.close(() => resolve(r));
            };
            http.get(
              {
                host: "127.0.0.1",
                port,
                path: `/v1/bills-of-lading/${blNumber}/attachments/${cid}`,
                headers: { Authorization: `Bearer ${t.keys.bank}` },
              },
              (res) => {
                let bytes = 0;
                res.on("data", (c: Buffer) => (bytes += c.length));
                res.on("end", () => finish({ status: res.statusCode!, bytes, complete: res.complete }));
                res.on("error", () => finish({ status: res.statusCode!, bytes, complete: false }));
                res.on("aborted", () => finish({ status: res.statusCode!, bytes, complete: false }));
              },
            );
          });
        });
        expect(received.status).to.equal(200);
        expect(received.complete).to.equal(false);
        expect(received.bytes).to.be.below(body.length);
      });
    });

    it("when a file is downloaded 200 times, some of them failing, then no file descriptor leaks and no file appears in the temp folder", async () => {
      const fds = () => readdirSync("/proc/self/fd").length;
      const ctx = t.community.ctx;
      const original = ctx.documents.catAttachment;
      const temp = mkdtempSync(path.join(tmpdir(), "paperless-port-downloads-test-"));
      const previousTmpdir = process.env.TMPDIR;
      process.env.TMPDIR = temp; // os.tmpdir() follows it: any temporary copy would land here
      try {
        expect(tmpdir()).to.equal(temp);
        expect((await download(cid)).status).to.equal(200); // warm: anything opened once is open now
        const before = fds();
        for (let i = 0; i < 200; i++) {
          const failing = i % 4 === 3;
          if (failing) {
            ctx.documents.catAttachment = () =>
              (async function* () {
                yield Buffer.alloc(1000);
                throw new NotFoundError("a block went missing");
              })();
          }
          const res = await download(cid);
          ctx.documents.catAttachment = original;
          if (failing) expectProblem(res, 502);
          else expect(Buffer.compare(res.body as Buffer, body), `download ${i}`).to.equal(0);
        }
        expect(fds()).to.be.at.most(before + 5);
        expect(readdirSync(temp)).to.deep.equal([]);
      } finally {
        ctx.documents.catAttachment = original;
        if (previousTmpdir === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = previousTmpdir;
        rmSync(temp, { recursive: true, force: true });
      }
    });
  });
});
