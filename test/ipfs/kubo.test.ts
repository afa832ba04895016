/**
 * The Kubo RPC backend against a real separate daemon: js-ipfs 0.66 (serves the Kubo RPC API), installed in
 * test/ipfs-daemon by scripts/ensure-ipfs-daemon.ts and started once for this suite on 127.0.0.1, offline.
 * Also checks that Helia and Kubo give the same CIDs for the same documents and attachment files, and that the gateway
 * on Kubo stores an accepted upload and leaves no block and no pin for a refused one.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { Chain } from "../../api/adapters/chain/chain.ts";
import type { DocumentStore } from "../../api/adapters/ipfs/documentStore.ts";
import { createHeliaStore } from "../../api/adapters/ipfs/helia.ts";
import { openDocumentStore } from "../../api/adapters/ipfs/index.ts";
import { createKuboStore } from "../../api/adapters/ipfs/kubo.ts";
import { OPERATOR } from "../../api/context.ts";
import { as, expectProblem, registerOrganization } from "../api/helpers.ts";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { startDaemon, type RunningDaemon } from "../ipfs-daemon/start.ts";
import {
  ATTACHMENT_SIZES,
  MiB,
  bytesOf,
  canonicalJson,
  collect,
  digestOf,
  documentStoreBehaviours,
  streamOf,
} from "./storeBehaviours.ts";

const MISSING_TIMEOUT_MS = 1500;

describe("IPFS document store: Kubo RPC (js-ipfs daemon)", function () {
  this.timeout(120_000);
  let daemon: RunningDaemon | undefined;
  let kubo: DocumentStore;
  let heliaDir: string;
  let helia: DocumentStore;

  before(async () => {
    // Fails (never skips) with an explanation when test/ipfs-daemon/node_modules is missing.
    daemon = await startDaemon({ readyTimeoutMs: 60_000 });
    // The offline daemon waits for absent content until the read timeout: keep it short here.
    kubo = createKuboStore(daemon.apiUrl, { readTimeoutMs: MISSING_TIMEOUT_MS });
    heliaDir = await mkdtemp(join(tmpdir(), "paperless-helia-x-"));
    helia = await createHeliaStore(heliaDir);
  });

  after(async () => {
    await kubo?.close();
    await helia?.close();
    await daemon?.stop();
    if (heliaDir) await rm(heliaDir, { recursive: true, force: true });
  });

  it("is the kubo backend", () => {
    expect(kubo.backend).to.equal("kubo");
  });

  documentStoreBehaviours(() => kubo, { missingWithinMs: MISSING_TIMEOUT_MS + 1500, discardRemovesBlocks: false });

  describe("same CIDs through Helia and Kubo", () => {
    it("documents", async () => {
      for (const bytes of [canonicalJson(100), new Uint8Array(0)]) {
        expect(await kubo.putDocument(bytes)).to.equal(await helia.putDocument(bytes));
      }
    });

    for (const size of [...ATTACHMENT_SIZES, 174 * 262144, 174 * 262144 + 1]) {
      const label = size >= 174 * 262144 ? ` (${Math.ceil(size / 262144)} chunks: balanced layout, 174 links)` : "";
      it(`attachment of ${size} bytes${label}`, async () => {
        const seed = size + 99;
        const maxBytes = 50 * MiB;
        const viaKubo = await kubo.addAttachment(streamOf(size, seed, 65_536), { maxBytes });
        const viaHelia = await helia.addAttachment(streamOf(size, seed, 1_000_000), { maxBytes });
        expect(viaKubo).to.deep.equal(viaHelia);
        expect({ size: viaKubo.size, sha256: viaKubo.sha256 }).to.deep.equal(digestOf(size, seed));
        // and each backend serves what the other stored
        expect(await collect(kubo.catAttachment(viaHelia.cid))).to.deep.equal(digestOf(size, seed));
      });
    }
  });

  describe("the gateway on Kubo: attachments through the API", function () {
    let t: TestCommunity;
    const blNumber = "KUBOATT0001";
    const PDF = Buffer.from("%PDF-1.4\n% Commercial invoice on Kubo\n%%EOF\n");
    const upload = (body: Buffer, type: string, bl = blNumber, who = "shipper") =>
      as(t, who)
        .post(`/v1/bills-of-lading/${bl}/attachments?fileName=${encodeURIComponent("发票.pdf")}&kind=invoice`)
        .set("Content-Type", type)
        .send(body);
    const counts = async () => [
      await t.community.ctx.documents.blockCount(),
      await t.community.ctx.documents.pinCount(),
    ];

    before(async () => {
      t = await startTestCommunity(undefined, { ipfsApiUrl: daemon!.apiUrl });
      expect(t.community.ctx.documents.backend).to.equal("kubo");
      const issued = await as(t, "carrier").post("/v1/bills-of-lading", {
        transportDocument: transportDocument(blNumber),
        issueTo: t.orgIds.shipper,
      });
      expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
    });
    after(async () => t?.close());

    it("when an upload is accepted, then Kubo holds its blocks and one more pin, and it downloads whole", async () => {
      const [blocks, pins] = await counts();
      const body = Buffer.concat([PDF, Buffer.from(bytesOf(600_000, 91))]);
      const res = await upload(body, "application/pdf");
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(await counts()).to.deep.equal([blocks + 4, pins + 1]); // three 256 KiB leaves and their root
      const download = await as(t, "bank")
        .get(`/v1/bills-of-lading/${blNumber}/attachments/${res.body.cid}`)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on("data", (c: Buffer) => chunks.push(c));
          response.on("end", () => done(null, Buffer.concat(chunks)));
        });
      expect(download.status).to.equal(200);
      expect(Buffer.compare(download.body as Buffer, body)).to.equal(0);
    });

    it("when an upload's bytes are not its declared type, then 415 and Kubo holds no more blocks or pins", async () => {
      const before = await counts();
      expectProblem(await upload(Buffer.from("# README, not a PDF\n".repeat(100)), "application/pdf"), 415);
      expect(await counts()).to.deep.equal(before);
    });

    it("when an upload passes the size limit, then 413 and Kubo holds no more blocks or pins", async () => {
      const before = await counts();
      const res = await upload(Buffer.concat([PDF, Buffer.alloc(t.config.maxUploadBytes)]), "application/pdf");
      expectProblem(res, 413);
      expect(await counts()).to.deep.equal(before);
    });

    it("when the contract refuses an upload (the holder's keys changed outside the node), then 403 and Kubo holds no more blocks or pins", async () => {
      const orgId = "91120000KUBOMOVED1";
      await registerOrganization(t, "kuboMoved", ["trader"], { orgId });
      const n = "KUBOATT0002";
      const issued = await as(t, "carrier").post("/v1/bills-of-lading", {
        transportDocument: transportDocument(n),
        issueTo: orgId,
      });
      expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
      const ctx = t.community.ctx;
      const org = ctx.index.organizationByOrgId(orgId)!.org;
      const nodeKey = await ctx.keystore.wallet(orgId);
      const elsewhere = Chain.wallet(Chain.randomKey());
      await ctx.chain.fund(await ctx.keystore.wallet(OPERATOR), elsewhere.address, ctx.signerFundingWei);
      await ctx.chain.submit(nodeKey, "PartyRegistry", "addSigner", [org, elsewhere.address]);
      await ctx.chain.submit(elsewhere, "PartyRegistry", "removeSigner", [org, nodeKey.address]);
      const before = await counts();
      const res = await upload(
        Buffer.concat([PDF, Buffer.from(bytesOf(600_000, 92))]),
        "application/pdf",
        n,
        "kuboMoved",
      );
      expect(expectProblem(res, 403).contractError?.name).to.equal("PartyRegistryUnknownSigner");
      expect(await counts()).to.deep.equal(before);
    });
  });

  describe("health and configuration", () => {
    it("openDocumentStore uses Kubo when ipfsApiUrl is set", async () => {
      const store = await openDocumentStore({ ipfsApiUrl: daemon!.apiUrl, dataDir: heliaDir });
      expect(store.backend).to.equal("kubo");
      const bytes = canonicalJson(101);
      expect(Buffer.from(await store.getDocument(await kubo.putDocument(bytes))).equals(Buffer.from(bytes))).to.equal(
        true,
      );
      await store.close();
    });

    it("health is not ok when nothing listens at the URL", async () => {
      const h = await createKuboStore("http://127.0.0.1:9", { healthTimeoutMs: 2000 }).health();
      expect(h.ok).to.equal(false);
      expect(h.detail).to.contain("unreachable");
    });
  });
});
