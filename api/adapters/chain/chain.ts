/**
 * The chain adapter: the only gateway code that talks to the EVM chain. It submits transactions signed with an
 * organization's key after simulating them (so a refusal costs nothing and changes nothing), decodes the contracts'
 * custom errors, journals what it sent on the embedded chain, and reads decoded events for the index.
 */
import * as secp256k1 from "tiny-secp256k1";
import {
  AbiCoder,
  BrowserProvider,
  concat,
  Contract,
  dataSlice,
  getAddress,
  getBytes,
  JsonRpcProvider,
  keccak256,
  toQuantity,
  Transaction,
  Wallet,
  type Eip1193Provider,
  type Provider,
} from "ethers";
import { decodeEvent, errors, functionsByName, interfaces, plain } from "./abi.ts";
import { loadArtifact, type ContractName } from "./artifacts.ts";
import type { ChainEvent } from "./events.ts";
import type { Journal } from "./journal.ts";

export type { ChainEvent } from "./events.ts";

/** A call the contract refused, with its custom error decoded. */
export class ContractRevert extends Error {
  readonly errorName: string;
  readonly errorArgs: Record<string, unknown>;
  /** Each argument's ABI type by name (`uint32` is an organization's registry number), so no one guesses by name. */
  readonly errorTypes: Record<string, string>;
  constructor(errorName: string, errorArgs: Record<string, unknown>, errorTypes: Record<string, string> = {}) {
    super(`${errorName}(${Object.values(errorArgs).map(String).join(", ")})`);
    this.errorName = errorName;
    this.errorArgs = errorArgs;
    this.errorTypes = errorTypes;
  }
}

/** A mined transaction and the events its receipt holds, decoded as `events` decodes the log on every chain. */
export interface Submitted {
  transactionHash: string;
  blockNumber: number;
  timestamp: number;
  /** The transaction's own events, decoded from its receipt's logs. */
  events: ChainEvent[];
  /**
   * Whether the transaction is known to be alone in its block (the embedded chain mines one per block), so that its
   * events are the whole block's and the index may apply them without reading the log.
   */
  aloneInBlock: boolean;
}

/** A promise and the function that resolves it. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** How long the fee suggestion of a chain with gas fees is used before it is read again. */
const FEE_CACHE_MS = 1_000;

/** A log as JSON-RPC returns it (quantities in hex), with the fields the adapter reads. */
interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  logIndex: string;
  transactionHash: string;
  /** The block's time, where the node includes it (anvil, geth 1.16 and later). */
  blockTimestamp?: string;
}

/** A transaction receipt as JSON-RPC returns it, with the fields the adapter reads. */
interface RpcReceipt {
  status: string;
  blockNumber: string;
  contractAddress: string | null;
  logs: RpcLog[];
  blockTimestamp?: string;
}

/** What a caller of `submit` runs around the send. */
export interface SendHooks {
  /** After a successful simulation, before signing: a throw here sends nothing. */
  beforeSend?: () => Promise<void>;
  /** Once the node has accepted the signed transaction. */
  broadcast?: (hash: string) => void;
}

/** A transaction prepared for a client to sign itself: an unsigned EIP-1559 transaction, quantities as decimals. */
export interface UnsignedTransaction {
  type: 2;
  chainId: string;
  to: string;
  data: string;
  nonce: number;
  gasLimit: string;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  value: "0";
}

/** A signed transaction as a client sent it, parsed; `unsignedHash` names the transaction it signed. */
export interface SignedTransaction {
  raw: string;
  hash: string;
  unsignedHash: string;
  from: string;
  to: string | null;
  data: string;
  chainId: bigint;
  nonce: number;
  value: bigint;
}

export interface ChainAddresses {
  PartyRegistry: string;
  BillOfLading: string;
  ImportRelease: string;
  EquipmentInterchange: string;
}

export class Chain {
  readonly provider: Provider;
  readonly chainId: bigint;
  private addresses?: ChainAddresses;
  private byAddress?: Map<string, ContractName>;
  private readonly journal?: Journal;
  private readonly freeGas: boolean;
  /**
   * Whether the chain keeps a transaction sent ahead of its signer's nonce until the gap fills (anvil, Besu) rather
   * than refusing it: the embedded chain mines as it receives and refuses it.
   */
  readonly queuesAheadOfNonce: boolean;
  private readonly nonces = new Map<string, number>();
  /** Block timestamps already seen (the block of every transaction sent, the blocks of indexed events). */
  private readonly blockTimes = new Map<number, number>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Told of every transaction broadcast (fundings and deployments too), in the async context that sent it. */
  onBroadcast?: (hash: string) => void;
  private journaled: Promise<unknown> = Promise.resolve();
  /** Resolved (and renewed) whenever a receipt this adapter waited for is found: its other waits look again. */
  private anotherMined = signal();
  private feeCache?: { at: number; fees: Promise<{ maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint }> };

  /** How long to wait between two reads of a receipt that is not there yet. */
  private readonly pollMs: number;

  private constructor(
    provider: Provider,
    chainId: bigint,
    options: { journal?: Journal; freeGas: boolean; pollMs?: number },
  ) {
    this.provider = provider;
    this.chainId = chainId;
    this.journal = options.journal;
    this.freeGas = options.freeGas;
    this.queuesAheadOfNonce = options.journal === undefined;
    this.pollMs = options.pollMs ?? 500;
  }

  /** The embedded chain (an in-process Hardhat network with a zero base fee), journaled. */
  static async embedded(eip1193: Eip1193Provider, journal: Journal): Promise<Chain> {
    const provider = new BrowserProvider(eip1193, undefined, { cacheTimeout: -1, polling: false });
    const { chainId } = await provider.getNetwork();
    return new Chain(provider, chainId, { journal, freeGas: true });
  }

  /** Any EVM JSON-RPC chain, for example a Besu/QBFT network run by the port community. */
  static async remote(rpcUrl: string, pollMs = 500): Promise<Chain> {
    // Receipts are awaited by polling for new blocks: every 500 ms by default rather than ethers' 4 s, as QBFT
    // networks seal a block every one to a few seconds (CHAIN_POLL_MS). batchStallTime 0: ethers otherwise holds
    // every request 10 ms to batch it with others, and a write makes five or six requests one after the other, so
    // that wait was a good part of a write's time; requests made in the same turn of the event loop still go as one
    // batch.
    const provider = new JsonRpcProvider(rpcUrl, undefined, {
      cacheTimeout: -1,
      staticNetwork: true,
      pollingInterval: pollMs,
      batchStallTime: 0,
    });
    const { chainId } = await provider.getNetwork();
    const feeData = await provider.getFeeData();
    return new Chain(provider, chainId, { freeGas: (feeData.gasPrice ?? 0n) === 0n, pollMs });
  }

  use(addresses: ChainAddresses): void {
    this.addresses = addresses;
    this.byAddress = undefined;
  }

  address(contract: ContractName): string {
    if (!this.addresses) throw new Error("The chain adapter has no contract addresses yet.");
    return this.addresses[contract];
  }

  /** A signing key as the adapter takes it. */
  static wallet(privateKey: string): Wallet {
    return new Wallet(privateKey);
  }

  static randomKey(): string {
    return Wallet.createRandom().privateKey;
  }

  /** The keyless title address that stands for an organization as an ERC-721 owner (see TitleAddress.sol). */
  titleAddress(org: number): string {
    const hash = keccak256(
      AbiCoder.defaultAbiCoder().encode(["address", "uint32"], [this.address("PartyRegistry"), org]),
    );
    return "0x" + hash.slice(-40);
  }

  /** Reads a view function. */
  async read(contract: ContractName, method: string, args: unknown[] = []): Promise<unknown> {
    const c = new Contract(this.address(contract), interfaces[contract], this.provider);
    try {
      return await c.getFunction(method).staticCall(...args);
    } catch (error) {
      throw decodeRevert(error) ?? error;
    }
  }

  /**
   * Simulates, signs, sends and waits for a transaction; throws ContractRevert (nothing sent) if it would fail.
   * `hooks.beforeSend` runs after a successful simulation and before sending: where documents are stored, so that a
   * refused request leaves nothing behind; `hooks.broadcast` once the node has taken the transaction.
   */
  async submit(
    signer: Wallet,
    contract: ContractName,
    method: string,
    args: unknown[],
    hooks: SendHooks = {},
  ): Promise<Submitted> {
    const data = interfaces[contract].encodeFunctionData(functionsByName.get(`${contract}:${method}`) ?? method, args);
    const { hash, receipt, timestamp } = await this.send(signer, { to: this.address(contract), data }, hooks).catch(
      (error: unknown) => {
        // Name the contract whose state changed under the transaction, so the refusal names the right document.
        if (error instanceof ContractRevert && error.errorName === "TransactionFailed") {
          throw new ContractRevert("TransactionFailed", { contract, ...error.errorArgs });
        }
        throw error;
      },
    );
    return {
      transactionHash: hash,
      blockNumber: Number(receipt.blockNumber),
      timestamp,
      events: this.decodeLogs(receipt.logs, timestamp),
      aloneInBlock: this.journal !== undefined,
    };
  }

  /**
   * Simulates `contract.method(args)` as `from` (a key the node does not hold) and returns the transaction for it to
   * sign, with its next nonce (`nonceFor` the chain's `pending` count: by default that count) and `unsignedHash`,
   * the hash it signs; throws ContractRevert if it would fail. Nothing is sent.
   */
  async prepare(
    from: string,
    contract: ContractName,
    method: string,
    args: unknown[],
    nonceFor: (pending: number) => number = (pending) => pending,
  ): Promise<{ transaction: UnsignedTransaction; unsignedHash: string }> {
    const data = interfaces[contract].encodeFunctionData(functionsByName.get(`${contract}:${method}`) ?? method, args);
    const to = this.address(contract);
    // The three reads side by side (one batch): the count and the fees are wasted only when the simulation refuses.
    const [gasLimit, pending, fees] = await Promise.all([
      this.provider.estimateGas({ to, data, from }).catch((error: unknown) => {
        throw decodeRevert(error) ?? error;
      }),
      this.provider.getTransactionCount(from, "pending"),
      this.fees(),
    ]);
    const nonce = nonceFor(pending);
    const transaction: UnsignedTransaction = {
      type: 2,
      chainId: this.chainId.toString(),
      to,
      data,
      nonce,
      gasLimit: ((gasLimit * 12n) / 10n + 10_000n).toString(),
      maxFeePerGas: (fees.maxFeePerGas ?? 0n).toString(),
      maxPriorityFeePerGas: (fees.maxPriorityFeePerGas ?? 0n).toString(),
      value: "0",
    };
    return { transaction, unsignedHash: Transaction.from({ ...transaction, value: 0n }).unsignedHash };
  }

  /**
   * A signed transaction's bytes parsed, its signer recovered; undefined if they are not a signed transaction. The
   * signer is recovered with libsecp256k1 (tiny-secp256k1, WebAssembly), as the chain's clients recover it: ethers'
   * pure-JavaScript recovery took some 4 ms of CPU, the largest part of a client-signed send (decision 0014).
   */
  static parseSigned(raw: string): SignedTransaction | undefined {
    let tx: Transaction;
    try {
      tx = Transaction.from(raw);
    } catch {
      return undefined;
    }
    const signature = tx.signature;
    if (!signature || !tx.hash) return undefined;
    const unsignedHash = tx.unsignedHash;
    let publicKey: Uint8Array | null;
    try {
      publicKey = secp256k1.recover(
        getBytes(unsignedHash),
        getBytes(concat([signature.r, signature.s])),
        signature.yParity,
        false,
      );
    } catch {
      return undefined;
    }
    if (!publicKey) return undefined;
    return {
      raw,
      hash: tx.hash,
      unsignedHash,
      // The address is the last 20 bytes of keccak256 over the uncompressed key without its 0x04 prefix.
      from: getAddress(dataSlice(keccak256(publicKey.subarray(1)), 12)),
      to: tx.to,
      data: tx.data,
      chainId: tx.chainId,
      nonce: tx.nonce,
      value: tx.value,
    };
  }

  /** Which of the project's contracts `address` is, if any. */
  contractAt(address: string): ContractName | undefined {
    return this.contractsByAddress().get(address.toLowerCase());
  }

  /**
   * Broadcasts a transaction a client signed, as `submit` sends one the node signed: simulated again as its signer
   * first (state may have changed since it was prepared), `hooks.beforeSend` after the simulation, broadcast in turn
   * with the node's own (so the journal keeps chain order), awaited, journaled. The node's nonces are untouched: the
   * signer is not one of its keys.
   */
  async sendRaw(signed: SignedTransaction, contract: ContractName, hooks: SendHooks = {}): Promise<Submitted> {
    try {
      await this.provider.estimateGas({ to: signed.to!, data: signed.data, from: signed.from });
    } catch (error) {
      throw decodeRevert(error) ?? error;
    }
    await hooks.beforeSend?.();
    const sent = this.queue.then(async () => {
      let hash: string;
      try {
        hash = await this.rpc<string>("eth_sendRawTransaction", [signed.raw]);
      } catch (error) {
        throw decodeRevert(error) ?? error;
      }
      hooks.broadcast?.(hash);
      this.onBroadcast?.(hash);
      const mined = this.mined(hash);
      return { hash, mined, durable: this.journal ? this.journalInOrder(signed.raw, mined) : Promise.resolve() };
    });
    this.queue = sent.catch(() => undefined);
    const { hash, mined, durable } = await sent;
    const [{ receipt, timestamp }] = await Promise.all([mined, durable]);
    if (Number(receipt.status) !== 1) {
      throw new ContractRevert("TransactionFailed", { contract, transactionHash: hash });
    }
    return {
      transactionHash: hash,
      blockNumber: Number(receipt.blockNumber),
      timestamp,
      events: this.decodeLogs(receipt.logs, timestamp),
      aloneInBlock: this.journal !== undefined,
    };
  }

  /**
   * Gives a new signing key the ether it needs to pay for gas, from `funder`. Nothing on a free-gas chain (the
   * embedded one, or a Besu/QBFT network with min-gas-price 0).
   */
  async fund(funder: Wallet, address: string, amountWei: bigint): Promise<void> {
    if (this.freeGas || amountWei === 0n) return;
    await this.send(funder, { to: address, data: "0x", value: amountWei } as never);
  }

  /** Deploys a contract; returns its address. */
  async deploy(signer: Wallet, contract: ContractName, args: unknown[]): Promise<string> {
    const { bytecode } = loadArtifact(contract);
    const data = bytecode + interfaces[contract].encodeDeploy(args).slice(2);
    const { receipt } = await this.send(signer, { data });
    return receipt.contractAddress!;
  }

  /** Simulates, then signs and broadcasts in turn; resolves once mined (and journaled), throws if it failed. */
  private async send(
    signer: Wallet,
    tx: { to?: string; data: string; value?: bigint },
    hooks: SendHooks = {},
  ): Promise<{ hash: string; receipt: RpcReceipt; timestamp: number }> {
    let gasLimit: bigint;
    try {
      gasLimit = await this.provider.estimateGas({ ...tx, from: signer.address });
    } catch (error) {
      throw decodeRevert(error) ?? error;
    }
    await hooks.beforeSend?.();
    // One signature and broadcast at a time, so that nonces stay consecutive; waiting for the receipt is not part
    // of it, so the next transaction is on its way while this one is mined.
    const sent = this.queue.then(async () => {
      const { raw, hash } = await this.broadcast(signer, tx, (gasLimit * 12n) / 10n + 10_000n);
      hooks.broadcast?.(hash);
      this.onBroadcast?.(hash);
      const mined = this.mined(hash);
      return { hash, mined, durable: this.journal ? this.journalInOrder(raw, mined) : Promise.resolve() };
    });
    this.queue = sent.catch(() => undefined);
    const { hash, mined, durable } = await sent;
    const [{ receipt, timestamp }] = await Promise.all([mined, durable]);
    if (Number(receipt.status) !== 1) {
      // Simulation passed but the transaction failed (another one changed the state in between).
      throw new ContractRevert("TransactionFailed", { transactionHash: hash });
    }
    return { hash, receipt, timestamp };
  }

  /** Signs with the signer's next nonce and broadcasts; the nonce is read again from the chain after a refusal. */
  private async broadcast(signer: Wallet, tx: { to?: string; data: string; value?: bigint }, gasLimit: bigint) {
    const nonce =
      this.nonces.get(signer.address) ?? (await this.provider.getTransactionCount(signer.address, "pending"));
    const fees = await this.fees();
    const raw = await signer.signTransaction({ ...tx, type: 2, chainId: this.chainId, nonce, gasLimit, ...fees });
    this.nonces.set(signer.address, nonce + 1);
    try {
      const hash = await this.rpc<string>("eth_sendRawTransaction", [raw]);
      return { raw, hash };
    } catch (error) {
      this.nonces.delete(signer.address);
      throw decodeRevert(error) ?? error;
    }
  }

  /**
   * EIP-1559 fees: none on a free-gas chain, else the node's suggestion, read at most once per `FEE_CACHE_MS` (three
   * requests, and the nonce queue waited for them before every signature). ethers' suggestion is twice the base fee
   * plus the tip, which holds through several blocks of the base fee's steepest rise (12.5 % a block).
   */
  private fees(): Promise<{ maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint }> {
    if (this.freeGas) return Promise.resolve({ maxFeePerGas: 0n, maxPriorityFeePerGas: 0n });
    const now = Date.now();
    if (!this.feeCache || now - this.feeCache.at > FEE_CACHE_MS) {
      const fees = this.provider.getFeeData().then((f) => ({
        maxFeePerGas: f.maxFeePerGas ?? undefined,
        maxPriorityFeePerGas: f.maxPriorityFeePerGas ?? undefined,
      }));
      const entry = { at: now, fees };
      this.feeCache = entry;
      // A failed read is not kept: the next write asks again.
      fees.catch(() => this.feeCache === entry && (this.feeCache = undefined));
    }
    return this.feeCache.fees;
  }

  /**
   * The transaction's receipt and block time, read as plain JSON-RPC (ethers' receipt formatting is a good part of
   * a request's CPU). The embedded chain has the receipt at once, as it mines as it receives; on a chain that mines
   * in blocks, or holds a transaction behind a lower nonce, the adapter reads it again, more and more slowly up to
   * every `pollMs`, and at once whenever another of its transactions is found mined: a new block may hold this one
   * too, and a transaction held behind a lower nonce is mined with it. (Not ethers' waitForTransaction: it looks
   * only at blocks after it started listening, and so waited for yet another block when the transaction was mined in
   * between.)
   */
  private async mined(hash: string) {
    let receipt = await this.rpc<RpcReceipt | null>("eth_getTransactionReceipt", [hash]);
    for (let wait = Math.min(2, this.pollMs); !receipt; wait = Math.min(wait * 2, this.pollMs)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, wait))), this.anotherMined.promise]);
      clearTimeout(timer);
      receipt = await this.rpc<RpcReceipt | null>("eth_getTransactionReceipt", [hash]);
    }
    const found = this.anotherMined;
    this.anotherMined = signal();
    found.resolve();
    return { receipt, timestamp: await this.blockTime(Number(receipt.blockNumber), receipt.blockTimestamp) };
  }

  /**
   * Journals a transaction once its block's time is known, after every transaction broadcast before it: on the
   * embedded chain, which mines one block per transaction, broadcast order is chain order, the order replay needs.
   */
  private journalInOrder(raw: string, mined: Promise<{ timestamp: number }>): Promise<void> {
    const entry = this.journaled.then(() => mined).then(({ timestamp }) => this.journal!.append({ raw, timestamp }));
    this.journaled = entry.catch(() => undefined);
    return entry;
  }

  async blockNumber(): Promise<number> {
    return this.provider.getBlockNumber();
  }

  /** The decoded events of the contracts in blocks `from`..`to`, in chain order. */
  async events(from: number, to: number): Promise<ChainEvent[]> {
    const logs = await this.rpc<RpcLog[]>("eth_getLogs", [
      { address: [...this.contractsByAddress().keys()], fromBlock: toQuantity(from), toBlock: toQuantity(to) },
    ]);
    const out: ChainEvent[] = [];
    for (const log of logs) {
      out.push(...this.decodeLogs([log], await this.blockTime(Number(log.blockNumber), log.blockTimestamp)));
    }
    return out;
  }

  /** Our contracts by lower-case address (empty until `use` gave the addresses, as while deploying). */
  private contractsByAddress(): Map<string, ContractName> {
    if (!this.addresses) return new Map();
    this.byAddress ??= new Map(
      (Object.keys(this.addresses) as ContractName[]).map((name) => [this.address(name).toLowerCase(), name]),
    );
    return this.byAddress;
  }

  /** Our contracts' events among `logs` (all from blocks with this timestamp), decoded. */
  private decodeLogs(logs: readonly RpcLog[], timestamp: number): ChainEvent[] {
    const byAddress = this.contractsByAddress();
    const out: ChainEvent[] = [];
    for (const log of logs) {
      const contract = byAddress.get(log.address.toLowerCase());
      if (!contract) continue;
      const event = decodeEvent(contract, log.topics, log.data);
      if (!event) continue;
      out.push({
        contract,
        name: event.name,
        args: event.args,
        blockNumber: Number(log.blockNumber),
        logIndex: Number(log.logIndex),
        transactionHash: log.transactionHash,
        timestamp,
      });
    }
    return out;
  }

  /**
   * A block's timestamp, read once: from the receipt or log when the node gives it (`blockTimestamp`: anvil, geth
   * 1.16 and later), else from the block.
   */
  private async blockTime(blockNumber: number, given?: string): Promise<number> {
    let time = this.blockTimes.get(blockNumber) ?? (given !== undefined ? Number(given) : undefined);
    if (time === undefined) {
      const block = await this.rpc<{ timestamp: string }>("eth_getBlockByNumber", [toQuantity(blockNumber), false]);
      time = Number(block.timestamp);
      if (this.blockTimes.size > 10_000) this.blockTimes.clear();
      this.blockTimes.set(blockNumber, time);
    }
    return time;
  }

  /** A JSON-RPC call as the node answers it, without ethers' formatting. */
  private rpc<T>(method: string, params: unknown[]): Promise<T> {
    return (this.provider as JsonRpcProvider).send(method, params) as Promise<T>;
  }

  /** A B/L's token id, as `BillOfLading.tokenIdOf` computes it: keccak256(abi.encode(carrier, blNumber)). */
  static tokenIdOf(carrier: number, blNumber: string): string {
    return keccak256(AbiCoder.defaultAbiCoder().encode(["uint32", "bytes32"], [carrier, blNumber]));
  }

  /**
   * The seal digest, as `SealDigest` computes it on chain: the high 128 bits of keccak256 over the seals (`bytes16`
   * hex) sorted ascending, each a left-aligned 32-byte word; zero for none.
   */
  static sealsDigestOf(seals: string[]): string {
    if (seals.length === 0) return "0x" + "0".repeat(32);
    const words = seals.map((s) => s.toLowerCase().slice(2).padEnd(64, "0")).sort();
    return keccak256("0x" + words.join("")).slice(0, 34);
  }

  /** Closes after the last broadcast and, on the embedded chain, once every transaction broadcast is journaled. */
  async close(): Promise<void> {
    await this.queue;
    await this.journaled;
    this.provider.destroy?.();
  }
}

/** A contract custom error in a failed call or estimate, decoded; undefined if the error is something else. */
export function decodeRevert(error: unknown): ContractRevert | undefined {
  const data = revertData(error);
  if (!data || data === "0x") return undefined;
  try {
    const parsed = errors.parseError(data);
    if (!parsed) return undefined;
    const args: Record<string, unknown> = {};
    const types: Record<string, string> = {};
    parsed.fragment.inputs.forEach((input, i) => {
      const name = input.name || `arg${i}`;
      args[name] = plain(parsed.args[i], input.type);
      types[name] = input.type;
    });
    return new ContractRevert(parsed.name, args, types);
  } catch {
    return undefined;
  }
}

function revertData(error: unknown): string | undefined {
  let e = error as Record<string, unknown> | undefined;
  for (let depth = 0; e && depth < 6; depth++) {
    if (typeof e.data === "string" && e.data.startsWith("0x")) return e.data;
    if (e.data && typeof (e.data as Record<string, unknown>).data === "string") {
      return (e.data as Record<string, string>).data;
    }
    e = (e.error ?? e.info ?? e.cause) as Record<string, unknown> | undefined;
    if (e && (e as Record<string, unknown>).error) e = (e as Record<string, unknown>).error as Record<string, unknown>;
  }
  return undefined;
}
