import { expect } from "chai";
import request from "supertest";
import { z } from "zod";
import { Chain, ContractRevert } from "../../api/adapters/chain/chain.ts";
import { apiDocument, createApp, routesOf } from "../../api/app.ts";
import { isOpenRoute } from "../../api/auth/middleware.ts";
import { openApiDocument } from "../../api/openapi.ts";
import { RouteRegistry } from "../../api/route.ts";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { act, as, blPath, expectProblem, expectRefused, expectStatus, issue, newBlNumber, read } from "./helpers.ts";

describe("system and organization endpoints", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  before(async () => {
    t = await startTestCommunity();
  });
  after(async () => t.close());

  describe("open system endpoints", function () {
    it("when /health is asked without a key, then the chain, IPFS and the index are ok", async () => {
      const res = await as(t).get("/health");
      expect(res.status).to.equal(200);
      expect(res.body.status).to.equal("ok");
      expect(res.body.chain).to.include({ ok: true });
      expect(res.body.chain.block).to.equal(await t.community.ctx.chain.blockNumber());
      expect(res.body.ipfs).to.include({ ok: true, backend: "helia" });
      expect(res.body.index).to.include({ ok: true });
    });

    it("when /openapi.json is asked, then it is an OpenAPI 3.1 document listing every documented route", async () => {
      const res = await as(t).get("/openapi.json");
      expect(res.status).to.equal(200);
      const doc = res.body;
      expect(doc.openapi).to.match(/^3\.1\./);
      expect(doc.info).to.include.keys("title", "version");
      expect(doc.components.securitySchemes.apiKey).to.deep.equal({ type: "http", scheme: "bearer" });
      const routes = routesOf(t.app);
      expect(routes.length).to.be.above(20);
      const operationIds = new Set<string>();
      for (const route of routes) {
        const path = route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
        const op = doc.paths[path]?.[route.method];
        expect(op, `${route.method} ${path}`).to.be.an("object");
        expect(op.summary).to.be.a("string").and.not.empty;
        expect(op.operationId, `${route.method} ${path} operationId`).to.be.a("string").and.not.empty;
        expect(operationIds.has(op.operationId), `${op.operationId} is used twice`).to.equal(false);
        operationIds.add(op.operationId);
        expect(op.responses.default.content).to.have.property("application/problem+json");
        expect(op.security).to.deep.equal(route.open ? [] : [{ apiKey: [] }, { session: [] }]);
        if (!route.open) expect(op.responses["401"].content).to.have.property("application/problem+json");
        const successes = Object.keys(op.responses).filter((code) => /^2\d\d$/.test(code));
        expect(successes, `${route.method} ${path} 2xx`).to.not.be.empty;
        for (const code of successes.filter((c) => c !== "204")) {
          const content = Object.values(op.responses[code].content ?? {}) as { schema?: object }[];
          expect(content, `${route.method} ${path} ${code} content`).to.not.be.empty;
          content.forEach((c) => expect(c.schema, `${route.method} ${path} ${code} schema`).to.be.an("object"));
        }
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          expect(op.parameters.find((p: { name: string }) => p.name === name)).to.include({
            in: "path",
            required: true,
          });
        }
        if (route.body) {
          const schema = op.requestBody.content["application/json"].schema;
          expect(schema, `${route.method} ${path} body`).to.be.an("object");
          expect(schema.type ?? schema.anyOf ?? schema.oneOf, `${route.method} ${path} body schema`).to.exist;
        }
      }
      const issue = doc.paths["/v1/bills-of-lading"].post.requestBody.content["application/json"].schema;
      expect(issue.required).to.include.members(["transportDocument", "issueTo"]);
      const list = doc.paths["/v1/bills-of-lading"].get.parameters.map((p: { name: string }) => p.name);
      expect(list).to.include.members(["filter", "limit", "cursor"]);
      expect(
        Object.keys(doc.paths).filter((p) => /\}[^/]/.test(p)),
        "paths with a broken parameter",
      ).to.deep.equal([]);
      expect(doc.paths).to.have.property("/v1/equipment-interchanges/{id}/photos/{sha256}");
      for (const open of [
        "/health",
        "/v1/verify",
        "/v1/verify/{documentChecksum}",
        "/v1/equipment-interchanges/{id}/verify",
        "/v1/release-times",
      ]) {
        const ops = Object.values(doc.paths[open]) as { security: unknown[] }[];
        ops.forEach((op) => expect(op.security).to.deep.equal([]));
      }
    });

    it("when any /v1 route off the open list is called without a key, then it is refused with 401", async () => {
      const guarded = routesOf(t.app).filter((r) => !r.open);
      expect(guarded.length).to.be.above(40);
      for (const route of guarded) {
        const path = route.path.replace(/:[A-Za-z0-9_]+/g, "x");
        expect(path, `${route.method} ${route.path}`).to.match(/^\/v1\//);
        const res = await request(t.app)[route.method](path);
        expectProblem(res, 401, /Authorization: Bearer/);
      }
      expectProblem(await as(t).get("/v1/no-such-route"), 401);
      expect(
        routesOf(t.app)
          .filter((r) => r.open && r.path.startsWith("/v1/"))
          .map((r) => r.path),
      ).to.have.members([
        "/v1/verify",
        "/v1/verify/:documentChecksum",
        "/v1/equipment-interchanges/:id/verify",
        "/v1/release-times",
        "/v1/session", // sign in (the key is in the body)
        "/v1/session", // sign out (ends the session the cookie names)
      ]);
    });

    it("when two apps are created in one process, then each documents its own routes", async () => {
      const before = routesOf(t.app).length;
      const other = createApp(t.community.ctx);
      expect(routesOf(other)).to.not.equal(routesOf(t.app));
      expect(routesOf(t.app).length).to.equal(before);
      expect(routesOf(other).length).to.equal(before);
      const [mine, theirs] = await Promise.all([as(t).get("/openapi.json"), request(other).get("/openapi.json")]);
      expect(theirs.body).to.deep.equal(mine.body);
      expect(Object.keys(mine.body.paths).length).to.be.above(20);

      const [a, b] = [new RouteRegistry(isOpenRoute), new RouteRegistry(isOpenRoute)];
      a.router().route(
        {
          method: "get",
          path: "/v1/only-a/:sha256",
          operationId: "onlyA",
          summary: "Only in registry a",
          tag: "Test",
          responses: { 200: { description: "OK", schema: z.object({}) } },
        },
        ({ res }) => void res.json({}),
      );
      expect(openApiDocument(b.routes).paths).to.deep.equal({});
      expect(Object.keys(openApiDocument(a.routes).paths)).to.deep.equal(["/v1/only-a/{sha256}"]);
    });

    it("when the document is built without a chain (npm run lint, npm run openapi), then it is the one served", async () => {
      const served = expectStatus(await as(t).get("/openapi.json"), 200);
      expect(JSON.parse(JSON.stringify(apiDocument()))).to.deep.equal(served);
    });

    it("when /docs is asked, then Swagger UI is served from this gateway, pointed at /openapi.json, loading nothing from elsewhere", async () => {
      const res = await as(t).get("/docs");
      expect(res.status).to.equal(200);
      expect(res.headers["content-type"]).to.match(/^text\/html/);
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).to.include("default-src 'self'");
      for (const directive of csp.split(";").map((d) => d.trim().split(/\s+/)))
        expect(directive.slice(1), directive[0]).to.satisfy((sources: string[]) =>
          sources.every((s) => ["'self'", "'none'", "data:"].includes(s)),
        );
      expect(res.text).to.match(/<!doctype html>/i);
      const loaded = [...res.text.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
      expect(loaded).to.include.members(["/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js"]);
      loaded.forEach((url) => expect(url, "a same-origin path").to.match(/^\/(?!\/)/));
      expect(res.text).to.not.match(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i);

      const initializer = await as(t).get("/docs/swagger-initializer.js");
      expect(initializer.status).to.equal(200);
      expect(initializer.text).to.include('url: "/openapi.json"').and.to.include("validatorUrl: null");
      expect(initializer.text).to.not.include("petstore");
      for (const file of ["/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js"]) {
        const asset = await as(t).get(file);
        expect(asset.status, file).to.equal(200);
        expect(asset.headers["content-security-policy"], file).to.equal(csp);
      }
    });
  });

  describe("who am I and the register", function () {
    it("when each demo party asks /v1/me, then it is told its own organization", async () => {
      for (const role of ["carrier", "shipper", "bank", "consignee", "terminal", "customs", "haulier"]) {
        const res = await as(t, role).get("/v1/me");
        expect(res.status).to.equal(200);
        expect(res.body).to.include({ orgId: t.orgIds[role], status: "active" });
        expect(res.body.roles).to.deep.equal([role === "shipper" || role === "consignee" ? "trader" : role]);
      }
      const operator = await as(t, "operator").get("/v1/me");
      expect(operator.body).to.deep.include({ orgId: "operator", roles: ["operator"] });
    });

    it("when a party lists organizations, then it sees the whole community and no secrets", async () => {
      const res = await as(t, "haulier").get("/v1/organizations");
      expect(res.status).to.equal(200);
      const ids = res.body.items.map((o: { orgId: string }) => o.orgId);
      for (const role of ["carrier", "shipper", "bank", "consignee", "terminal", "customs", "haulier"]) {
        expect(ids).to.include(t.orgIds[role]);
      }
      expect(JSON.stringify(res.body)).not.to.match(/apiKey|privateKey|pp_/);
    });

    it("when the operator registers an organization, then its API key is returned once and works", async () => {
      const res = await as(t, "operator").post("/v1/organizations", {
        orgId: "913100007178885551",
        name: "Shanghai Forwarding Agency",
        roles: ["agent", "trader"],
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.include({ orgId: "913100007178885551", status: "active", creditTier: "regular" });
      expect(res.body.roles).to.have.members(["agent", "trader"]);
      expect(res.body.signers).to.have.length(1);
      expect(res.body.apiKey).to.match(/^pp_/);
      // The registration's own transaction: mined, and the one that registered it.
      const receipt = await t.community.ctx.chain.provider.getTransactionReceipt(res.body.transactionHash);
      expect(receipt?.status).to.equal(1);
      expect(receipt?.to?.toLowerCase()).to.equal(t.community.ctx.chain.address("PartyRegistry").toLowerCase());
      const me = await as(t, res.body.apiKey).get("/v1/me");
      expect(me.status).to.equal(200);
      expect(me.body.orgId).to.equal("913100007178885551");
      expect(me.body).not.to.have.property("apiKey");
      const listed = await as(t, "operator").get("/v1/organizations");
      const entry = listed.body.items.find((o: { orgId: string }) => o.orgId === "913100007178885551");
      expect(entry).not.to.have.property("apiKey");
    });

    it("when the operator registers an organization with its own signer, then the node stores no key and issues its first API key", async () => {
      const signer = Chain.wallet(Chain.randomKey()).address;
      const res = await as(t, "operator").post("/v1/organizations", {
        orgId: "913100007178885552",
        name: "Shanghai Client-Signing Forwarder",
        roles: ["trader"],
        signer: signer.toLowerCase(),
      });
      expectStatus(res, 201);
      expect(res.body.signers).to.deep.equal([signer]);
      expect(res.body.apiKey).to.match(/^pp_/);
      expect(t.community.ctx.keystore.has("913100007178885552")).to.equal(false);
      expectStatus(await as(t, res.body.apiKey).get("/v1/me"), 200);
      // It signs its own transactions: this node holds no key to sign them with.
      const refused = expectProblem(
        await as(t, res.body.apiKey).post("/v1/organizations/913100007178885552/replace-key"),
        409,
      );
      expect(refused.detail).to.equal(
        "This node does not hold a key of 913100007178885552; replace it with addSigner and removeSigner signed " +
          "client-side, or on 913100007178885552's own node.",
      );
    });

    it("when the operator registers an orgId that is taken, then it is refused with 409", async () => {
      await expectRefused(t, { status: 409, detail: new RegExp(t.orgIds.bank) }, () =>
        as(t, "operator").post("/v1/organizations", { orgId: t.orgIds.bank, name: "Impostor", roles: ["bank"] }),
      );
    });

    it("when a registration has unknown roles or no name, then it is refused with 400 and pointers", async () => {
      const problem = await expectRefused(t, { status: 400 }, () =>
        as(t, "operator").post("/v1/organizations", { orgId: "NEWORG1", roles: ["pirate"], creditTier: "gold" }),
      );
      expect(problem.errors!.map((e) => e.pointer)).to.have.members(["/name", "/roles/0", "/creditTier"]);
    });
    it("when an orgId fits 32 characters but not 32 bytes, then it is refused with 400 pointing at /orgId", async () => {
      const orgId = "天津港国际集装箱码头有限公司天津港国际集装箱"; // 22 characters, 66 bytes in UTF-8
      const problem = await expectRefused(t, { status: 400 }, () =>
        as(t, "operator").post("/v1/organizations", { orgId, name: "Too long", roles: ["terminal"] }),
      );
      expect(problem.errors!.map((e) => e.pointer)).to.deep.equal(["/orgId"]);
      const issueTo = await expectRefused(t, { status: 400 }, () =>
        as(t, "carrier").post("/v1/bills-of-lading", {
          transportDocument: transportDocument("LONGID1"),
          issueTo: orgId,
        }),
      );
      expect(issueTo.errors!.map((e) => e.pointer)).to.deep.equal(["/issueTo"]);
    });
  });

  describe("suspend, reinstate, revoke", function () {
    it("when the operator suspends the carrier, then it cannot issue until reinstated", async () => {
      const suspended = await as(t, "operator").post(`/v1/organizations/${t.orgIds.carrier}/suspend`);
      expect(suspended.status).to.equal(200);
      expect(suspended.body.status).to.equal("suspended");
      expect(
        (await t.community.ctx.chain.provider.getTransactionReceipt(suspended.body.transactionHash))?.status,
      ).to.equal(1);
      // Issue 11: a suspended organization's keys read nothing, so the gateway refuses before the chain is asked.
      expectProblem(await as(t, "carrier").get("/v1/me"), 403, /is suspended: its API keys can read and do nothing/);
      const n = newBlNumber("SUSPCAR");
      const problem = await expectRefused(
        t,
        { status: 403, detail: /suspended/, documents: [transportDocument(n)] },
        () =>
          as(t, "carrier").post("/v1/bills-of-lading", {
            transportDocument: transportDocument(n),
            issueTo: t.orgIds.shipper,
          }),
      );
      expect(problem).not.to.have.property("contractError");
      await expectRefused(t, { status: 409, detail: /suspended, so it cannot become suspended/ }, () =>
        as(t, "operator").post(`/v1/organizations/${t.orgIds.carrier}/suspend`),
      );

      const reinstated = await as(t, "operator").post(`/v1/organizations/${t.orgIds.carrier}/reinstate`);
      expect(reinstated.body.status).to.equal("active");
      await issue(t, n);
    });

    it("when the operator revokes an organization, then it cannot be reinstated and can only give its B/Ls back out", async () => {
      const registered = await as(t, "operator").post("/v1/organizations", {
        orgId: "REVOKEDTRADER0001",
        name: "Soon Revoked Ltd.",
        roles: ["trader"],
      });
      const n = newBlNumber("REVOKED");
      const issued = await as(t, "carrier").post("/v1/bills-of-lading", {
        transportDocument: transportDocument(n),
        issueTo: "REVOKEDTRADER0001",
      });
      expect(issued.status).to.equal(201);
      const revoked = await as(t, "operator").post("/v1/organizations/REVOKEDTRADER0001/revoke");
      expect(revoked.body.status).to.equal("revoked");
      await expectRefused(t, { status: 409, detail: /revoked/ }, () =>
        as(t, "operator").post("/v1/organizations/REVOKEDTRADER0001/reinstate"),
      );
      for (const [action, body] of [
        ["blank-endorse", undefined],
        ["surrender", { kind: "delivery" }],
      ] as const) {
        await expectRefused(t, { status: 403, detail: /revoked/, bls: [n] }, () =>
          as(t, registered.body.apiKey).post(blPath(n, action), body),
        );
      }
      // Decision 0007: title a revoked organization holds is never stranded; it may hand it to a party it names.
      const out = await as(t, registered.body.apiKey).post(blPath(n, "endorse-and-deliver"), { to: t.orgIds.bank });
      expect(out.status, JSON.stringify(out.body)).to.equal(200);
      expect(out.body.holder.orgId).to.equal(t.orgIds.bank);
    });

    it("when the operator reinstates an active organization, then it is refused with 409", async () => {
      await expectRefused(t, { status: 409, detail: /active, so it cannot become active/ }, () =>
        as(t, "operator").post(`/v1/organizations/${t.orgIds.bank}/reinstate`),
      );
    });
  });

  describe("replace-key", function () {
    it("when the shipper replaces its own key, then its B/Ls stay with it and it can still act", async () => {
      const n = newBlNumber("REKEY");
      await issue(t, n);
      const oldWallet = await t.community.ctx.keystore.wallet(t.orgIds.shipper);
      const before = (await as(t, "shipper").get("/v1/me")).body;
      expect(before.signers).to.deep.equal([oldWallet.address]);

      const res = await as(t, "shipper").post(`/v1/organizations/${t.orgIds.shipper}/replace-key`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.signers).to.have.length(1);
      expect(res.body.signers[0]).not.to.equal(oldWallet.address);
      expect(res.body.titleAddress).to.equal(before.titleAddress);
      const newWallet = await t.community.ctx.keystore.wallet(t.orgIds.shipper);
      expect(newWallet.address).to.equal(res.body.signers[0]);

      const bl = await read(t, n, "shipper");
      expect(bl.holder.orgId).to.equal(t.orgIds.shipper);
      expect(bl.allowedActions).to.include("endorse-and-deliver");
      const held = await as(t, "shipper").get("/v1/bills-of-lading?filter=held&limit=200");
      expect(held.body.items.map((b: { blNumber: string }) => b.blNumber)).to.include(n);

      const block = await t.community.ctx.chain.blockNumber();
      const bank = t.community.ctx.index.organizationByOrgId(t.orgIds.bank)!.org;
      const error = await t.community.ctx.chain
        .submit(oldWallet, "BillOfLading", "endorseAndDeliver", [bl.tokenId, bank])
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect((error as ContractRevert).errorName).to.equal("PartyRegistryUnknownSigner");
      expect(await t.community.ctx.chain.blockNumber()).to.equal(block);

      const moved = await act(t, "shipper", n, "endorse-and-deliver", { to: t.orgIds.bank });
      expect(moved.holder.orgId).to.equal(t.orgIds.bank);
    });

    for (const who of ["operator", "bank"] as const) {
      it(`when the ${who} replaces the shipper's key, then it is refused with 403 and the key stays`, async () => {
        const before = (await as(t, "shipper").get("/v1/me")).body.signers;
        await expectRefused(t, { status: 403, detail: /Only the organization itself/ }, () =>
          as(t, who).post(`/v1/organizations/${t.orgIds.shipper}/replace-key`),
        );
        expect((await as(t, "shipper").get("/v1/me")).body.signers).to.deep.equal(before);
      });
    }

    it("when an unknown organization's key is replaced, then it is refused with 404", async () => {
      await expectRefused(t, { status: 404 }, () => as(t, "shipper").post("/v1/organizations/NOBODY/replace-key"));
    });
  });

  describe("signers: add and remove (the organization's own key management)", function () {
    const signersPath = () => `/v1/organizations/${t.orgIds.consignee}/signers`;
    const signersOf = async (who: string) => (await as(t, who).get("/v1/me")).body.signers as string[];

    it("when the consignee adds a signer and removes it again, then the register follows each step", async () => {
      const [own] = await signersOf("consignee");
      const second = Chain.wallet(Chain.randomKey()).address;
      const added = expectStatus(await as(t, "consignee").post(signersPath(), { signer: second }), 200);
      expect(added.signers).to.deep.equal([own, second]);
      expect(added.transactionHash).to.match(/^0x[0-9a-f]{64}$/);
      const removed = expectStatus(await as(t, "consignee").delete(`${signersPath()}/${second}`), 200);
      expect(removed.signers).to.deep.equal([own]);
    });

    for (const who of ["operator", "bank"] as const) {
      it(`when the ${who} adds a signer to the consignee, then it is refused with 403 and nothing changes`, async () => {
        const before = await signersOf("consignee");
        await expectRefused(
          t,
          { status: 403, detail: /Only the organization itself may add or remove its signers/ },
          () => as(t, who).post(signersPath(), { signer: Chain.wallet(Chain.randomKey()).address }),
        );
        expect(await signersOf("consignee")).to.deep.equal(before);
      });
    }

    it("when the consignee removes its last signer, then the contract refuses it (409) with the counts in words", async () => {
      const [own] = await signersOf("consignee");
      const problem = await expectRefused(t, { status: 409 }, () =>
        as(t, "consignee").delete(`${signersPath()}/${own}`),
      );
      expect(problem.detail).to.match(/would need 1 approving signers but would have 0: an organization keeps/);
      expect(await signersOf("consignee")).to.deep.equal([own]);
    });

    it("when the consignee adds another organization's signer or a bad address, then it is refused (409, 400)", async () => {
      const [banks] = await signersOf("bank");
      await expectRefused(t, { status: 409, detail: /already signs for an organization/ }, () =>
        as(t, "consignee").post(signersPath(), { signer: banks }),
      );
      const bad = await expectRefused(t, { status: 400 }, () =>
        as(t, "consignee").post(signersPath(), { signer: "0x1234" }),
      );
      expect(bad.errors?.map((e) => e.pointer)).to.deep.equal(["/signer"]);
    });
  });

  describe("recovery of an organization that lost its keys", function () {
    const heard: { type: string; data: Record<string, unknown> }[] = [];
    let stop: () => void;
    before(() => {
      stop = t.community.ctx.notifications.stream(t.orgIds.bank, (n) => heard.push(n));
    });
    after(() => stop());
    const recoveryPath = () => `/v1/organizations/${t.orgIds.bank}/recovery`;
    const chainSend = (method: string, params: unknown[]) =>
      (t.community.ctx.chain.provider as unknown as { send(m: string, p: unknown[]): Promise<unknown> }).send(
        method,
        params,
      );

    it("when someone other than the operator starts a recovery, then it is refused with 403", async () => {
      await expectRefused(t, { status: 403, detail: /operator/ }, () => as(t, "carrier").post(recoveryPath()));
    });

    it("when the operator starts a recovery, then the bank is told at once, it cannot complete early, and the bank cancels it", async () => {
      const started = await as(t, "operator").post(recoveryPath());
      expect(started.status, JSON.stringify(started.body)).to.equal(202);
      const { newSigner, effectiveAt } = started.body.recovery;
      expect(Date.parse(effectiveAt) - Date.now()).to.be.within(250_000, 330_000); // the demo's 300 s delay
      expect(heard.at(-1)).to.deep.include({ type: "organization.recoveryStarted" });
      expect(heard.at(-1)!.data).to.deep.equal({ newSigner, effectiveAt });

      await expectRefused(t, { status: 409, detail: /may take effect only from/ }, () =>
        as(t, "operator").post(`${recoveryPath()}/complete`),
      );
      await expectRefused(t, { status: 409, detail: /already pending/ }, () => as(t, "operator").post(recoveryPath()));

      const cancelled = await as(t, "bank").delete(recoveryPath());
      expect(cancelled.status, JSON.stringify(cancelled.body)).to.equal(200);
      expect(cancelled.body.recovery).to.equal(null);
      expect(heard.at(-1)).to.deep.include({ type: "organization.recoveryCancelled" });
      expect(t.community.ctx.keystore.has(`${t.orgIds.bank}.recovery`)).to.equal(false);
      await expectRefused(t, { status: 404, detail: /No recovery/ }, () => as(t, "bank").delete(recoveryPath()));
    });

    it("when the delay has passed, then the operator completes it and the new key alone signs for the bank", async () => {
      const oldKey = await t.community.ctx.keystore.wallet(t.orgIds.bank);
      const started = await as(t, "operator").post(recoveryPath());
      expect(started.status, JSON.stringify(started.body)).to.equal(202);
      const { newSigner } = started.body.recovery;
      await chainSend("evm_increaseTime", [301]);
      const completed = await as(t, "operator").post(`${recoveryPath()}/complete`);
      expect(completed.status, JSON.stringify(completed.body)).to.equal(200);
      expect(completed.body.signers).to.deep.equal([newSigner]);
      expect(completed.body.recovery).to.equal(null);
      expect((await t.community.ctx.keystore.wallet(t.orgIds.bank)).address).to.equal(newSigner);
      expect(heard.map((n) => n.type)).to.include("organization.recoveryCompleted");
      const error = await t.community.ctx.chain
        .submit(oldKey, "PartyRegistry", "cancelRecovery", [
          t.community.ctx.index.organizationByOrgId(t.orgIds.bank)!.org,
        ])
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect((error as ContractRevert).errorName).to.equal("PartyRegistryNotOrganizationSigner");
      // The recovered key acts for the bank.
      const again = await as(t, "operator").post(recoveryPath());
      expect((await as(t, "bank").delete(recoveryPath())).status).to.equal(200);
      expect(again.status).to.equal(202);
    });
  });

  it("when the operator's /v1/me is asked with a lower-case bearer scheme, then it still authenticates", async () => {
    const res = await as(t).get("/v1/me").set("Authorization", `bearer ${t.keys.operator}`);
    expect(res.status).to.equal(200);
    expectProblem(await as(t).get("/v1/me").set("Authorization", `Bearer ${t.keys.operator}x`), 401);
  });
});
