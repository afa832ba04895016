/** The web console's sign-in: an API key becomes an HttpOnly session cookie with a CSRF token (POST /v1/session). */
import { expect } from "chai";
import type { AddressInfo } from "node:net";
import { Wallet } from "ethers";
import request from "supertest";
import { createApp } from "../../api/app.ts";
import { SESSION_TTL_MS, SessionStore } from "../../api/console/sessions.ts";
import { listen } from "../../api/gateway.ts";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { as, expectProblem, expectStatus, registerOrganization } from "./helpers.ts";

describe("console sign-in (/v1/session)", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let clock = Date.now();
  let app: ReturnType<typeof createApp>;
  before(async () => {
    t = await startTestCommunity();
    app = createApp(t.community.ctx, { sessions: new SessionStore({ now: () => clock }) });
  });
  after(async () => t.close());

  /** Signs in with this role's key and returns the cookie to send back, the CSRF token and the raw response. */
  async function signIn(role: string) {
    const res = await request(app)
      .post("/v1/session")
      .send({ apiKey: t.keys[role] ?? role });
    expectStatus(res, 201);
    const setCookie = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
    expect(setCookie).to.have.length(1);
    const cookie = setCookie[0].split(";")[0];
    return { cookie, csrfToken: res.body.csrfToken as string, res, setCookie: setCookie[0] };
  }

  const CSRF_PROBLEM = (instance: string) => ({
    type: "https://paperless-port.dev/problems/csrf-token-missing-or-wrong",
    title: "CSRF token missing or wrong",
    status: 403,
    detail:
      "This request came with the console's session cookie but without its CSRF token: send the token sign-in gave as 'X-CSRF-Token' (reload the console to get it again).",
    instance,
  });

  it("when the consignee signs in with its API key, then an HttpOnly, SameSite=Strict, Path=/ cookie stands for it, and the key is nowhere in the answer", async () => {
    const { setCookie, res, cookie, csrfToken } = await signIn("consignee");
    const attributes = setCookie.split(";").map((a) => a.trim());
    expect(attributes[0]).to.match(/^pp_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes.slice(1)).to.deep.equal([
      "Path=/",
      "HttpOnly",
      "SameSite=Strict",
      `Max-Age=${SESSION_TTL_MS / 1000}`,
    ]);
    expect(res.headers["cache-control"]).to.equal("no-store");
    expect(res.body.caller).to.include({ orgId: t.orgIds.consignee, status: "active" });
    expect(csrfToken).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.expiresAt).to.equal(new Date(clock + SESSION_TTL_MS).toISOString());
    expect(JSON.stringify(res.body) + setCookie).to.not.include(t.keys.consignee);
    expect(cookie).to.not.include(csrfToken);

    const me = expectStatus(await request(app).get("/v1/me").set("Cookie", cookie), 200);
    expect(me.orgId).to.equal(t.orgIds.consignee);
    const session = expectStatus(await request(app).get("/v1/session").set("Cookie", cookie), 200);
    expect(session).to.deep.equal(res.body);
    expectStatus(await request(app).get("/v1/bills-of-lading?filter=awaiting").set("Cookie", cookie), 200);
  });

  it("when a write comes with the session cookie but without its CSRF token, or a wrong one, then it is refused with 403 and nothing is subscribed", async () => {
    const { cookie, csrfToken } = await signIn("shipper");
    const before = expectStatus(await as(t, "shipper").get("/v1/subscriptions"), 200).items.length;
    const body = { url: "http://127.0.0.1:9/hook" };
    const missing = await request(app).post("/v1/subscriptions").set("Cookie", cookie).send(body);
    expectProblem(missing, 403);
    expect(missing.body).to.deep.equal(CSRF_PROBLEM("/v1/subscriptions"));
    const wrong = await request(app)
      .post("/v1/subscriptions")
      .set("Cookie", cookie)
      .set("X-CSRF-Token", csrfToken.slice(1) + "A")
      .send(body);
    expect(wrong.body).to.deep.equal(CSRF_PROBLEM("/v1/subscriptions"));
    expect(expectStatus(await as(t, "shipper").get("/v1/subscriptions"), 200).items).to.have.length(before);

    const sent = await request(app)
      .post("/v1/subscriptions")
      .set("Cookie", cookie)
      .set("X-CSRF-Token", csrfToken)
      .send(body);
    expectStatus(sent, 201);
    expect(expectStatus(await as(t, "shipper").get("/v1/subscriptions"), 200).items).to.have.length(before + 1);
  });

  it("when an organization signs in, then the session says who signs its writes: the node with the key it holds, or the organization itself", async () => {
    const contracts = (["PartyRegistry", "BillOfLading", "ImportRelease", "EquipmentInterchange"] as const).map((c) =>
      t.community.ctx.chain.address(c),
    );
    const chainId = t.community.ctx.chain.chainId.toString();
    const held = (await signIn("shipper")).res.body;
    const shipperSigners = expectStatus(await as(t, "shipper").get("/v1/me"), 200).signers;
    expect(held.signing).to.deep.equal({ by: "node", signer: shipperSigners[0], chainId, contracts });
    expect((await t.community.ctx.keystore.wallet(t.orgIds.shipper)).address).to.equal(shipperSigners[0]);

    // An organization registered with its own signer: the node keeps no key of it, so it signs for itself.
    const own = Wallet.createRandom();
    const registered = await as(t, "operator").post("/v1/organizations", {
      orgId: "91120000SELFSIGNED",
      name: "Self-signing Trading Co",
      roles: ["trader"],
      signer: own.address,
    });
    expectStatus(registered, 201);
    expect(t.community.ctx.keystore.has("91120000SELFSIGNED")).to.equal(false);
    const { cookie, res } = await signIn(registered.body.apiKey);
    expect(res.body.signing).to.deep.equal({ by: "client", signer: null, chainId, contracts });
    const again = expectStatus(await request(app).get("/v1/session").set("Cookie", cookie), 200);
    expect(again.signing).to.deep.equal(res.body.signing);
  });

  it("when the caller signs out, then the cookie is cleared and the old cookie is refused with 401", async () => {
    const { cookie, csrfToken } = await signIn("bank");
    const refused = await request(app).delete("/v1/session").set("Cookie", cookie);
    expect(refused.body).to.deep.equal(CSRF_PROBLEM("/v1/session"));
    expectStatus(await request(app).get("/v1/me").set("Cookie", cookie), 200);

    const out = await request(app).delete("/v1/session").set("Cookie", cookie).set("X-CSRF-Token", csrfToken);
    expect(out.status).to.equal(204);
    expect(out.headers["set-cookie"]).to.deep.equal(["pp_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"]);
    for (const path of ["/v1/me", "/v1/session"])
      expectProblem(await request(app).get(path).set("Cookie", cookie), 401, /session has ended or expired: sign in/);
    expect((await request(app).delete("/v1/session").set("Cookie", cookie)).status).to.equal(204);
  });

  it("when a session outlives its expiry, then its cookie is refused with 401", async () => {
    const { cookie } = await signIn("carrier");
    clock += SESSION_TTL_MS - 1;
    expectStatus(await request(app).get("/v1/me").set("Cookie", cookie), 200);
    clock += 1;
    expectProblem(await request(app).get("/v1/me").set("Cookie", cookie), 401, /session has ended or expired/);
  });

  it("when the sign-in key is not valid, belongs to a suspended organization or is revoked afterwards, then the same rules as for the key apply", async () => {
    expectProblem(await request(app).post("/v1/session").send({ apiKey: "pp_nope" }), 401, /not valid/);
    expectProblem(await request(app).post("/v1/session").send({}), 400);

    const orgId = await registerOrganization(t, "sessiontrader", ["trader"]);
    const { cookie } = await signIn("sessiontrader");
    expectStatus(await as(t, "operator").post(`/v1/organizations/${orgId}/suspend`), 200);
    expectProblem(await request(app).get("/v1/me").set("Cookie", cookie), 403, /is suspended/);
    expectProblem(await request(app).post("/v1/session").send({ apiKey: t.keys.sessiontrader }), 403, /suspended/);
    expectStatus(await as(t, "operator").post(`/v1/organizations/${orgId}/reinstate`), 200);
    expectStatus(await request(app).get("/v1/me").set("Cookie", cookie), 200);

    expectStatus(await as(t, "sessiontrader").post(`/v1/organizations/${orgId}/api-keys`, {}), 201);
    expectProblem(await request(app).get("/v1/me").set("Cookie", cookie), 401, /was revoked: sign in again/);
  });

  it("when a request carries both an API key and a session cookie, then the key decides and no CSRF token is needed", async () => {
    const { cookie } = await signIn("consignee");
    const me = await request(app).get("/v1/me").set("Cookie", cookie).set("Authorization", `Bearer ${t.keys.shipper}`);
    expect(expectStatus(me, 200).orgId).to.equal(t.orgIds.shipper);
    const sent = await request(app)
      .post("/v1/subscriptions")
      .set("Cookie", cookie)
      .set("Authorization", `Bearer ${t.keys.shipper}`)
      .send({ url: "http://127.0.0.1:9/other" });
    expectStatus(sent, 201);
  });

  it("when the event stream is opened with the session cookie alone, then it streams the organization's events", async () => {
    const { cookie } = await signIn("haulier");
    const server = await listen(app, 0, "127.0.0.1");
    const abort = new AbortController();
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/events`, {
        headers: { Cookie: cookie },
        signal: abort.signal,
      });
      expect(res.status).to.equal(200);
      expect(res.headers.get("content-type")).to.equal("text/event-stream");
      const first = await res.body!.getReader().read();
      expect(new TextDecoder().decode(first.value)).to.equal(": connected\n\n");
    } finally {
      abort.abort();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
