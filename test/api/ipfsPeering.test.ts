/**
 * Documents between nodes, at the API: a gateway whose IPFS peers with one other node (a bare Helia node on
 * 127.0.0.1, standing in for another organization's node). What the chain records but this gateway does not hold is
 * fetched from that node, checked and served; what no node holds is a 504 problem.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { peerKeyFile } from "../../api/adapters/ipfs/index.ts";
import { documentCidFromSha256 } from "../../api/adapters/ipfs/documentStore.ts";
import { createHeliaStore, type HeliaStore } from "../../api/adapters/ipfs/helia.ts";
import { peerIdOf } from "../../api/adapters/ipfs/peering.ts";
import { canonicalize, documentChecksum } from "../../api/billsOfLading/canonicalForm.ts";
import { textToBytes32 } from "../../api/bytes.ts";
import type { Caller } from "../../api/context.ts";
import { BL_TYPES } from "../../api/domain.ts";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { as, blPath, expectProblem, expectStatus, newBlNumber, read } from "./helpers.ts";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("IPFS between nodes, at the API", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let other: HeliaStore;
  let dataDir: string;
  let otherDir: string;
  let carrier: Caller;

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "paperless-port-peered-"));
    otherDir = await mkdtemp(path.join(tmpdir(), "paperless-port-other-"));
    const gatewayPort = await freePort();
    const otherPort = await freePort();
    const gatewayPeer = `/ip4/127.0.0.1/tcp/${gatewayPort}/p2p/${await peerIdOf(peerKeyFile(dataDir))}`;
    const otherKey = path.join(otherDir, "peer.key");
    const otherPeer = `/ip4/127.0.0.1/tcp/${otherPort}/p2p/${await peerIdOf(otherKey)}`;
    other = await createHeliaStore(path.join(otherDir, "ipfs"), {
      listen: [`/ip4/127.0.0.1/tcp/${otherPort}`],
      peers: [gatewayPeer],
      keyFile: otherKey,
      fetchTimeoutMs: 1500,
    });
    t = await startTestCommunity(dataDir, {
      ipfsNetwork: { listen: [`/ip4/127.0.0.1/tcp/${gatewayPort}`], peers: [otherPeer], fetchTimeoutMs: 1500 },
    });
    carrier = { kind: "organization", orgId: t.orgIds.carrier, org: orgNumber("carrier") };
  });

  after(async () => {
    await t?.close();
    await other?.close();
    if (otherDir) await rm(otherDir, { recursive: true, force: true });
  });

  const orgNumber = (role: string) => t.community.ctx.index.organizationByOrgId(t.orgIds[role])!.org;

  /** Issues a B/L on chain as the carrier without storing its document here: as another node's gateway would. */
  async function issueElsewhere(blNumber: string): Promise<Uint8Array> {
    const canonical = canonicalize(transportDocument(blNumber));
    await t.community.ctx.transactions.submit(carrier, "BillOfLading", "issue", [
      textToBytes32(blNumber),
      documentChecksum(canonical),
      BL_TYPES.indexOf("toOrder"),
      orgNumber("shipper"),
      0,
    ]);
    return canonical;
  }

  it("when this node issues a B/L with an invoice, then the other node fetches both by CID and they match the chain", async () => {
    const blNumber = newBlNumber("PEER");
    expectStatus(
      await as(t, "carrier").post("/v1/bills-of-lading", {
        transportDocument: transportDocument(blNumber),
        issueTo: t.orgIds.shipper,
      }),
      201,
    );
    const invoice = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(300_000, 7)]);
    const attachment = expectStatus(
      await as(t, "shipper")
        .post(`${blPath(blNumber)}/attachments?fileName=invoice.pdf&kind=invoice`)
        .set("Content-Type", "application/pdf")
        .send(invoice),
      201,
    );
    const bl = await read(t, blNumber);

    await other.fetchAndPin!(bl.documentCid);
    await other.fetchAndPin!(attachment.cid, { sha256: attachment.sha256, size: attachment.size });
    const fetched = JSON.parse(Buffer.from(await other.getDocument(bl.documentCid)).toString("utf8"));
    expect(fetched).to.deep.equal(bl.transportDocument);
    expect(attachment.sha256).to.equal("0x" + createHash("sha256").update(invoice).digest("hex"));
  });

  it("when another node issued a B/L whose document only it holds, then this node fetches it and serves it", async () => {
    const blNumber = newBlNumber("PEER");
    const canonical = await issueElsewhere(blNumber);
    await other.putDocument(canonical);
    const bl = await read(t, blNumber);
    expect(bl.transportDocument).to.deep.equal(JSON.parse(Buffer.from(canonical).toString("utf8")));
  });

  it("when a B/L's document is on no node, then reading it is a 504 problem naming the CID, the peers asked and the time", async () => {
    const blNumber = newBlNumber("PEER");
    const canonical = await issueElsewhere(blNumber);
    const cid = documentCidFromSha256(documentChecksum(canonical)).toString();
    const problem = expectProblem(await as(t, "carrier").get(blPath(blNumber)), 504);
    expect(problem.detail).to.equal(
      `No node of the community has the document ${cid} (asked 1 peer for 1.5 s). ` +
        "Try again once the node that stored it is reachable.",
    );
  });
});
