/**
 * The Kubo RPC backend against a real separate daemon: js-ipfs 0.66 (serves the Kubo RPC API), installed in
 * test/ipfs-daemon by scripts/ensure-ipfs-daemon.ts and started once for this suite on 127.0.0.1, offline.
 * Also checks that Helia and Kubo give the same CIDs for the same documents and attachment files.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { DocumentStore } from "../../api/adapters/ipfs/documentStore.ts";
import { createHeliaStore } from "../../api/adapters/ipfs/helia.ts";
import { openDocumentStore } from "../../api/adapters/ipfs/index.ts";
import { createKuboStore } from "../../api/adapters/ipfs/kubo.ts";
import { startDaemon, type RunningDaemon } from "../ipfs-daemon/start.ts";
import {
  ATTACHMENT_SIZES,
  MiB,
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

  documentStoreBehaviours(() => kubo, { missingWithinMs: MISSING_TIMEOUT_MS + 1500 });

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
