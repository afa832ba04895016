/**
 * Stopping a node (SIGTERM, Ctrl-C): requests still open get a moment, then are cut, so that a long one (an event
 * stream, a client-signed write waiting for its signature) cannot keep the node from stopping.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { rm } from "node:fs/promises";
import { expect } from "chai";
import { startTestCommunity } from "../fixtures/gateway.ts";

describe("stopping a gateway", function () {
  this.timeout(60_000);

  it("when a client is listening to the event stream, then closing the gateway ends, and ends the stream", async () => {
    const t = await startTestCommunity();
    try {
      const gateway = await t.community.serve();
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = httpRequest(`${gateway.url}/v1/events`, {
          headers: { Authorization: `Bearer ${t.keys.consignee}` },
        });
        req.on("response", resolve).on("error", reject).end();
      });
      expect(res.statusCode).to.equal(200);
      expect(res.headers["content-type"]).to.match(/text\/event-stream/);
      const streamClosed = new Promise<void>((resolve) => res.on("close", resolve).on("error", () => undefined));
      res.resume();

      await gateway.close();
      await streamClosed;
      expect(res.complete).to.equal(false);
    } finally {
      // gateway.close() stopped the whole community; only its folder is left.
      await rm(t.config.dataDir, { recursive: true, force: true });
    }
  });
});
