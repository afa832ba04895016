/**
 * The node, over its documented HTTP API only (the typed client in api/client/). Every write is signed here: it is
 * sent with `Prefer: sign=client` and `X-Signer`, the node answers 202 with the unsigned transaction, which is checked
 * (signer, chain, no value, contract) and signed with the local key, and the signed bytes go to `POST /v1/transactions`,
 * which answers the write's own response (or its next transaction to sign, in turn).
 */
import { getAddress, isAddress, type Wallet } from "ethers";
import { createGatewayClient, type GatewayClient, type operations, type paths } from "../client/index.ts";
import { CliError, EXIT, type Problem } from "./output.ts";

/** A node's answer: its status and body (for a failure, its problem). */
export interface Reply {
  status: number;
  body: unknown;
  location?: string;
}

/** What a write sent with `Prefer: sign=client` answers (202): the transaction to sign, as the API documents it. */
type Prepared = operations["sendSignedTransaction"]["responses"][202]["content"]["application/json"];

const isPrepared = (body: unknown): body is Prepared =>
  typeof body === "object" && body !== null && "transaction" in body && "unsignedHash" in body;

/** The options of a request, as openapi-fetch takes them. */
export interface RequestOptions {
  path?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

type Method = "get" | "post" | "delete";

export class Node {
  readonly url: string;
  private readonly client: GatewayClient;
  /** Contract addresses a signed transaction may call (PAPERLESS_CONTRACTS); empty: any the node prepares. */
  private readonly contracts: string[];
  private chainId?: string;

  constructor(url: string, apiKey: string | undefined, contracts: string[] = []) {
    this.url = url.replace(/\/+$/, "");
    this.client = createGatewayClient(this.url, apiKey);
    this.contracts = contracts.map((a) => a.toLowerCase());
  }

  /** Sends one request; a failure to connect ends the command with exit 3, a 5xx too. */
  async request(method: Method, path: keyof paths, options: RequestOptions = {}, headers = {}): Promise<Reply> {
    const init = { params: { path: options.path, query: options.query }, body: options.body, headers };
    let result: { data?: unknown; error?: unknown; response: Response };
    try {
      // One generic call for every route: the path's own types are checked where the commands name them.
      result = await this.client.request(method as never, path as never, init as never);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(
        EXIT.node,
        "Node unreachable",
        `The node at ${this.url} cannot be reached (${cause?.code ?? cause?.message ?? (error as Error).message}): ` +
          "check --node or PAPERLESS_NODE, and that the node runs.",
      );
    }
    const { response } = result;
    const reply: Reply = {
      status: response.status,
      body: result.data ?? result.error,
      location: response.headers.get("location") ?? undefined,
    };
    if (response.status >= 500) throw failure(EXIT.node, reply);
    return reply;
  }

  /** A read: its body, or the node's refusal (exit 1). */
  async read(path: keyof paths, options: RequestOptions = {}): Promise<unknown> {
    const reply = await this.request("get", path, options);
    if (reply.status >= 400) throw failure(EXIT.refused, reply);
    return reply.body;
  }

  /** The chain the node sends to, as its health reports it. */
  async nodeChainId(): Promise<string> {
    if (this.chainId) return this.chainId;
    const health = (await this.request("get", "/health")).body as { chain?: { chainId?: number } } | undefined;
    if (health?.chain?.chainId === undefined) {
      throw new CliError(EXIT.node, "Node failing", `The node at ${this.url} does not report its chain (GET /health).`);
    }
    this.chainId = String(health.chain.chainId);
    return this.chainId;
  }

  /** A write, signed here with `wallet`: the write's own response once its last transaction is sent. */
  async write(method: Method, path: keyof paths, options: RequestOptions, wallet: Wallet): Promise<Reply> {
    const chainId = await this.nodeChainId();
    let reply = await this.request(method, path, options, { Prefer: "sign=client", "X-Signer": wallet.address });
    while (reply.status === 202 && isPrepared(reply.body)) {
      this.check(reply.body, wallet.address, chainId);
      const signedTransaction = await wallet.signTransaction(reply.body.transaction);
      reply = await this.request("post", "/v1/transactions", { body: { signedTransaction } });
    }
    if (reply.status >= 400) throw failure(EXIT.refused, reply);
    return reply;
  }

  /** Signs only what was asked for: from this key, on the node's chain, no value, to one of the contracts. */
  private check(prepared: Prepared, signer: string, chainId: string): void {
    const { transaction: tx } = prepared;
    const refuse = (why: string) =>
      new CliError(EXIT.node, "Transaction not signed", `The node prepared ${why}: nothing was signed or sent.`);
    if (prepared.signer.toLowerCase() !== signer.toLowerCase()) {
      throw refuse(`a transaction for signer ${prepared.signer}, not this key (${signer})`);
    }
    if (tx.chainId !== chainId) throw refuse(`a transaction for chain ${tx.chainId}; the node's chain is ${chainId}`);
    if (tx.type !== 2 || tx.value !== "0") throw refuse("a transaction that is not a value-free EIP-1559 call");
    if (!isAddress(tx.to) || /^0x0{40}$/i.test(tx.to)) throw refuse(`a transaction to '${tx.to}', not a contract`);
    if (this.contracts.length && !this.contracts.includes(tx.to.toLowerCase())) {
      throw refuse(`a call to ${getAddress(tx.to)}, which is not in PAPERLESS_CONTRACTS`);
    }
  }
}

/** A failed reply as the command's failure: the node's problem, printed as it came. */
function failure(exitCode: number, reply: Reply): CliError {
  const body = reply.body;
  const problem: Problem =
    typeof body === "object" && body !== null
      ? (body as Problem)
      : { title: `HTTP ${reply.status}`, status: reply.status, detail: String(body ?? "") };
  return new CliError(exitCode, problem.title ?? `HTTP ${reply.status}`, problem.detail ?? "", {
    status: reply.status,
    ...problem,
  });
}
