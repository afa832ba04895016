/**
 * Opens everything the gateway needs — chain, documents, keystore, API keys, index — and serves the app. Used by
 * `api/server.ts` (a configured chain) and `scripts/start.ts` (the embedded chain).
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { createApp } from "./app.ts";
import type { Chain, ChainAddresses } from "./adapters/chain/chain.ts";
import { openDocumentStore } from "./adapters/ipfs/index.ts";
import { Keystore } from "./adapters/keystore.ts";
import { privateFile, privateFolder, SecretBox, writePrivateFile } from "./adapters/secrets.ts";
import { ApiKeys } from "./auth/apiKeys.ts";
import type { GatewayConfig } from "./config.ts";
import { OPERATOR, type GatewayContext } from "./context.ts";
import { ChainIndex } from "./chainIndex/chainIndex.ts";
import { DocumentReplication, everyDocument, type Concerned } from "./chainIndex/documentReplication.ts";
import { Outbox } from "./notifications/outbox.ts";
import { NotificationService } from "./notifications/service.ts";
import { WebhookAddressPolicy } from "./adapters/webhook.ts";
import { GatePhotos } from "./equipment/gatePhotos.ts";
import { prepareTransportDocumentValidator } from "./billsOfLading/transportDocument.ts";
import { cjkFont } from "./billsOfLading/pdfFonts.ts";
import { Transactions } from "./transactions.ts";
import { Problem, rawProblemResponse } from "./problem.ts";
import { NodeOrganizations } from "./nodeOrganizations.ts";

export interface RunningGateway {
  ctx: GatewayContext;
  server?: Server;
  url?: string;
  close(): Promise<void>;
}

/**
 * The keystore password: from the configuration, or for the embedded demo a generated one in
 * `DATA_DIR/secrets/keystore-password` (0600 in a 0700 folder), apart from the keys it opens. Older data folders kept
 * it in `keystore/.password`; it is moved out of the keystore folder the first time they are opened.
 */
export function keystorePassword(config: GatewayConfig): string {
  if (config.keystorePassword) return config.keystorePassword;
  privateFolder(config.dataDir);
  const file = path.join(privateFolder(path.join(config.dataDir, "secrets")), "keystore-password");
  const legacy = path.join(config.dataDir, "keystore", ".password");
  if (existsSync(legacy)) {
    const old = readFileSync(legacy, "utf8");
    if (existsSync(file) && readFileSync(file, "utf8") !== old) {
      throw new Error(`${legacy} and ${file} hold different keystore passwords: keep the one that opens the keystore.`);
    }
    writePrivateFile(file, old);
    rmSync(legacy);
  }
  if (!existsSync(file)) writePrivateFile(file, randomBytes(24).toString("base64url"));
  privateFile(file);
  return readFileSync(file, "utf8");
}

/** Builds the context on an open chain whose contracts are at `addresses`, and catches the index up. */
export async function openGateway(
  config: GatewayConfig,
  chain: Chain,
  addresses: ChainAddresses,
): Promise<GatewayContext> {
  chain.use(addresses);
  // The DCSA schema is compiled now rather than by the first request that issues, amends or verifies a document.
  prepareTransportDocumentValidator();
  const index = new ChainIndex(chain, (org) => chain.titleAddress(org));
  const { releases, equipment } = index;
  // The data folder holds keys, their password, API key hashes and webhook secrets: its owner's only.
  privateFolder(config.dataDir);
  const password = keystorePassword(config);
  const outbox = new Outbox(
    path.join(config.dataDir, "notifications", "outbox.jsonl"),
    SecretBox.fromPassword(password, "webhook-secrets"),
  );
  // Private addresses receive webhooks only where WEBHOOK_PRIVATE_NETWORKS says so, the embedded demo included.
  const webhookPolicy = new WebhookAddressPolicy(config.webhookPrivateNetworks ?? "deny");
  const documents = await openDocumentStore(config);
  const nodeOrganizations = new NodeOrganizations(config.organizations, config.hostedOrganizations);
  // With peers, what this node's organizations are party to is fetched and pinned as the chain records it (every
  // document when the node serves every organization).
  if (documents.fetchAndPin)
    index.afterProjections(
      new DocumentReplication(documents.fetchAndPin.bind(documents), concerning(index, nodeOrganizations)),
    );
  // Subscribed before the catch-up, so that it hears every event and skips those it had already derived.
  const notifications = new NotificationService(index, outbox, webhookPolicy, {
    releases,
    equipment,
    serves: (orgId) => nodeOrganizations.serves(orgId),
    onStop: () => outbox.close(),
  });
  await index.catchUp();
  index.follow(config.chainPollMs);
  notifications.start();
  const keystore = new Keystore(path.join(config.dataDir, "keystore"), password);
  return {
    transactions: new Transactions({ chain, keystore, index }),
    notifications,
    releases,
    equipment,
    photos: new GatePhotos(config.dataDir),
    chain,
    index,
    documents,
    keystore,
    apiKeys: new ApiKeys(path.join(config.dataDir, "api-keys.json")),
    nodeOrganizations,
    maxUploadBytes: config.maxUploadBytes,
    publicUrl: config.publicUrl ?? `http://${config.host}:${config.port}`,
    pdfFont: cjkFont(config.pdfCjkFont),
    signerFundingWei: config.signerFundingWei ?? 10n ** 18n,
  };
}

/** Whether a B/L's event concerns one of the node's organizations: its carrier, holder, endorsee or consignee. */
function concerning(index: ChainIndex, organizations: NodeOrganizations): Concerned {
  if (!organizations.orgIds) return everyDocument;
  return (event) => {
    const bl = index.billOfLading(event.args.tokenId as string);
    if (!bl) return false;
    return [bl.carrier, bl.holder, bl.endorsee, bl.consignee].some((org) => {
      const organization = org ? index.organization(org) : undefined;
      return organization !== undefined && organizations.serves(organization.orgId);
    });
  };
}

/** How long a stopping node lets the requests still open finish before it cuts them. */
export const CLOSE_GRACE_MS = 5_000;

/** Listens on `config.host:config.port` and returns a handle that shuts everything down cleanly. */
export async function serve(
  config: GatewayConfig,
  ctx: GatewayContext,
  onClose?: () => Promise<void>,
): Promise<RunningGateway> {
  const server = await listen(createApp(ctx), config.port, config.host);
  const address = server.address();
  const url = typeof address === "object" && address ? `http://${config.host}:${address.port}` : undefined;
  return {
    ctx,
    server,
    url,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Requests still open get a moment to finish, then are cut: an event stream never ends by itself, and a
      // client-signed write holds its request until its signature comes, so the node would never stop.
      const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(cut);
      ctx.index.stop();
      await ctx.notifications.stop();
      await ctx.documents.close();
      await ctx.chain.close();
      await onClose?.();
    },
  };
}

/** The most bytes of request line and headers the server reads (Node's default, stated): more is a 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * An HTTP server for `app` on `port`/`host` whose refusals from Node's own parser (headers too large, a malformed
 * request) leave as problem+json too: Express never sees those requests.
 */
export async function listen(app: RequestListener, port: number, host: string): Promise<Server> {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
  server.on("clientError", answerClientError);
  return new Promise<Server>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** What the server answers when Node's parser refuses a request, as a problem; nothing when the socket is gone. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (
    error.code === "ECONNRESET" ||
    !socket.writable ||
    (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent
  ) {
    socket.destroy();
    return;
  }
  const problem =
    error.code === "HPE_HEADER_OVERFLOW"
      ? new Problem(
          431,
          "Request header fields too large",
          `The request's headers are larger than the gateway reads (${MAX_HEADER_BYTES} bytes): send fewer or shorter headers.`,
        )
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? new Problem(408, "Request timeout", "The request did not arrive in time: send it again.")
        : new Problem(400, "Bad request", "The request is not well-formed HTTP/1.1.");
  socket.end(rawProblemResponse(problem));
}

/** On first start against a configured chain: the operator's key into the keystore and its API key, shown once. */
export async function ensureOperator(
  ctx: GatewayContext,
  operatorPrivateKey: string | undefined,
): Promise<string | undefined> {
  if (!operatorPrivateKey || ctx.keystore.has(OPERATOR)) return undefined;
  await ctx.keystore.create(OPERATOR, operatorPrivateKey);
  return ctx.apiKeys.issue(OPERATOR);
}

/** What a node made at start for one of the organizations it signs for: shown once. */
export interface NodeOrganizationStart {
  orgId: string;
  /** Its signing key's address: the one this node signs with, to be registered by the operator as its `signer`. */
  signer: string;
  /** Made now: the key is new (give the address to the operator), or it was already in the keystore. */
  newSigner: boolean;
  /** Its first API key, issued now and never shown again; absent when it already had one. */
  apiKey?: string;
}

/** What a node made at start for an organization it hosts (HOSTED_ORGANIZATIONS): no key, it signs its own. */
export interface HostedOrganizationStart {
  orgId: string;
  hosted: true;
  /** Its first API key, issued now and never shown again; absent when it already had one. */
  apiKey?: string;
}

/**
 * At start, for each organization the node signs for (NODE_ORGANIZATIONS): a signing key if the keystore has none
 * (the key never leaves this node; the operator registers its address as the organization's `signer`), and a first
 * API key if it has none (it works once the chain has the organization). For each organization it hosts
 * (HOSTED_ORGANIZATIONS), a first API key only: it signs with its own key, on its own machine. Nothing when the node
 * serves every organization: registration makes their keys then.
 */
export async function ensureNodeOrganizations(
  ctx: GatewayContext,
): Promise<(NodeOrganizationStart | HostedOrganizationStart)[]> {
  const out: (NodeOrganizationStart | HostedOrganizationStart)[] = [];
  const firstApiKey = (orgId: string) => {
    const apiKey = ctx.apiKeys.keysOf(orgId).length === 0 ? ctx.apiKeys.issue(orgId) : undefined;
    return apiKey ? { apiKey } : {};
  };
  for (const orgId of ctx.nodeOrganizations.orgIds ?? []) {
    const newSigner = !ctx.keystore.has(orgId);
    const signer = newSigner ? await ctx.keystore.create(orgId) : (await ctx.keystore.wallet(orgId)).address;
    out.push({ orgId, signer, newSigner, ...firstApiKey(orgId) });
  }
  for (const orgId of ctx.nodeOrganizations.hosted) out.push({ orgId, hosted: true, ...firstApiKey(orgId) });
  return out;
}
