import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { access } from "node:fs/promises";
import { FsBlockstore } from "blockstore-fs";
import { LevelBlockstore } from "blockstore-level";
import { FsDatastore } from "datastore-fs";
import { LevelDatastore } from "datastore-level";
import { createHeliaLight } from "helia";
import { unixfs } from "@helia/unixfs";
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

  documentStoreBehaviours(() => store, { missingWithinMs: 1000, discardRemovesBlocks: true });

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
      const blocks = new LevelBlockstore(join(dir, "ipfs", "blocks.level"));
      await blocks.open();
      await blocks.put(CID.parse(cid), new TextEncoder().encode('{"documentType":"BOL","n":666}'));
      await blocks.close();

      store = await createHeliaStore(join(dir, "ipfs"));
      await expectRejected(store.getDocument(cid), IntegrityError);
    });
  });

  describe("a repository written one file per block (before LevelDB)", () => {
    it("is moved into the LevelDB stores at open, pins included, and the old directories are set aside", async () => {
      const old = join(dir, "old-layout");
      const doc = canonicalJson(46);
      const helia = createHeliaLight({
        blockstore: new FsBlockstore(join(old, "blocks")),
        datastore: new FsDatastore(join(old, "datastore")),
      });
      await helia.start();
      const docCid = await (await import("../../api/adapters/ipfs/documentStore.ts")).documentCid(doc);
      await helia.blockstore.put(docCid, doc);
      for await (const _ of helia.pins.add(docCid));
      const attCid = await unixfs(helia).addBytes(new Uint8Array(300_000).fill(7));
      for await (const _ of helia.pins.add(attCid));
      await helia.stop();

      const migrated = await createHeliaStore(old);
      try {
        expect(Buffer.from(await migrated.getDocument(docCid.toString())).equals(Buffer.from(doc))).to.equal(true);
        const bytes = Buffer.concat(await collectChunks(migrated.catAttachment(attCid.toString())));
        expect(bytes.length).to.equal(300_000);
        expect(bytes.every((b) => b === 7)).to.equal(true);
        await access(join(old, "blocks.migrated"));
        await access(join(old, "datastore.migrated"));
        await expectRejected(access(join(old, "blocks")), Error);
      } finally {
        await migrated.close();
      }
      const datastore = new LevelDatastore(join(old, "datastore.level"));
      await datastore.open();
      try {
        const pins: string[] = [];
        for await (const key of datastore.queryKeys({ prefix: "/pin/" })) pins.push(key.toString());
        expect(pins).to.have.length(2);
      } finally {
        await datastore.close();
      }
      // Opened again: nothing left to migrate, everything still there.
      const reopened = await createHeliaStore(old);
      try {
        expect(Buffer.from(await reopened.getDocument(docCid.toString())).equals(Buffer.from(doc))).to.equal(true);
      } finally {
        await reopened.close();
      }
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

async function collectChunks(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return chunks;
}
