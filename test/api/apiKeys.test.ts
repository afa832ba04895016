/**
 * API keys (issue 11, point 7): an organization rotates its own, it or the operator revokes one, and a revoked key is
 * refused at once. A suspended or revoked organization's keys read nothing.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { restartTestCommunity, startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { as, expectProblem, expectStatus, registerOrganization } from "./helpers.ts";

describe("API keys: rotation and revocation", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  before(async () => {
    t = await startTestCommunity();
  });
  after(async () => t?.close());

  const keysPath = (orgId: string, keyId?: string) =>
    `/v1/organizations/${orgId}/api-keys${keyId === undefined ? "" : `/${keyId}`}`;

  /** A fresh trader, so that the demo parties' keys stay as they are for the other tests. */
  let counter = 0;
  async function freshTrader(): Promise<{ name: string; orgId: string }> {
    counter += 1;
    const name = `keys${counter}`;
    const orgId = await registerOrganization(t, name, ["trader"], { orgId: `91120000KEYS${counter}`.padEnd(18, "X") });
    return { name, orgId };
  }

  describe("rotation", function () {
    it("when an organization rotates its key, then the new key works at once and the old one gets 401", async () => {
      const { name, orgId } = await freshTrader();
      const old = t.keys[name];
      const [first] = expectStatus(await as(t, old).get(keysPath(orgId)), 200).items;
      const rotated = expectStatus(await as(t, old).post(keysPath(orgId)), 201);
      expect(rotated).to.have.keys("keyId", "orgId", "createdAt", "apiKey", "revokedKeyIds");
      expect(rotated.orgId).to.equal(orgId);
      expect(rotated.apiKey).to.match(/^pp_/);
      expect(rotated.revokedKeyIds).to.deep.equal([first.keyId]);
      expectProblem(await as(t, old).get("/v1/me"), 401, /not valid/);
      expect(expectStatus(await as(t, rotated.apiKey).get("/v1/me"), 200).orgId).to.equal(orgId);
      const listed = expectStatus(await as(t, rotated.apiKey).get(keysPath(orgId)), 200).items;
      expect(listed).to.deep.equal([{ keyId: rotated.keyId, orgId, createdAt: rotated.createdAt }]);
    });

    it("when it rotates with keepExisting, then both keys work until the old one is revoked, then only the new", async () => {
      const { name, orgId } = await freshTrader();
      const old = t.keys[name];
      const rotated = expectStatus(await as(t, old).post(keysPath(orgId), { keepExisting: true }), 201);
      expect(rotated.revokedKeyIds).to.deep.equal([]);
      expectStatus(await as(t, old).get("/v1/me"), 200);
      expectStatus(await as(t, rotated.apiKey).get("/v1/me"), 200);
      const items = expectStatus(await as(t, rotated.apiKey).get(keysPath(orgId)), 200).items;
      expect(items.map((k: { keyId: string }) => k.keyId))
        .to.have.length(2)
        .and.include(rotated.keyId);
      const oldId = items.find((k: { keyId: string }) => k.keyId !== rotated.keyId).keyId;
      const res = await as(t, rotated.apiKey).delete(keysPath(orgId, oldId));
      expect(res.status, JSON.stringify(res.body)).to.equal(204);
      expectProblem(await as(t, old).get("/v1/me"), 401, /not valid/);
      expectStatus(await as(t, rotated.apiKey).get("/v1/me"), 200);
    });

    it("when the operator asks for a key for an organization, then 403 and the organization's keys are unchanged", async () => {
      const { name, orgId } = await freshTrader();
      const before = expectStatus(await as(t, "operator").get(keysPath(orgId)), 200).items;
      expectProblem(await as(t, "operator").post(keysPath(orgId)), 403, /the operator may not/);
      expect(expectStatus(await as(t, "operator").get(keysPath(orgId)), 200).items).to.deep.equal(before);
      expectStatus(await as(t, name).get("/v1/me"), 200);
    });

    it("when the operator issues itself a second key, then it acts as the operator, and revoked it gets 401", async () => {
      // keepExisting: the demo community's operator key (in demo-parties.json) stays valid for the other tests.
      const second = expectStatus(await as(t, "operator").post(keysPath("operator"), { keepExisting: true }), 201);
      expect(second.orgId).to.equal("operator");
      expect(expectStatus(await as(t, second.apiKey).get("/v1/me"), 200).orgId).to.equal("operator");
      expectProblem(await as(t, "bank").get(keysPath("operator")), 403, /Only the operator may see its API keys/);
      const res = await as(t, "operator").delete(keysPath("operator", second.keyId));
      expect(res.status, JSON.stringify(res.body)).to.equal(204);
      expectProblem(await as(t, second.apiKey).get("/v1/me"), 401, /not valid/);
    });

    it("when another organization asks for a key for it, then 403", async () => {
      const { orgId } = await freshTrader();
      expectProblem(await as(t, "bank").post(keysPath(orgId)), 403, /Only Test keys\d+ \(.*\) may issue itself/);
    });

    it("when the organization does not exist, then 404", async () => {
      expectProblem(await as(t, "bank").post(keysPath("NOSUCHORG")), 404, /NOSUCHORG/);
    });

    it("when a key is issued, then the file keeps only its hash, and the listing never shows the key or the hash", async () => {
      const { name, orgId } = await freshTrader();
      const rotated = expectStatus(await as(t, name).post(keysPath(orgId)), 201);
      const file = readFileSync(path.join(t.config.dataDir, "api-keys.json"), "utf8");
      expect(file).not.to.include(rotated.apiKey);
      expect(file).to.include(rotated.keyId);
      const listed = expectStatus(await as(t, "operator").get(keysPath(orgId)), 200);
      expect(JSON.stringify(listed)).not.to.match(/pp_|hash/);
    });
  });

  describe("revocation", function () {
    it("when the operator revokes one of an organization's keys, then that key gets 401 at once", async () => {
      const { name, orgId } = await freshTrader();
      const second = expectStatus(await as(t, name).post(keysPath(orgId), { keepExisting: true }), 201);
      const res = await as(t, "operator").delete(keysPath(orgId, second.keyId));
      expect(res.status, JSON.stringify(res.body)).to.equal(204);
      const refused = expectProblem(await as(t, second.apiKey).get("/v1/organizations"), 401, /not valid/);
      expect(refused.detail).to.be.a("string");
      expectStatus(await as(t, name).get("/v1/me"), 200);
    });

    it("when another organization revokes or lists its keys, then 403 and the key still works", async () => {
      const { name, orgId } = await freshTrader();
      const [key] = expectStatus(await as(t, name).get(keysPath(orgId)), 200).items;
      expectProblem(await as(t, "bank").delete(keysPath(orgId, key.keyId)), 403, /itself, or the operator/);
      expectProblem(await as(t, "bank").get(keysPath(orgId)), 403, /itself, or the operator/);
      expectStatus(await as(t, name).get("/v1/me"), 200);
    });

    it("when the last key would be revoked, then 409 and it still works", async () => {
      const { name, orgId } = await freshTrader();
      const [key] = expectStatus(await as(t, name).get(keysPath(orgId)), 200).items;
      expectProblem(await as(t, name).delete(keysPath(orgId, key.keyId)), 409, /last API key .*suspend it/);
      expectProblem(await as(t, "operator").delete(keysPath(orgId, key.keyId)), 409, /last API key/);
      expectStatus(await as(t, name).get("/v1/me"), 200);
    });

    it("when the key id is not the organization's, then 404", async () => {
      const { name, orgId } = await freshTrader();
      const [bankKey] = expectStatus(await as(t, "bank").get(keysPath(t.orgIds.bank)), 200).items;
      expectProblem(await as(t, name).delete(keysPath(orgId, "key_nosuchkey")), 404, /no API key key_nosuchkey/);
      expectProblem(await as(t, "operator").delete(keysPath(orgId, bankKey.keyId)), 404, /no API key/);
      expectStatus(await as(t, "bank").get("/v1/me"), 200);
    });

    it("when the gateway restarts, then a revoked key stays revoked and the new one works", async () => {
      const { name, orgId } = await freshTrader();
      const old = t.keys[name];
      const rotated = expectStatus(await as(t, old).post(keysPath(orgId)), 201);
      t = await restartTestCommunity(t);
      expectProblem(await as(t, old).get("/v1/me"), 401, /not valid/);
      expectStatus(await as(t, rotated.apiKey).get("/v1/me"), 200);
    });
  });

  describe("a suspended or revoked organization's keys read nothing", function () {
    it("when an organization is suspended, then every /v1 request with its key is 403 until it is reinstated; open routes stay open", async () => {
      const { name, orgId } = await freshTrader();
      expectStatus(await as(t, "operator").post(`/v1/organizations/${orgId}/suspend`), 200);
      for (const path of [
        "/v1/me",
        "/v1/organizations",
        "/v1/bills-of-lading",
        `/v1/organizations/${orgId}/api-keys`,
      ]) {
        expectProblem(await as(t, name).get(path), 403, /is suspended: its API keys can read and do nothing/);
      }
      expectProblem(await as(t, name).post(keysPath(orgId)), 403, /suspended/);
      expectStatus(await as(t, name).get("/v1/release-times"), 200);
      expect((await as(t, name).get(`/v1/verify/0x${"00".repeat(32)}`)).status).to.be.oneOf([200, 404]);
      expectStatus(await as(t, "operator").post(`/v1/organizations/${orgId}/reinstate`), 200);
      expect(expectStatus(await as(t, name).get("/v1/me"), 200).status).to.equal("active");
    });

    it("when an organization is revoked, then its key reads nothing", async () => {
      const { name, orgId } = await freshTrader();
      expectStatus(await as(t, "operator").post(`/v1/organizations/${orgId}/revoke`), 200);
      for (const path of ["/v1/me", "/v1/organizations", "/v1/bills-of-lading", "/v1/subscriptions"]) {
        expectProblem(await as(t, name).get(path), 403, /is revoked: its API keys can read nothing/);
      }
      expectProblem(await as(t, name).post(keysPath(orgId)), 403, /revoked/);
    });
  });
});
