import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { FsBlockstore } from "blockstore-fs";
import { CID } from "multiformats/cid";
import { IntegrityError, NotFoundError, type DocumentStore } from "../../api/adapters/ipfs/documentStore.ts";
import { createHeliaStore } from "../../api/adapters/ipfs/helia.ts";
import { openDocumentStore } from "../../api/adapters/ipfs/index.ts";
import {
  canonicalJson,
  collect,
  digestOf,
  documentStoreBehaviours,
  expectRejected,
  streamOf,
} from "./storeBehaviours.ts";

describe("IPFS document store: Helia (embedded, offline)", function () {
  this.timeout(60_000);
  let dir: string;
  let store: DocumentStore;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "paperless-helia-"));
    store = await createHeliaStore(join(dir, "ipfs"));
  });

  after(async () => {
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("is the helia backend", () => {
    expect(store.backend).to.equal("helia");
  });

  documentStoreBehaviours(() => store, { missingWithinMs: 1000 });

  describe("persistence and integrity", () => {
    it("keeps documents and attachments across close and reopen", async () => {
      const doc = canonicalJson(42);
      const docCid = await store.putDocument(doc);
      const att = await store.addAttachment(streamOf(700_000, 42), { maxBytes: 1_000_000 });
      await store.close();
      expect((await store.health()).ok).to.equal(false);

      store = await createHeliaStore(join(dir, "ipfs"));
      expect(Buffer.from(await store.getDocument(docCid)).equals(Buffer.from(doc))).to.equal(true);
      expect(await collect(store.catAttachment(att.cid))).to.deep.equal(digestOf(700_000, 42));
    });

    it("getDocument throws IntegrityError when the stored bytes do not hash to the CID", async () => {
      const doc = canonicalJson(43);
      const cid = await store.putDocument(doc);
      await store.close();
      // tamper with the block on disk
      const blocks = new FsBlockstore(join(dir, "ipfs", "blocks"));
      await blocks.open();
      await blocks.put(CID.parse(cid), new TextEncoder().encode('{"documentType":"BOL","n":666}'));
      await blocks.close();

      store = await createHeliaStore(join(dir, "ipfs"));
      await expectRejected(store.getDocument(cid), IntegrityError);
    });
  });

  describe("openDocumentStore", () => {
    it("opens Helia in ${dataDir}/ipfs when no ipfsApiUrl is configured", async () => {
      const doc = canonicalJson(44);
      const cid = await store.putDocument(doc);
      await store.close();
      store = await openDocumentStore({ dataDir: dir });
      expect(store.backend).to.equal("helia");
      expect(Buffer.from(await store.getDocument(cid)).equals(Buffer.from(doc))).to.equal(true);
    });

    it("a fresh directory has nothing: NotFoundError at once", async () => {
      const other = await openDocumentStore({ dataDir: join(dir, "other") });
      try {
        await expectRejected(other.getDocument(await store.putDocument(canonicalJson(45))), NotFoundError);
      } finally {
        await other.close();
      }
    });
  });
});
