/**
 * CHAIN_POLL_MS: how often a node asks the chain for new blocks, which is how soon it indexes what other nodes wrote
 * (issue 12, point 8: a port community's index lag).
 */
import { expect } from "chai";
import { ConfigError, loadConfig } from "../../api/config.ts";

describe("configuration (CHAIN_POLL_MS)", () => {
  it("when it is unset, then the node polls every 500 ms; when set, at that pace", () => {
    expect(loadConfig({}).chainPollMs).to.equal(500);
    expect(loadConfig({ CHAIN_POLL_MS: "100" }).chainPollMs).to.equal(100);
  });

  it("when it is below 10 ms or not a whole number, then the configuration is refused and names it", () => {
    for (const value of ["5", "abc", "12.5"]) {
      expect(() => loadConfig({ CHAIN_POLL_MS: value }), value)
        .to.throw(ConfigError)
        .with.property("message")
        .that.matches(/CHAIN_POLL_MS: /);
    }
  });
});
